import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from './container-suite';

// The README's `sam local invoke` equivalent, run as a user runs it: the event printed by
// `nx run <app>:event`, piped into `nx run <app>:invoke --event=- --container`, which runs the image of
// `nx run <app>:container -c local` once through the runtime API emulator, with embedded engines.
const exec = promisify(execFile);
const NX = join(workspaceRoot, 'node_modules/nx/dist/bin/nx.js');

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function nx(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NX, ...args], { cwd: workspaceRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** The JSON document between Nx's own lines: from the first line `{` to the last line `}`. */
function documentIn(stdout: string): unknown {
  const lines = stdout.split('\n');
  return JSON.parse(lines.slice(lines.findIndex((line) => line === '{'), lines.findLastIndex((line) => line === '}') + 1).join('\n'));
}

describe('nx run callback-service:invoke --container', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'invoke-container-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    LOCAL_DATA_DIR: dataDir,
    ALLOW_UNSIGNED_CALLBACKS: 'true',
    LOG_LEVEL: 'INFO',
  };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the image once with the event `nx run callback-service:event` printed, printing the result and the function logs', async () => {
    // prepare
    const { stdout: event } = await exec(process.execPath, [NX, 'run', 'callback-service:event', '--', 'POST', '/api/callback', '--body', '{"text":"invoked in a container"}'], {
      cwd: workspaceRoot,
      env,
    });

    // act
    const invoked = await nx(['run', 'callback-service:invoke', '--event=-', '--container'], env, event);

    // assess
    expect({ code: invoked.code, stderr: invoked.stderr.slice(-2000) }).toMatchObject({ code: 0 });
    const result = documentIn(invoked.stdout) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toMatchObject({ kind: 'text', text: 'invoked in a container', duplicate: false });
    expect(invoked.stdout + invoked.stderr).toMatch(/"route":"POST \/api\/callback","status":201/);
  });
});
