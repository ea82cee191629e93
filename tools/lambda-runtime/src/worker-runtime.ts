import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describeExit, type RuntimeLauncher } from './runtime';

/**
 * Which module a worker runtime loads and which of its exports is the handler.
 *
 * @example
 * const options: WorkerRuntimeOptions = { module: '/repo/apps/callback-service/src/main.ts', exportName: 'handler', tsconfig: '/repo/tsconfig.base.json' };
 */
export interface WorkerRuntimeOptions {
  /** Absolute path of the handler module; `.ts` is loaded through tsx, as `npm start` runs the apps' sources. */
  module: string;
  exportName: string;
  /** The tsconfig whose `paths` resolve the module's imports (`@sm/*`). */
  tsconfig?: string;
  /** Receives what a worker throws and does not catch; the worker has ended by then. */
  onCrash?: (error: Error) => void;
  /** Receives the function's stdout and stderr (its logs); this process's own streams when absent. */
  output?: (chunk: string) => void;
}

/**
 * Runs each execution environment as a worker thread of this process: its own `process.env` (the
 * environment Lambda gives the runtime, and nothing of this process's), its own module instances
 * and a heap capped at the function's memory (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`), as Lambda caps it.
 * An uncaught exception, an unhandled rejection or `process.exit` ends only that worker, and
 * `stop` terminates it whatever its code is doing, as Lambda stops a runtime it resets after a crash
 * or a timeout, so that the next invocation runs a fresh init
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-invoke-with-errors).
 * Its console output goes to `output`, or to this process's stdout and stderr.
 *
 * @example
 * const pool = createFunctionPool({ name: 'callback-service', timeoutSeconds: 10, memoryMB: 512, region: 'us-east-1', environment: {},
 *   maxConcurrency: 4, launch: workerRuntime({ module: '/repo/apps/callback-service/src/main.ts', exportName: 'handler' }) });
 */
export function workerRuntime(options: WorkerRuntimeOptions): RuntimeLauncher {
  const bootstrap = join(__dirname, 'worker-bootstrap.mjs');
  return (environment) => {
    const memoryMB = Number(environment.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
    const worker = new Worker(bootstrap, {
      env: environment,
      workerData: { module: options.module, exportName: options.exportName, tsconfig: options.tsconfig },
      resourceLimits: Number.isFinite(memoryMB) ? { maxOldGenerationSizeMb: memoryMB } : {},
      stdout: options.output !== undefined,
      stderr: options.output !== undefined,
    });
    const { output } = options;
    if (output) {
      worker.stdout.on('data', (chunk: Buffer) => output(chunk.toString()));
      worker.stderr.on('data', (chunk: Buffer) => output(chunk.toString()));
    }
    worker.on('error', (error) => options.onCrash?.(error));
    const exited = new Promise<string>((resolve) => worker.once('exit', (code) => resolve(describeExit(code, null))));
    return {
      exited,
      stop: async () => {
        await worker.terminate();
        await exited;
      },
    };
  };
}
