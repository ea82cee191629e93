/** How long a client should wait before it retries, in seconds: the SDK's own backoff starts at 100 ms. */
const RETRY_AFTER_SECONDS = 1;

/**
 * The storage engine could not be reached or asked us to slow down, so the request failed but the
 * same request may succeed a moment later. It carries a 503 `status` and `retryAfterSeconds`, the
 * convention the http lib maps to a 503 problem with `Retry-After`; `expose: false` keeps its
 * message, which names the engine's address, out of the response.
 *
 * @example
 * throw new StorageUnavailableError({ cause: error });
 */
export class StorageUnavailableError extends Error {
  readonly status = 503;
  readonly expose = false;
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
  constructor(options?: ErrorOptions) {
    super('the storage engine is unavailable', options);
    this.name = 'StorageUnavailableError';
  }
}

// The errors the AWS SDK itself retries as throttling or transient, from its service error
// classification (@smithy/core, retry/service-error-classification/constants.js): after the SDK's
// own attempts, a client retrying later is the one thing that can still help.
const THROTTLING_ERROR_NAMES = new Set([
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
// 500 is left out on purpose: an engine's internal error is a fault to log, not an outage to wait out.
const UNAVAILABLE_STATUS_CODES = new Set([502, 503, 504]);
const NETWORK_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether an error from an AWS SDK call means the engine was unreachable, too slow or throttling:
 * a refused or reset connection, a timeout, a throttling error or a 502/503/504.
 *
 * @example
 * isStorageUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); // true
 */
export function isStorageUnavailable(error: unknown): boolean {
  // Checked by shape, not `instanceof Error`: Node's own errors may come from another realm (a vm context).
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $metadata } = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } };
  if (typeof name === 'string' && (THROTTLING_ERROR_NAMES.has(name) || TRANSIENT_ERROR_NAMES.has(name))) return true;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' && UNAVAILABLE_STATUS_CODES.has(status);
}

/**
 * The error a store should throw for what an SDK call threw: a `StorageUnavailableError` when
 * retrying may help, the error itself otherwise (a failed condition stays what it is).
 *
 * @example
 * try { return await next(args); } catch (error) { throw toStorageError(error); }
 */
export function toStorageError(error: unknown): unknown {
  return isStorageUnavailable(error) ? new StorageUnavailableError({ cause: error }) : error;
}
