import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { promisify } from 'node:util';
import { describeExit, type RuntimeLauncher } from './runtime';

const exec = promisify(execFile);

/**
 * Every container a pool starts carries this label, with the function name as its value.
 *
 * @example
 * // docker ps --filter label=lambda-runtime.function=callback-service
 * execFile('docker', ['ps', '--filter', `label=${FUNCTION_LABEL}=callback-service`]);
 */
export const FUNCTION_LABEL = 'lambda-runtime.function';

/** The docker client exits with 128 + n when the container's process died of signal n. */
function containerExit(code: number | null, signal: NodeJS.Signals | null): string {
  const died = Object.entries(constants.signals).find(([, number]) => code !== null && code === 128 + number);
  return died ? describeExit(null, died[0] as NodeJS.Signals) : describeExit(code, signal);
}

/**
 * How to run a function's container image.
 *
 * @example
 * const options: ContainerRuntimeOptions = { image: 'callback-service:local-38fbfe363dd1', labels: { 'sm.run': runId } };
 */
export interface ContainerRuntimeOptions {
  image: string;
  /** Lambda's `ImageConfig.Command`: the handler to run instead of the image's `CMD`. */
  command?: string;
  /** Receives the container's stdout and stderr; dropped when absent. */
  output?: (chunk: string) => void;
  /** More labels for every container, such as the run that started it, so it can count its own. */
  labels?: Record<string, string>;
}

/**
 * Runs each execution environment as a container of the image, on the host network so the runtime
 * client reaches its runtime API (and local engines) on 127.0.0.1. The container is created first
 * and then started, so that it can always be removed by id, even while it starts; it is removed
 * when it ends. Values of the environment reach the container through the client's environment,
 * never its command line.
 *
 * @example
 * const pool = createFunctionPool({ ...fn, maxConcurrency: 4, launch: containerRuntime({ image: 'callback-service:local-38fbfe363dd1' }) });
 */
export function containerRuntime(options: ContainerRuntimeOptions): RuntimeLauncher {
  return (environment) => {
    const clientEnv = { ...process.env, ...environment };
    const forward = (chunk: Buffer | string) => options.output?.(chunk.toString());
    const created = exec(
      'docker',
      [
        'create',
        '--rm',
        '--network',
        'host',
        '--label',
        `${FUNCTION_LABEL}=${environment.AWS_LAMBDA_FUNCTION_NAME ?? ''}`,
        ...Object.entries(options.labels ?? {}).flatMap(([name, value]) => ['--label', `${name}=${value}`]),
        ...Object.keys(environment).flatMap((name) => ['--env', name]),
        options.image,
        ...(options.command === undefined ? [] : [options.command]),
      ],
      { env: clientEnv },
    ).then(({ stdout }) => stdout.trim());
    const exited = created.then(
      (id) =>
        new Promise<string>((resolve) => {
          const child = spawn('docker', ['start', '--attach', id], { env: clientEnv, stdio: ['ignore', 'pipe', 'pipe'] });
          child.stdout.on('data', forward);
          child.stderr.on('data', forward);
          child.once('exit', (code, signal) => resolve(containerExit(code, signal)));
          child.once('error', (error) => resolve(`cannot run docker: ${error.message}`));
        }),
      (error: Error) => {
        forward(error.message);
        return `cannot create a container of ${options.image}`;
      },
    );
    return {
      exited,
      stop: async () => {
        const id = await created.catch(() => undefined);
        if (id) await exec('docker', ['rm', '--force', id], { env: clientEnv }).catch(() => undefined);
        await exited;
      },
    };
  };
}
