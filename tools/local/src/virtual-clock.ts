import type { ScheduleClock } from './local-schedules';

/**
 * Virtual time for the stack's schedules in tests: timers fire only when the test moves the clock,
 * in the order they are due, each after what the previous one set going has run as far as it can
 * without waiting on real time.
 *
 * @example
 * const clock = virtualClock(Date.parse('2026-01-01T00:00:00Z'));
 * await clock.advance(60_000);
 */
export function virtualClock(start: number): ScheduleClock & { advance(ms: number): Promise<void> } {
  let now = start;
  let order = 0;
  const timers = new Map<number, { at: number; fire: () => void }>();
  return {
    now: () => now,
    after: (ms, fire) => {
      order += 1;
      const id = order;
      timers.set(id, { at: now + ms, fire });
      return () => timers.delete(id);
    },
    advance: async (ms) => {
      const end = now + ms;
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= end).sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fire();
      }
      now = end;
    },
  };
}
