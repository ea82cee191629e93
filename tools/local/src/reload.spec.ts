import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startStack, type RunningStack } from './start-stack';

// A workspace of one test-only app, so that editing its code touches nothing of the real apps.
const APP = 'reload-probe';

/** The probe app: `GET /probe/answer` says which version runs; `GET /probe/slow` answers once `release` exists. */
function probeSource(version: string, release: string): string {
  return `
import { existsSync, watch } from 'node:fs';
import { dirname } from 'node:path';
const released = () => new Promise<void>((resolve) => {
  const watcher = watch(dirname(${JSON.stringify(release)}), () => {
    if (existsSync(${JSON.stringify(release)})) { watcher.close(); resolve(); }
  });
});
export const handler = async (event: { rawPath: string }) => {
  if (event.rawPath === '/probe/slow') await released();
  return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(version)} };
};
`;
}

/** Writes the probe app's workspace under `root`; returns its main.ts. */
function probeWorkspace(root: string, release: string): string {
  mkdirSync(dirname(release), { recursive: true });
  mkdirSync(join(root, 'apps', APP, 'src'), { recursive: true });
  writeFileSync(join(root, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', strict: true, paths: {} } }));
  const deploy = {
    function: { handler: 'src/main.ts', timeoutSeconds: 30, memoryMB: 256 },
    routes: [{ routeKey: 'GET /probe/{path+}', authorization: 'none' }],
  };
  writeFileSync(join(root, 'apps', APP, 'deploy.json'), JSON.stringify(deploy));
  const source = join(root, 'apps', APP, 'src', 'main.ts');
  writeFileSync(source, probeSource('v1', release));
  return source;
}

interface WatchedStack {
  stack: RunningStack;
  source: string;
  /** What the stack's storage logger printed: the engines' starts, with their pids. */
  storageLines: string[];
  /** Resolves with the gateway's next line about a reload's end (`reloaded`, or `reload failed...`). */
  nextReload(): Promise<string>;
}

async function startWatchedStack(root: string, release: string): Promise<WatchedStack> {
  const source = probeWorkspace(root, release);
  const storageLines: string[] = [];
  let onReload: (line: string) => void = () => undefined;
  const reloadLine = (message: string) => {
    if (message.startsWith(`${APP}: reload`) && !message.endsWith('reloading')) onReload(message);
  };
  const stack = await startStack({
    workspaceRoot: root,
    apps: [APP],
    port: 0,
    sitesPort: 0,
    dataDir: join(root, '.data'),
    logger: { info: reloadLine, error: reloadLine },
    storageLogger: { info: (message) => storageLines.push(message), error: (message) => storageLines.push(message) },
    environment: { PATH: process.env.PATH },
    watch: true,
  });
  return { stack, source, storageLines, nextReload: () => new Promise((resolve) => (onReload = resolve)) };
}

async function text(url: string): Promise<string> {
  return (await fetch(url)).text();
}

describe('npm start --watch: reloading only the app whose code changed', () => {
  let stack: RunningStack | undefined;
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'reload-'));
  });
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('answers with the edited code while a request in flight finishes on the old code, and the engines keep running', async () => {
    const release = join(root, 'signals', 'release');
    const watched = await startWatchedStack(root, release);
    stack = watched.stack;
    const enginesAtStart = [...watched.storageLines];
    const slow = text(`${stack.url}/probe/slow`);
    expect(await text(`${stack.url}/probe/answer`)).toBe('v1');

    const reloaded = watched.nextReload();
    writeFileSync(watched.source, probeSource('v2', release));
    expect(await reloaded).toBe(`${APP}: reloaded`);
    const answer = await text(`${stack.url}/probe/answer`);
    writeFileSync(release, '');

    expect({ answer, slow: await slow }).toEqual({ answer: 'v2', slow: 'v1' });
    expect(enginesAtStart).toHaveLength(2);
    expect(watched.storageLines).toEqual(enginesAtStart);
  }, 30_000);

  it('keeps serving the previous code when the edited code fails its init, saying why in its own words', async () => {
    const watched = await startWatchedStack(root, join(root, 'signals', 'release'));
    stack = watched.stack;

    const reloaded = watched.nextReload();
    writeFileSync(watched.source, `throw new Error('CALLBACK_URL: must be a URL');\nexport const handler = () => undefined;\n`);

    expect(await reloaded).toBe(`${APP}: reload failed, still serving the previous code:\nCALLBACK_URL: must be a URL`);
    expect(await text(`${stack.url}/probe/answer`)).toBe('v1');
  }, 30_000);
});
