// Which calls may be repeated and how long to wait in between. Pure functions: the client
// supplies the clock and the random source.

const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * A request may be sent again when its method is idempotent (RFC 9110 §9.2.2) or when the
 * receiver can recognise a repeat: an `idempotency-key`, or the `webhook-id` that Standard
 * Webhooks receivers deduplicate on.
 */
export function isSafeToRetry(method: string, headers: Headers): boolean {
  return idempotentMethods.has(method) || headers.has('idempotency-key') || headers.has('webhook-id');
}

/** 429 and every 5xx are worth another attempt; any other status is the answer. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a uniform wait in [0, min(maxDelay, base * 2^(attempt - 1))), so that clients that failed
 * together do not retry together.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * ceiling);
}

/**
 * The wait a 429 or 503 asks for in `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an
 * HTTP-date. Undefined when there is none or it does not parse.
 */
export function retryAfterDelay(status: number, headers: Headers, now: number): number | undefined {
  if (status !== 429 && status !== 503) return undefined;
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Every HTTP-date form starts with the day name; without that check Date.parse would read
  // values such as "-5" or "1.5" as dates.
  if (!/^[a-z]{3}/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
