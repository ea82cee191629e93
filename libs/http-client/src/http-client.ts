import { setTimeout as wait } from 'node:timers/promises';
import { HttpClientError } from './http-client-error';
import { backoffDelay, isRetryableStatus, isSafeToRetry, retryAfterDelay } from './retry-policy';
import { sendAttempt, type AttemptOutcome } from './send-attempt';

/**
 * Where the client reports each retry, one line per retry. A Powertools `Logger` fits.
 *
 * @example
 * const logger: RetryLogger = { warn: (message, extra) => console.warn(message, extra) };
 */
export interface RetryLogger {
  warn(message: string, extra: Record<string, unknown>): void;
}

/**
 * How a client calls one service.
 *
 * @example
 * const options: HttpClientOptions = { service: 'callback-service', timeoutMs: 1000, maxAttempts: 4 };
 */
export interface HttpClientOptions {
  /** Name of the called service, used in errors and logs, e.g. `callback-service`. */
  service: string;
  /** Limit for one attempt, response body included. Default 2000. */
  timeoutMs?: number;
  /** Limit for the whole call, attempts and waits included. Default 10000. */
  deadlineMs?: number;
  /** Attempts for a request that is safe to retry; others get one. Default 3. */
  maxAttempts?: number;
  /** Backoff before the second attempt, doubling after each. Default 100. */
  baseDelayMs?: number;
  /** Ceiling of the backoff. Default 2000. */
  maxDelayMs?: number;
  /** Source of the full jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Waits between attempts. Default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock, in epoch ms, for the deadline and `Retry-After` dates. Default `Date.now`. */
  now?: () => number;
  logger?: RetryLogger;
}

/**
 * One call. Headers are merged case-insensitively with the ones derived from the fields below.
 *
 * @example
 * const request: HttpRequest = {
 *   method: 'POST',
 *   url: 'http://127.0.0.1:3001/api/callback',
 *   headers: { 'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' },
 *   body: { text: 'hello' },
 *   correlationId: 'c0ffee',
 * };
 */
export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /**
   * A string is sent byte for byte (what a webhook signature covers); any other value is sent
   * as JSON, with `content-type: application/json` unless a content-type is given.
   */
  body?: string | object;
  /** Sent as `x-correlation-id`. */
  correlationId?: string;
  /** Sent as `idempotency-key`; makes a POST or PATCH safe to retry. */
  idempotencyKey?: string;
  /** Absolute deadline in epoch ms, replacing the client's `deadlineMs` for this call. */
  deadline?: number;
  /**
   * `manual`: a 3xx is the response, its `Location` not followed (what a webhook sender must do).
   * Default `follow`.
   */
  redirect?: 'follow' | 'manual';
  /** Reads at most this many bytes of a response body, then aborts the response (`bodyTruncated`). */
  maxBodyBytes?: number;
}

/**
 * What the service answered on the last attempt, whatever the status.
 *
 * @example
 * const response: HttpResponse = await client.request({ method: 'GET', url });
 * if (response.status === 404) return undefined;
 */
export interface HttpResponse {
  service: string;
  method: string;
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  headers: Headers;
  /** Parsed JSON for a JSON media type (text when it does not parse or was truncated), otherwise text. */
  body: unknown;
  /** The body is the first `maxBodyBytes` of a longer one. */
  bodyTruncated: boolean;
  attempts: number;
  durationMs: number;
}

/**
 * Calls one service with timeouts, a deadline and safe retries.
 *
 * @example
 * const response = await client.request({ method: 'GET', url: `${baseUrl}/api/apps` });
 */
export interface HttpClient {
  /**
   * Resolves with the last response once one arrived, whatever its status; rejects with an
   * `HttpClientError` when no response arrived at all.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
}

type Settings = Required<Omit<HttpClientOptions, 'logger'>> & Pick<HttpClientOptions, 'logger'>;

interface Call {
  service: string;
  method: string;
  url: string;
  maxAttempts: number;
  correlationId: string | undefined;
  startedAt: number;
  deadline: number;
}

/**
 * Creates a client for calls to one service. Each attempt has a timeout, the whole call a
 * deadline that no attempt or wait outlives. Requests that are safe to repeat are retried on
 * network errors, timeouts, 429 and 5xx, with full-jitter backoff and `Retry-After` honoured.
 * Connections are kept alive by Node's global fetch.
 *
 * @example
 * const client = createHttpClient({ service: 'callback-service', logger });
 * const response = await client.request({
 *   method: 'POST',
 *   url: 'http://127.0.0.1:3001/api/callback',
 *   headers: { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature },
 *   body: payload,
 * });
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const settings: Settings = {
    service: options.service,
    timeoutMs: options.timeoutMs ?? 2000,
    deadlineMs: options.deadlineMs ?? 10_000,
    maxAttempts: options.maxAttempts ?? 3,
    baseDelayMs: options.baseDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 2000,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms) => wait(ms)),
    now: options.now ?? Date.now,
    logger: options.logger,
  };
  return { request: (request) => send(settings, request) };
}

async function send(settings: Settings, request: HttpRequest): Promise<HttpResponse> {
  const startedAt = settings.now();
  const method = request.method.toUpperCase();
  // Built once, before any attempt, so that a malformed URL, header or body throws at once
  // instead of being retried as if it were a network error.
  const template = new Request(request.url, {
    method,
    headers: buildHeaders(request),
    body: encodeBody(request),
    redirect: request.redirect ?? 'follow',
  });
  const call: Call = {
    service: settings.service,
    method,
    url: request.url,
    maxAttempts: isSafeToRetry(method, template.headers) ? settings.maxAttempts : 1,
    correlationId: request.correlationId,
    startedAt,
    deadline: request.deadline ?? startedAt + settings.deadlineMs,
  };

  let attempt = 0;
  let outcome: AttemptOutcome | undefined;
  // No attempt starts once the deadline has passed, even when a wait overslept.
  while (call.deadline - settings.now() > 0) {
    attempt += 1;
    const remainingMs = call.deadline - settings.now();
    outcome = await sendAttempt(template, {
      timeoutMs: Math.min(settings.timeoutMs, remainingMs),
      endsAtDeadline: remainingMs <= settings.timeoutMs,
      maxBodyBytes: request.maxBodyBytes,
    });
    const delayMs = delayBeforeRetry(settings, call, attempt, outcome);
    if (delayMs === undefined || settings.now() + delayMs >= call.deadline) break;
    logRetry(settings, call, attempt, outcome, delayMs);
    await settings.sleep(delayMs);
  }
  return settle(settings, call, attempt, outcome);
}

function buildHeaders(request: HttpRequest): Headers {
  const headers = new Headers(request.headers);
  if (request.correlationId !== undefined) headers.set('x-correlation-id', request.correlationId);
  if (request.idempotencyKey !== undefined) headers.set('idempotency-key', request.idempotencyKey);
  if (request.body !== undefined && typeof request.body !== 'string' && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  return headers;
}

function encodeBody(request: HttpRequest): string | undefined {
  if (request.body === undefined || typeof request.body === 'string') return request.body;
  return JSON.stringify(request.body);
}

/** The wait before the next attempt, or undefined when this outcome is final. */
function delayBeforeRetry(
  settings: Settings,
  call: Call,
  attempt: number,
  outcome: AttemptOutcome,
): number | undefined {
  if (attempt >= call.maxAttempts) return undefined;
  const backoffMs = backoffDelay(attempt, settings);
  if (outcome.kind === 'failure') return outcome.endedAtDeadline ? undefined : backoffMs;
  const { status, headers } = outcome.response;
  if (!isRetryableStatus(status)) return undefined;
  return Math.max(backoffMs, retryAfterDelay(status, headers, settings.now()) ?? 0);
}

function settle(
  settings: Settings,
  call: Call,
  attempt: number,
  outcome: AttemptOutcome | undefined,
): HttpResponse {
  const error = {
    service: call.service,
    method: call.method,
    url: call.url,
    attempt,
    maxAttempts: call.maxAttempts,
  };
  if (outcome === undefined) {
    throw new HttpClientError({ ...error, reason: `the deadline had passed ${settings.now() - call.deadline} ms earlier` });
  }
  if (outcome.kind === 'failure') throw new HttpClientError({ ...error, reason: outcome.reason, cause: outcome.cause });
  return {
    service: call.service,
    method: call.method,
    url: outcome.response.url || call.url,
    status: outcome.response.status,
    headers: outcome.response.headers,
    body: outcome.body,
    bodyTruncated: outcome.bodyTruncated,
    attempts: attempt,
    durationMs: settings.now() - call.startedAt,
  };
}

function logRetry(settings: Settings, call: Call, attempt: number, outcome: AttemptOutcome, delayMs: number): void {
  const what = outcome.kind === 'response' ? `answered ${outcome.response.status}` : outcome.reason;
  settings.logger?.warn(
    `${call.service} ${call.method} ${call.url} attempt ${attempt}/${call.maxAttempts} ${what}; retrying in ${delayMs} ms`,
    {
      service: call.service,
      method: call.method,
      url: call.url,
      attempt,
      maxAttempts: call.maxAttempts,
      status: outcome.kind === 'response' ? outcome.response.status : undefined,
      delayMs,
      correlationId: call.correlationId,
    },
  );
}
