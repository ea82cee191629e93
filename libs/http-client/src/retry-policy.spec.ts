import { backoffDelay, isRetryableStatus, isSafeToRetry, retryAfterDelay } from './retry-policy';

describe('isSafeToRetry', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])('retries an idempotent %s', (method) => {
    expect(isSafeToRetry(method, new Headers())).toBe(true);
  });

  it.each(['POST', 'PATCH'])('does not retry a bare %s', (method) => {
    expect(isSafeToRetry(method, new Headers())).toBe(false);
  });

  it.each(['Idempotency-Key', 'webhook-id'])('retries a POST carrying %s', (header) => {
    expect(isSafeToRetry('POST', new Headers({ [header]: 'k1' }))).toBe(true);
  });
});

describe('isRetryableStatus', () => {
  it.each([429, 500, 501, 502, 503, 504, 599])('retries %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([200, 204, 301, 400, 401, 403, 404, 409, 422])('takes %i as the answer', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 2000 };

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [5, 1600],
    [6, 2000],
    [12, 2000],
  ])('waits between zero and below the ceiling before attempt %i + 1 (ceiling %i ms)', (attempt, ceiling) => {
    expect(backoffDelay(attempt, { ...policy, random: () => 0 })).toBe(0);
    expect(backoffDelay(attempt, { ...policy, random: () => 0.9999 })).toBe(ceiling - 1);
  });
});

describe('retryAfterDelay', () => {
  const now = Date.parse('2025-11-25T10:00:00Z');

  it('reads delay-seconds', () => {
    expect(retryAfterDelay(429, new Headers({ 'retry-after': '7' }), now)).toBe(7000);
  });

  it('reads an HTTP date as the time left until it', () => {
    const headers = new Headers({ 'retry-after': 'Tue, 25 Nov 2025 10:00:30 GMT' });

    expect(retryAfterDelay(503, headers, now)).toBe(30_000);
  });

  it('does not wait for a date in the past', () => {
    const headers = new Headers({ 'retry-after': 'Tue, 25 Nov 2025 09:59:00 GMT' });

    expect(retryAfterDelay(503, headers, now)).toBe(0);
  });

  it.each(['soon', '-5', '1.5', ''])('ignores the unreadable value %j', (value) => {
    expect(retryAfterDelay(429, new Headers({ 'retry-after': value }), now)).toBeUndefined();
  });

  it('ignores Retry-After on statuses other than 429 and 503', () => {
    expect(retryAfterDelay(500, new Headers({ 'retry-after': '7' }), now)).toBeUndefined();
  });
});
