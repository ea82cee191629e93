import type { FunctionPool } from '@sm/lambda-runtime';

/**
 * The pool a function's invocations go to, which a newer pool can replace while the function is
 * served. Each invocation stays with the pool it started on: a replaced pool keeps running until its
 * last invocation has answered, and is closed only then, so a reload drops no request in flight.
 */
export interface ReloadablePool {
  /** Invokes the current pool, as `FunctionPool.handler`. */
  handler: FunctionPool['handler'];
  /** Sends the invocations that start from now on to `next`; resolves once the pool it replaced is closed. */
  replace(next: FunctionPool): Promise<void>;
  /** Closes the current pool and any replaced one still draining, whatever they are running, as the stack stops. */
  close(): Promise<void>;
}

interface TrackedPool {
  pool: FunctionPool;
  running: number;
  idle?: () => void;
}

/**
 * @example
 * const reloadable = reloadablePool(await provisionedPool());
 * const fn = { ...gatewayFunction(first), handler: reloadable.handler };
 * await reloadable.replace(await provisionedPool());
 */
export function reloadablePool(first: FunctionPool): ReloadablePool {
  let current: TrackedPool = { pool: first, running: 0 };
  const draining = new Set<TrackedPool>();

  return {
    handler: async (event, context) => {
      const tracked = current;
      tracked.running += 1;
      try {
        return await tracked.pool.handler(event, context);
      } finally {
        tracked.running -= 1;
        if (tracked.running === 0) tracked.idle?.();
      }
    },
    replace: async (next) => {
      const replaced = current;
      current = { pool: next, running: 0 };
      draining.add(replaced);
      if (replaced.running > 0) await new Promise<void>((resolve) => (replaced.idle = resolve));
      draining.delete(replaced);
      await replaced.pool.close();
    },
    close: async () => {
      await Promise.all([current, ...draining].map((tracked) => tracked.pool.close()));
    },
  };
}
