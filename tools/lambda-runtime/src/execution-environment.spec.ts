import { join } from 'node:path';
import { createFunctionPool, type FunctionPool } from './function-pool';
import type { RuntimeLauncher } from './runtime';
import { workerRuntime } from './worker-runtime';

/** A promise that counts who waits on it: each `then` on a pending promise stays with it until it settles. */
class WatchedPromise<T> extends Promise<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  waiters = 0;

  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.waiters += 1;
    return super.then(onFulfilled, onRejected);
  }
}

describe('an execution environment', () => {
  let pool: FunctionPool;
  afterEach(() => pool.close());

  // A warm environment's runtime may run for hours: anything each invocation left waiting on its
  // end would stay in memory as long as the environment does.
  it('waits on its runtime ending once, however many invocations it runs', async () => {
    const ends: WatchedPromise<string>[] = [];
    const launch = workerRuntime({ module: join(__dirname, 'fixtures', 'handlers.mjs'), exportName: 'echo', onCrash: () => undefined });
    const watched: RuntimeLauncher = (environment) => {
      const runtime = launch(environment);
      const exited = new WatchedPromise<string>((resolve) => void runtime.exited.then(resolve));
      ends.push(exited);
      return { ...runtime, exited };
    };
    pool = createFunctionPool({ name: 'fixture', timeoutSeconds: 3, memoryMB: 128, region: 'eu-west-1', environment: {}, maxConcurrency: 1, launch: watched });
    await pool.invoke('{}');
    const afterFirst = ends.map((end) => end.waiters);

    for (let invocation = 0; invocation < 10; invocation += 1) await pool.invoke('{}');

    expect(ends.map((end) => end.waiters)).toEqual(afterFirst);
  });
});
