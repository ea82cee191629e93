export interface VirtualTime {
  /** Every wait the client asked for, in order. */
  waits: number[];
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * A clock whose `sleep` returns at once but moves `now` forward by the wait, so tests see the
 * waits and the deadline they consume without spending them. Between waits the clock follows
 * real time (from `start`, default the real time), which keeps it consistent with the real
 * per-attempt timeouts.
 */
export function virtualTime(start = Date.now()): VirtualTime {
  const offset = start - Date.now();
  const waits: number[] = [];
  let slept = 0;
  return {
    waits,
    now: () => Date.now() + offset + slept,
    sleep: (ms) => {
      waits.push(ms);
      slept += ms;
      return Promise.resolve();
    },
  };
}
