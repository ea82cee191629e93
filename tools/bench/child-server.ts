import { fork } from 'node:child_process';
import { dirname } from 'node:path';
import type { ListeningMessage } from './serve-in-child';

export interface ChildServer {
  url: string;
  /** The bearer token the child's authorizer accepts, if it sent one. */
  token?: string;
  pid: number;
  /** Disconnects and waits for the child to exit (it writes its CPU profile, if any, on the way out). */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

function isListening(message: unknown): message is ListeningMessage {
  if (typeof message !== 'object' || message === null || !('port' in message) || typeof message.port !== 'number') return false;
  return !('token' in message) || typeof message.token === 'string';
}

/**
 * Forks a bundled server entry (see server-bundles.ts) under plain node, with only the given
 * environment and its bundle folder as cwd, so no workspace .env reaches its composition root.
 */
export function startChildServer(entry: string, env: Record<string, string>, nodeFlags: string[] = []): Promise<ChildServer> {
  // execArgv replaces the parent's, so the tsx loader running this script stays out of the child.
  const child = fork(entry, [], { cwd: dirname(entry), env, execArgv: nodeFlags, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not listen within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with code ${code} before listening`));
    });
    child.once('message', (message: unknown) => {
      clearTimeout(timer);
      if (!isListening(message) || child.pid === undefined) {
        child.kill('SIGKILL');
        reject(new Error(`${entry} sent an unexpected message: ${JSON.stringify(message)}`));
        return;
      }
      resolve({ url: `http://127.0.0.1:${message.port}`, pid: child.pid, stop, ...(message.token === undefined ? {} : { token: message.token }) });
    });
  });
}
