import { randomUUID } from 'node:crypto';
import { ExecutionEnvironment } from './execution-environment';
import { FunctionError } from './function-error';
import type { InvokeResult } from './invoke-result';
import type { LambdaFunction } from './lambda-function';
import type { RuntimeLauncher } from './runtime';

/** Lambda's limit on a function's init phase. */
const INIT_TIMEOUT_SECONDS = 10;

/**
 * A function and how to run its execution environments.
 *
 * @example
 * const options: FunctionPoolOptions = { ...fn, maxConcurrency: 4, launch: containerRuntime({ image: 'callback-service:local-38fbfe363dd1' }) };
 */
export interface FunctionPoolOptions extends LambdaFunction {
  launch: RuntimeLauncher;
  /** How many environments may run at once; invocations beyond that wait for one to be free. */
  maxConcurrency: number;
  /** The init phase's limit; Lambda's 10 seconds by default. */
  initTimeoutSeconds?: number;
}

/**
 * The execution environments of one function, and the two ways to call it.
 *
 * @example
 * const { handler } = createFunctionPool(options); // behind createLocalGateway as `fn.handler`
 */
export interface FunctionPool {
  readonly fn: LambdaFunction;
  /** Lambda's Invoke: the event's bytes in, the result (or the function error) out. */
  invoke(payload: Buffer | string, requestId?: string): Promise<InvokeResult>;
  /** The `handler(event, context)` shape: the result parsed from JSON, a function error thrown as `FunctionError`. */
  handler(event: unknown, context: { awsRequestId: string }): Promise<unknown>;
  /**
   * Starts one environment and waits for its init, as provisioned concurrency initialises an
   * environment before any invocation; it then waits, warm, for the first one. A failed init
   * rejects with the `FunctionError` an invocation would have met.
   * https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
   */
  provision(): Promise<void>;
  /** Stops every environment; invocations still waiting fail with `PoolClosedError`. */
  close(): Promise<void>;
}

/**
 * An invocation was waiting for an environment when its pool was closed.
 *
 * @example
 * await pool.invoke(payload).catch((error: unknown) => {
 *   if (!(error instanceof PoolClosedError)) throw error;
 * });
 */
export class PoolClosedError extends Error {
  constructor(functionName: string) {
    super(`the environments of ${functionName} were stopped`);
    this.name = 'PoolClosedError';
  }
}

interface Waiter {
  resolve(environment: ExecutionEnvironment): void;
  reject(error: Error): void;
}

/**
 * Runs a function as Lambda scales it: an invocation takes a warm idle environment when there is
 * one, starts a new one only when every environment is busy and fewer than `maxConcurrency` run,
 * and otherwise waits for one to be free. Environments stay warm until they are reset (init
 * failure, timeout, exit) or the pool closes.
 *
 * @example
 * const pool = createFunctionPool({ name: 'callback-service', timeoutSeconds: 10, memoryMB: 512, region: 'us-east-1',
 *   environment: {}, maxConcurrency: 2, launch: containerRuntime({ image: 'callback-service:local-38fbfe363dd1' }) });
 * const result = await pool.invoke(JSON.stringify(event));
 */
export function createFunctionPool(options: FunctionPoolOptions): FunctionPool {
  const { launch, maxConcurrency, initTimeoutSeconds = INIT_TIMEOUT_SECONDS, ...fn } = options;
  const environments = new Set<ExecutionEnvironment>();
  const idle: ExecutionEnvironment[] = [];
  const waiters: Waiter[] = [];
  let closed = false;

  // Environments running or starting; a reset one keeps its slot until it is gone, so no more
  // than maxConcurrency ever run.
  let slots = 0;

  const open = async (): Promise<ExecutionEnvironment> => {
    slots += 1;
    try {
      const environment = await ExecutionEnvironment.start(fn, launch, initTimeoutSeconds);
      if (closed) {
        await environment.stop();
        throw new PoolClosedError(fn.name);
      }
      environments.add(environment);
      return environment;
    } catch (error) {
      slots -= 1;
      throw error;
    }
  };

  const retire = (environment: ExecutionEnvironment): void => {
    void environment.stop().then(() => {
      environments.delete(environment);
      slots -= 1;
      const waiter = waiters.shift();
      if (waiter) open().then(waiter.resolve, waiter.reject);
    });
  };

  const acquire = async (): Promise<ExecutionEnvironment> => {
    if (closed) throw new PoolClosedError(fn.name);
    for (let warm = idle.pop(); warm; warm = idle.pop()) {
      if (warm.usable) return warm;
      retire(warm);
    }
    if (slots < maxConcurrency) return open();
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  };

  const release = (environment: ExecutionEnvironment): void => {
    if (!environment.usable || closed) return retire(environment);
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(environment);
    else idle.push(environment);
  };

  const invoke = async (payload: Buffer | string, requestId: string = randomUUID()): Promise<InvokeResult> => {
    const environment = await acquire();
    try {
      return await environment.invoke(requestId, Buffer.from(payload));
    } finally {
      release(environment);
    }
  };

  const provision = async (): Promise<void> => {
    const environment = await acquire();
    const failure = await environment.initialized(randomUUID());
    release(environment);
    if (failure) throw new FunctionError(JSON.parse(failure.payload.toString('utf8')));
  };

  return {
    fn,
    invoke,
    provision,
    handler: async (event, context) => {
      const result = await invoke(JSON.stringify(event), context.awsRequestId);
      const payload: unknown = result.payload.length === 0 ? null : JSON.parse(result.payload.toString('utf8'));
      if (result.functionError) throw new FunctionError(payload);
      return payload;
    },
    close: async () => {
      closed = true;
      for (const waiter of waiters.splice(0)) waiter.reject(new PoolClosedError(fn.name));
      idle.length = 0;
      await Promise.all([...environments].map((environment) => environment.stop()));
      environments.clear();
    },
  };
}
