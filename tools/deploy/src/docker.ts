import { spawn } from 'node:child_process';
import { DockerCommandError } from './errors';

/** One docker CLI invocation: arguments, extra environment, and what to write to its stdin. */
export interface DockerCommand {
  args: readonly string[];
  env?: Record<string, string> | undefined;
  stdin?: string | undefined;
}

/** Runs one docker command to completion; rejects with a {@link DockerCommandError} on failure. */
export type DockerRunner = (command: DockerCommand) => Promise<void>;

/**
 * Runs the docker CLI in `cwd` (the build context), its output shown as it comes; stdin carries
 * secrets such as the registry password so they never appear in a process list.
 *
 * @example
 * await spawnDocker('/work/main')({ args: ['push', 'registry/app:abc'] });
 */
export function spawnDocker(cwd: string): DockerRunner {
  return ({ args, env, stdin }) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('docker', args, { cwd, env: { ...process.env, ...env }, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'inherit', 'inherit'] });
      child.once('error', (error) => reject(new DockerCommandError(args, null, { cause: error })));
      child.once('close', (code) => (code === 0 ? resolve() : reject(new DockerCommandError(args, code))));
      if (stdin !== undefined) child.stdin?.end(stdin);
    });
}
