/** A clock whose time moves only when every task waits on it. */
export interface FakeClock {
  /** Virtual milliseconds since the epoch. */
  now: () => number;
  /** Resolves once virtual time reaches now + ms; never waits in real time. */
  sleep: (ms: number) => Promise<void>;
  /** Every sleep asked for, in order, in milliseconds. */
  sleeps: number[];
}

/**
 * Virtual time for tests: a sleep's timer fires only after every promise chain that can run has
 * run (a setImmediate turn), then time jumps to the earliest timer. Two deploys sharing the clock
 * thus interleave as they would in real time, with no real waiting.
 *
 * @example
 * const clock = fakeClock();
 * await deployApp(request, { ...deps, sleep: clock.sleep });
 */
export function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')): FakeClock {
  let now = start;
  let ticking = false;
  const timers: Array<{ at: number; order: number; fire: () => void }> = [];
  let order = 0;
  const tick = (): void => {
    timers.sort((a, b) => a.at - b.at || a.order - b.order);
    const next = timers.shift();
    if (next !== undefined) {
      now = Math.max(now, next.at);
      next.fire();
    }
    ticking = timers.length > 0;
    if (ticking) setImmediate(tick);
  };
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: (ms) =>
      new Promise<void>((fire) => {
        sleeps.push(ms);
        order += 1;
        timers.push({ at: now + ms, order, fire });
        if (!ticking) {
          ticking = true;
          setImmediate(tick);
        }
      }),
  };
}
