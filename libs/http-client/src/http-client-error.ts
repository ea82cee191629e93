/**
 * What an `HttpClientError` reports; its message is built from these.
 *
 * @example
 * const details: HttpClientErrorDetails = {
 *   service: 'callback-service',
 *   method: 'POST',
 *   url: 'http://127.0.0.1:3001/api/callback',
 *   attempt: 3,
 *   maxAttempts: 3,
 *   reason: 'timed out after 2000 ms',
 * };
 */
export interface HttpClientErrorDetails {
  /** Name of the called service, e.g. `callback-service`. */
  service: string;
  method: string;
  url: string;
  /** Number of the attempt that failed; 0 when none started. */
  attempt: number;
  /** Attempts the request was allowed; omitted when the failure is not about retries. */
  maxAttempts?: number;
  /** What went wrong, e.g. `timed out after 2000 ms` or `answered 404`. */
  reason: string;
  /** Status the called service answered, when it answered. */
  status?: number;
  cause?: unknown;
}

/**
 * A call to another service that did not succeed: no response arrived (network error, timeout,
 * deadline), or, through `expectOk`, the response was not 2xx. The message names the service,
 * method, URL and attempt; `cause` keeps the underlying error.
 *
 * `status` is the called service's status, not one to answer with: an upstream 404 is our 502.
 *
 * @example
 * try {
 *   await client.request({ method: 'GET', url });
 * } catch (error) {
 *   if (error instanceof HttpClientError) logger.error(error.message, { attempt: error.attempt });
 *   throw error;
 * }
 */
export class HttpClientError extends Error {
  readonly service: string;
  readonly method: string;
  readonly url: string;
  readonly attempt: number;
  readonly maxAttempts: number | undefined;
  readonly status: number | undefined;

  constructor(details: HttpClientErrorDetails) {
    super(
      `${details.service} ${details.method} ${details.url} failed ${attemptLabel(details)}: ${details.reason}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.name = 'HttpClientError';
    this.service = details.service;
    this.method = details.method;
    this.url = details.url;
    this.attempt = details.attempt;
    this.maxAttempts = details.maxAttempts;
    this.status = details.status;
  }
}

function attemptLabel({ attempt, maxAttempts }: HttpClientErrorDetails): string {
  if (attempt === 0) return 'before its first attempt';
  return maxAttempts === undefined ? `on attempt ${attempt}` : `on attempt ${attempt}/${maxAttempts}`;
}
