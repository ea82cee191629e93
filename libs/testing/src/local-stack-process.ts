import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const START_TIMEOUT_MS = 45_000;

/** The local-only secret end-to-end tests sign with; never a deployed one. */
export const E2E_WEBHOOK_SECRET = 'whsec_ZTJlLXRlc3Qtc2VjcmV0LWtleS0xMjM0NTY3OA==';

export interface LocalStackProcess {
  url: string;
  /** The process `npm start` runs (tsx's runner; the stack itself is its child). */
  pid: number;
  /** Everything the stack printed, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s entry point as a user would, in its own process: the services behind one local
 * gateway on a free 127.0.0.1 port, their embedded engines' data in `dataDir`. Resolves once it
 * prints its URL; fails, with its output, if it does not within 45 s.
 *
 * @example
 * const stack = await startLocalStackProcess({ workspaceRoot, dataDir: mkdtempSync(join(tmpdir(), 'e2e-')) });
 * await fetch(`${stack.url}/api/callbacks`);
 * await stack.stop();
 */
export async function startLocalStackProcess(options: { workspaceRoot: string; dataDir: string }): Promise<LocalStackProcess> {
  const child = spawn(
    process.execPath,
    [join(options.workspaceRoot, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'tsconfig.base.json', 'tools/local/src/start.ts'],
    {
      cwd: options.workspaceRoot,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        LOCAL_DATA_DIR: options.dataDir,
        LOG_LEVEL: 'WARN',
        WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
        ALLOW_UNSIGNED_CALLBACKS: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    const url = /Local gateway listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (url && child.pid !== undefined) return { url, pid: child.pid, output: () => output, stop };
    await new Promise((done) => setTimeout(done, 100));
  }
  await stop();
  throw new Error(`the local stack did not start within ${START_TIMEOUT_MS} ms:\n${output}`);
}
