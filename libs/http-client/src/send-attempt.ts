import { readBody } from './response-body';

export type AttemptOutcome =
  | { kind: 'response'; response: Response; body: unknown; bodyTruncated: boolean }
  | { kind: 'failure'; reason: string; cause: unknown; endedAtDeadline: boolean };

export interface AttemptLimit {
  timeoutMs: number;
  /** The timeout was cut to the time left before the deadline, so a timeout ends the call. */
  endsAtDeadline: boolean;
  /** Reads no more of the response body than this. */
  maxBodyBytes: number | undefined;
}

/**
 * Sends one attempt of `template` (never consumed, so every attempt gets a fresh copy of the
 * body) and reads the response, up to `limit.maxBodyBytes` of its body, within `limit.timeoutMs`. Never rejects: a network error
 * or timeout is an outcome the retry loop decides on.
 */
export async function sendAttempt(template: Request, limit: AttemptLimit): Promise<AttemptOutcome> {
  const signal = AbortSignal.timeout(limit.timeoutMs);
  try {
    const response = await fetch(template.clone(), { signal });
    const { body, truncated } = await readBody(response, limit.maxBodyBytes);
    return { kind: 'response', response, body, bodyTruncated: truncated };
  } catch (error) {
    if (signal.aborted) {
      const reason = `timed out after ${limit.timeoutMs} ms${limit.endsAtDeadline ? ', at the deadline' : ''}`;
      return { kind: 'failure', reason, cause: error, endedAtDeadline: limit.endsAtDeadline };
    }
    return { kind: 'failure', reason: describeNetworkError(error), cause: error, endedAtDeadline: false };
  }
}

// undici rejects with a bare `TypeError: fetch failed`; what happened (ECONNREFUSED,
// "other side closed") is in its cause. Read by shape, not `instanceof Error`: undici's errors
// belong to Node's realm, which is not the caller's under a VM sandbox such as Jest's.
function describeNetworkError(error: unknown): string {
  const message = messageOf(error) ?? String(error);
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? messageOf(error.cause) : undefined;
  return cause === undefined ? message : `${message} (${cause})`;
}

function messageOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('message' in value)) return undefined;
  return typeof value.message === 'string' ? value.message : undefined;
}
