import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const workspaceRoot = resolve(__dirname, '../../..');
const START_TIMEOUT_MS = 45_000;

export interface LocalStack {
  url: string;
  /** Everything the stack printed, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s entry point as a user would: every service behind one local gateway on a
 * free 127.0.0.1 port, with its embedded engines' data in a fresh folder removed on stop.
 */
export async function startLocalStack(): Promise<LocalStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'react-app-manager-e2e-'));
  const child = spawn(process.execPath, [join(workspaceRoot, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'tsconfig.base.json', 'tools/local/src/start.ts'], {
    cwd: workspaceRoot,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      LOCAL_DATA_DIR: dataDir,
      LOG_LEVEL: 'WARN',
      WEBHOOK_SECRET: 'whsec_ZTJlLXRlc3Qtc2VjcmV0LWtleS0xMjM0NTY3OA==',
      ALLOW_UNSIGNED_CALLBACKS: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const url = await waitForUrl(child, () => output);
  if (url === undefined) {
    await stop();
    throw new Error(`the local stack did not start within ${START_TIMEOUT_MS} ms:\n${output}`);
  }
  return { url, output: () => output, stop };
}

async function waitForUrl(child: ChildProcess, output: () => string): Promise<string | undefined> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    const url = /Local gateway listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
    if (url) return url;
    await new Promise((done) => setTimeout(done, 100));
  }
  return undefined;
}
