import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EventEmitter, once } from 'node:events';
import type { CallbackRecord, Page } from '@sm/events';
import { startLocalStackProcess, type LocalStackProcess } from '@sm/testing';

// Faults injected into `npm start` with its real engines: the whole process killed during writes,
// and one storage engine killed during requests. A separate target (`nx run local-stack:fault`).

const workspaceRoot = resolve(__dirname, '../../..');
/** A request that has not answered by then hangs: the one thing a fault must never cause. */
const HANG_MS = 15_000;
const WRITERS = 4;
const WRITES_PER_WRITER = 40;
/** The whole stack is killed once this many writes were acknowledged, while the writers keep going. */
const KILL_AFTER_ACKNOWLEDGED = 24;

interface Answer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  json: unknown;
}

/** A request with the stack's development token (every scope). */
async function call(stack: LocalStackProcess, url: string, init?: { method: string; body: unknown }): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${stack.devToken}` };
  if (init) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    signal: AbortSignal.timeout(HANG_MS),
    headers,
    ...(init && { method: init.method, body: JSON.stringify(init.body) }),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  return {
    status: response.status,
    contentType,
    retryAfter: response.headers.get('retry-after'),
    json: text && /json/.test(contentType) ? JSON.parse(text) : text,
  };
}

/** Every item of a paged list endpoint, following `nextCursor`. */
async function listAll<T>(stack: LocalStackProcess, url: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(stack, `${url}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (page.status !== 200) throw new Error(`GET ${url} answered ${page.status}: ${JSON.stringify(page.json)}`);
    const { items: pageItems, nextCursor } = page.json as Page<T>;
    items.push(...pageItems);
    cursor = nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const dataDirs: string[] = [];
afterAll(() => dataDirs.forEach((dataDir) => rmSync(dataDir, { recursive: true, force: true })));

/** A fresh data folder for one stack, removed once the suite is done. */
function freshDataDir(name: string): string {
  const dataDir = mkdtempSync(join(tmpdir(), `local-stack-${name}-`));
  dataDirs.push(dataDir);
  return dataDir;
}

function report(line: string): void {
  process.stdout.write(`[fault] ${line}\n`);
}

describe('npm start killed with SIGKILL during writes', () => {
  it('keeps, after a restart on the same data, every acknowledged write exactly once and no half-made app', async () => {
    // prepare
    const dataDir = freshDataDir('sigkill');
    const first = await startLocalStackProcess({ workspaceRoot, dataDir });
    const acknowledged = { callbacks: new Map<string, string>(), apps: new Set<string>() };
    const progress = new EventEmitter();
    const enoughAcknowledged = once(progress, 'enough');
    let killed = false;
    let attempts = 0;
    const acknowledge = () => {
      if (acknowledged.callbacks.size + acknowledged.apps.size >= KILL_AFTER_ACKNOWLEDGED) progress.emit('enough');
    };
    const writer = async (writerId: number) => {
      for (let n = 0; n < WRITES_PER_WRITER && !killed; n++) {
        attempts++;
        const text = `fault ${writerId}-${n}`;
        // A write in flight when the stack dies is not acknowledged: it may or may not be there.
        const callback = await call(first, `${first.url}/api/callback`, { method: 'POST', body: { text } }).catch(() => undefined);
        if (callback?.status === 201) acknowledged.callbacks.set(text, (callback.json as CallbackRecord).id);
        acknowledge();
        if (n % 4 !== 0 || killed) continue;
        attempts++;
        const name = `fault-${writerId}-${n}`;
        const app = await call(first, `${first.url}/api/apps`, { method: 'POST', body: { name, template: 'blank' } }).catch(() => undefined);
        if (app?.status === 201) acknowledged.apps.add(name);
        acknowledge();
      }
    };
    const writers = Promise.all(Array.from({ length: WRITERS }, (_unused, writerId) => writer(writerId)));

    // act
    await enoughAcknowledged;
    killed = true;
    await first.kill('SIGKILL');
    await writers;
    const second = await startLocalStackProcess({ workspaceRoot, dataDir });
    const callbacks = await listAll<CallbackRecord>(second, `${second.url}/api/callbacks`);
    const apps = await listAll<{ name: string }>(second, `${second.url}/api/apps`);
    const appAnswers = await Promise.all(
      apps.map(async ({ name }) => ({
        name,
        site: (await fetch(`${second.sitesUrl}/${name}/`, { signal: AbortSignal.timeout(HANG_MS) })).status,
        source: (await call(second, `${second.url}/api/apps/${name}/source`)).status,
      })),
    );
    await second.stop();

    // assess
    const found = [...acknowledged.callbacks].filter(([text, id]) => callbacks.filter((item) => item.text === text && item.id === id).length === 1);
    const foundApps = [...acknowledged.apps].filter((name) => apps.filter((app) => app.name === name).length === 1);
    report(
      `writes attempted ${attempts}, acknowledged ${acknowledged.callbacks.size} callbacks + ${acknowledged.apps.size} apps; ` +
        `found after restart exactly once: ${found.length} callbacks, ${foundApps.length} apps; listed ${callbacks.length} callbacks, ${apps.length} apps`,
    );
    expect(found).toHaveLength(acknowledged.callbacks.size);
    expect(foundApps).toHaveLength(acknowledged.apps.size);
    expect(new Set(callbacks.map((item) => item.id)).size).toBe(callbacks.length);
    expect(appAnswers.filter((answer) => answer.site !== 200 || answer.source !== 200)).toEqual([]);
  }, 90_000);
});

describe.each([
  { engine: 'dynamodb', origin: 'url' as const, path: (): string => '/api/callbacks' },
  { engine: 's3', origin: 'sitesUrl' as const, path: (): string => '/fault-site/' },
])('npm start when its $engine engine is killed', ({ engine, origin, path }) => {
  let stack: LocalStackProcess;
  beforeAll(async () => {
    stack = await startLocalStackProcess({ workspaceRoot, dataDir: freshDataDir(`${engine}-killed`) });
    const created = await call(stack, `${stack.url}/api/apps`, { method: 'POST', body: { name: 'fault-site', template: 'blank' } });
    if (created.status !== 201) throw new Error(`POST /api/apps answered ${created.status}: ${JSON.stringify(created.json)}`);
    // Each app's environment imports the AWS SDK on its first storage call; on a loaded machine that
    // import can outlast the engine's restart, and the outage would go unseen. Call the path once first.
    const warmed = await call(stack, `${stack[origin]}${path()}`);
    if (warmed.status !== 200) throw new Error(`GET ${path()} answered ${warmed.status}: ${JSON.stringify(warmed.json)}`);
  }, 60_000);
  afterAll(() => stack.stop());

  it('answers 503 problem+json with Retry-After while it is down, stays up, and answers again once it is restarted', async () => {
    // prepare
    const listening = new RegExp(`Storage engine ${engine} \\(pid (\\d+)\\) listening`);
    const startedPid = Number(listening.exec(stack.output())?.[1]);
    const restarted = stack.waitForOutput(listening);
    let isRestarted = false;
    void restarted.then(() => (isRestarted = true));

    // act
    process.kill(startedPid, 'SIGKILL');
    const duringOutage: Answer[] = [];
    do duringOutage.push(await call(stack, `${stack[origin]}${path()}`));
    while (!isRestarted && duringOutage.length < 200);
    const [, newPid] = await restarted;
    const afterRestart = await call(stack, `${stack[origin]}${path()}`);
    const written = await call(stack, `${stack.url}/api/callback`, { method: 'POST', body: { text: `after the ${engine} restart` } });
    const health = await call(stack, `${stack.url}/callback-service/health`);

    // assess
    const failures = duringOutage.filter((answer) => answer.status >= 300);
    report(`${engine} engine killed (pid ${startedPid}, restarted as pid ${newPid}): ${duringOutage.length} requests during the outage, ${failures.length} failed`);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.map((answer) => [answer.status, answer.contentType, answer.retryAfter])).toEqual(
      failures.map(() => [503, 'application/problem+json', '1']),
    );
    expect(failures[0]?.json).toMatchObject({ status: 503, title: 'Service Unavailable', type: 'urn:problem-type:service-unavailable' });
    expect(Number(newPid)).not.toBe(startedPid);
    expect(afterRestart.status).toBe(200);
    expect(written.status).toBe(201);
    expect(health.status).toBe(200);
  }, 60_000);
});

describe('npm start when an engine keeps dying', () => {
  it('stops, with one message and exit code 1, once the engine has exited more often than 5 times in 60 s', async () => {
    // prepare
    const stack = await startLocalStackProcess({ workspaceRoot, dataDir: freshDataDir('crash-loop') });
    const listening = /Storage engine dynamodb \(pid (\d+)\) listening/;
    let pid = Number(listening.exec(stack.output())?.[1]);

    // act
    for (let restart = 1; restart <= 5; restart++) {
      const restarted = stack.waitForOutput(listening);
      process.kill(pid, 'SIGKILL');
      pid = Number((await restarted)[1]);
    }
    process.kill(pid, 'SIGKILL');
    const exit = await stack.exited;

    // assess
    const stopped = stack.output().match(/^The local stack stopped: .*$/gm) ?? [];
    report(`crash loop: ${stopped[0] ?? 'no message'} (exit ${exit.code ?? exit.signal})`);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(stopped).toEqual([
      expect.stringContaining('The local stack stopped: Storage engine dynamodb exited 6 times within 60 s (the last by signal SIGKILL); stopping.'),
    ]);
  }, 60_000);
});
