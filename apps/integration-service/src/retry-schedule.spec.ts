import { MAX_DELIVERY_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS, retryAfterMs } from './retry-schedule';

const failedAt = new Date('2026-12-02T10:00:00.000Z');
const HOUR = 3_600_000;

describe('nextAttemptAt', () => {
  it('waits the schedule’s step after each failed attempt and gives up after the eighth', () => {
    const waits = Array.from({ length: MAX_DELIVERY_ATTEMPTS }, (_, index) => nextAttemptAt(index + 1, failedAt, { random: () => 0.5 }));

    expect(waits.map((due) => (due === undefined ? undefined : due.getTime() - failedAt.getTime()))).toEqual([...RETRY_DELAYS_MS, undefined]);
  });

  it('jitters each wait by up to 10 % either way', () => {
    const earliest = nextAttemptAt(1, failedAt, { random: () => 0 });
    const latest = nextAttemptAt(4, failedAt, { random: () => 0.999_999 });

    expect(earliest?.toISOString()).toBe('2026-12-02T10:00:04.500Z');
    expect((latest?.getTime() ?? 0) - failedAt.getTime()).toBeCloseTo(2.2 * HOUR, -2);
  });

  it('waits as long as Retry-After asks when that is longer, and the schedule’s wait when it is shorter', () => {
    expect(nextAttemptAt(1, failedAt, { random: () => 0.5, retryAfterMs: 120_000 })?.toISOString()).toBe('2026-12-02T10:02:00.000Z');
    expect(nextAttemptAt(2, failedAt, { random: () => 0.5, retryAfterMs: 1_000 })?.toISOString()).toBe('2026-12-02T10:05:00.000Z');
  });

  it('follows a Retry-After no further than the schedule’s longest wait, 10 h', () => {
    expect(nextAttemptAt(1, failedAt, { random: () => 0.5, retryAfterMs: 7 * 24 * HOUR })?.toISOString()).toBe('2026-12-02T20:00:00.000Z');
  });

  it('does not let Retry-After extend the schedule beyond its last attempt', () => {
    expect(nextAttemptAt(MAX_DELIVERY_ATTEMPTS, failedAt, { random: () => 0.5, retryAfterMs: 60_000 })).toBeUndefined();
  });
});

describe('retryAfterMs', () => {
  it.each([
    ['delay-seconds', '120', 120_000],
    ['an HTTP date', 'Wed, 02 Dec 2026 10:01:30 GMT', 90_000],
    ['an HTTP date already past', 'Wed, 02 Dec 2026 09:00:00 GMT', 0],
    ['a negative number', '-5', undefined],
    ['words', 'soon', undefined],
    ['nothing', '', undefined],
  ])('reads %s', (_case, value, expected) => {
    expect(retryAfterMs(value, failedAt)).toBe(expected);
  });

  it('reads no header as no wait', () => {
    expect(retryAfterMs(null, failedAt)).toBeUndefined();
  });
});
