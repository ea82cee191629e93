const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The waits after each failed attempt: the first attempt goes at once (inside the request), then
 * after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, about a day in all, as Standard Webhooks
 * senders (Svix) retry. A delivery gets one attempt more than there are waits.
 */
export const RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** ±10 %: subscribers that come back after an outage are not hit by every sender's retries in the same second. */
const JITTER = 0.1;

/** A `Retry-After` longer than the longest wait of the schedule is not followed: a subscriber cannot park a delivery beyond it. */
const LONGEST_WAIT_MS = Math.max(...RETRY_DELAYS_MS);

/**
 * When the next attempt is due after `attemptsMade` failed attempts of the current round, or
 * `undefined` when the schedule is exhausted. The wait is the schedule's, jittered, or the
 * subscriber's `Retry-After` when that asks for longer.
 */
export function nextAttemptAt(attemptsMade: number, failedAt: Date, options: { random: () => number; retryAfterMs?: number }): Date | undefined {
  const wait = RETRY_DELAYS_MS[attemptsMade - 1];
  if (wait === undefined) return undefined;
  const jittered = Math.round(wait * (1 - JITTER + 2 * JITTER * options.random()));
  const asked = Math.min(options.retryAfterMs ?? 0, LONGEST_WAIT_MS);
  return new Date(failedAt.getTime() + Math.max(jittered, asked));
}

/**
 * The wait a `Retry-After` header asks for (RFC 9110 §10.2.3): delay-seconds or an HTTP date; an
 * unreadable value asks for nothing.
 */
export function retryAfterMs(value: string | null, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * SECOND;
  // HTTP dates start with the day's name; Date.parse would read `-5` as a year.
  if (!/^[A-Za-z]/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}
