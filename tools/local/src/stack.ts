import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readAppDeploy, type AppDeploy, type AppRoute, type AppSchedule } from '@sm/app-deploy';
import { createFunctionPool, gatewayFunction, workerRuntime, type FunctionPool } from '@sm/lambda-runtime';
import type { LambdaFunctionConfig } from '@sm/local-gateway';
import { reloadablePool } from './reloadable-pool';

/**
 * How many execution environments one function may run at once. Lambda adds environments up to the
 * account's concurrency (1,000 by default); locally each is a worker holding the app's modules, so a
 * few cover a laptop's load, and requests beyond them wait for a free one.
 */
const MAX_ENVIRONMENTS_PER_FUNCTION = 4;

export interface StackFunction {
  fn: LambdaFunctionConfig;
  /** The HTTP API routes of the app's deploy.json. */
  routes: AppRoute[];
  /** The schedules of the app's deploy.json. */
  schedules: AppSchedule[];
}

/** A function of the stack whose execution environments run. */
export interface RunningStackFunction extends StackFunction {
  /**
   * Invokes the function with any event (a schedule's), through the same environments as the
   * gateway's requests; rejects with the `FunctionError` Lambda would report.
   */
  invoke(event: unknown): Promise<unknown>;
  /**
   * Loads the app's code afresh: new execution environments, one initialised as at start; then new
   * invocations go to them, and the old ones stop once their invocations have answered. Should the
   * new init fail, it rejects with that `FunctionError` and the function keeps its old code.
   * Reloads run one after the other.
   */
  reload(): Promise<void>;
  /** Stops the function's execution environments. */
  close(): Promise<void>;
}

export interface StackFunctionOptions {
  workspaceRoot: string;
  app: string;
  /** What every function of the stack is configured with (the stack's config and the engines' endpoints). */
  environment: Record<string, string>;
  region: string;
  /** Receives what a function's code throws and nothing catches; that environment has ended. */
  onCrash(app: string, error: Error): void;
}

/**
 * Runs an app the way Lambda does: its deploy.json says which module holds `handler`, how long it
 * may run and its memory, and each execution environment is a worker thread with an environment of
 * its own. One environment is initialised before the stack answers, as
 * provisioned concurrency would, so a bad config stops the start with the app's own message.
 */
export async function startStackFunction(options: StackFunctionOptions): Promise<RunningStackFunction> {
  const deploy = readAppDeploy(options.workspaceRoot, options.app);
  const first = await provisionedPool(options, deploy);
  const pool = reloadablePool(first);
  let reloads = Promise.resolve();
  return {
    fn: { ...gatewayFunction(first), handler: pool.handler },
    routes: deploy.routes,
    schedules: deploy.schedules,
    invoke: (event) => pool.handler(event, { awsRequestId: randomUUID() }),
    reload: () => {
      const reloaded = reloads.then(async () => {
        // Not awaited: the swap is done once new invocations go to the new pool, whatever the old one still runs.
        void pool.replace(await provisionedPool(options, deploy));
      });
      reloads = reloaded.catch(() => undefined);
      return reloaded;
    },
    close: async () => {
      await reloads;
      await pool.close();
    },
  };
}

async function provisionedPool(options: StackFunctionOptions, deploy: AppDeploy): Promise<FunctionPool> {
  const { workspaceRoot, app } = options;
  const pool = createFunctionPool({
    name: app,
    timeoutSeconds: deploy.function.timeoutSeconds,
    memoryMB: deploy.function.memoryMB,
    region: options.region,
    // Not deploy.json's function.environment: it describes the image's layout (folders under
    // /var/task, Lambda's task root), while the stack runs the sources, whose config defaults find
    // the same files next to them. Lambda adds each function's reserved variables (its name, memory).
    environment: options.environment,
    maxConcurrency: MAX_ENVIRONMENTS_PER_FUNCTION,
    launch: workerRuntime({
      module: join(workspaceRoot, 'apps', app, deploy.function.handler),
      exportName: 'handler',
      tsconfig: join(workspaceRoot, 'tsconfig.base.json'),
      onCrash: (error) => options.onCrash(app, error),
    }),
  });
  try {
    await pool.provision();
  } catch (error) {
    await pool.close();
    throw error;
  }
  return pool;
}
