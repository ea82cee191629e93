import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { isEngineMessage } from './engine-message';

/** The storage engines that run in a process of their own. */
export type EngineName = 'dynamodb' | 's3';

/** How an engine process ended: its exit code, or the signal that ended it. */
export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running engine process: where it listens, its pid, and how it ends. */
export interface EngineProcess {
  name: EngineName;
  endpoint: string;
  port: number;
  pid: number;
  /** Settles when the process exits, whether stopped or killed. */
  exited: Promise<EngineExit>;
  /** Stops it (SIGTERM, SIGKILL if it has not exited 10 s later) and waits for it to exit. */
  close(): Promise<void>;
}

/** Thrown when an engine process exits or reports an error before it listens. */
export class EngineStartError extends Error {
  constructor(name: EngineName, reason: string) {
    super(`The ${name} storage engine did not start: ${reason}`);
    this.name = 'EngineStartError';
  }
}

const ENGINE_ENTRY = join(__dirname, 'engine-process.ts');

/** How long an engine has to close its server and data folder after SIGTERM before SIGKILL ends it. */
const CLOSE_GRACE_MS = 10_000;

/**
 * Starts dynalite (`dynamodb`, a LevelDB folder) or s3rver (`s3`, a plain folder) in its own Node
 * process on 127.0.0.1, TypeScript run by tsx's loader in that very process (so `pid` is the
 * engine's), and resolves once it listens. `port` 0 or absent picks a free port; pass the previous
 * one to restart an engine where its clients already point. The engine exits when its parent does.
 *
 * @example
 * const dynamo = await startEngineProcess({ name: 'dynamodb', path: '.data/dynamodb' });
 * dynamo.exited.then((exit) => console.error('dynalite exited', exit));
 */
export async function startEngineProcess(options: { name: EngineName; path: string; port?: number }): Promise<EngineProcess> {
  const child = fork(ENGINE_ENTRY, ['--engine', options.name, '--path', options.path, '--port', String(options.port ?? 0)], {
    execArgv: ['--import', require.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<EngineExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const endpoint = await firstReport(child, options.name, exited);
  const pid = child.pid ?? 0;
  return {
    name: options.name,
    endpoint,
    port: Number(new URL(endpoint).port),
    pid,
    exited,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      // An engine stuck closing (a request that never ends, a LevelDB close that never calls back)
      // must not hold up whoever stops it: the data on disk is what a SIGKILL leaves anyway.
      const stuck = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
      await exited;
      clearTimeout(stuck);
    },
  };
}

function firstReport(child: ChildProcess, name: EngineName, exited: Promise<EngineExit>): Promise<string> {
  return new Promise((resolve, reject) => {
    child.once('message', (message: unknown) => {
      if (!isEngineMessage(message)) reject(new EngineStartError(name, 'it sent an unexpected message'));
      else if ('endpoint' in message) resolve(message.endpoint);
      else reject(new EngineStartError(name, message.error));
    });
    child.once('error', (error) => reject(new EngineStartError(name, error.message)));
    void exited.then((exit) => reject(new EngineStartError(name, `it exited (${exit.signal ?? `code ${exit.code}`})`)));
  });
}
