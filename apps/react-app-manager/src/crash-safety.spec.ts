import type { App } from '@sm/events';
import { createMemoryBlobStore, createMemoryStore, type BlobStore, type MutableStore } from '@sm/storage';
import { handlerClient, type TestClient } from '@sm/testing';
import { createReactAppManager, SERVICE_NAME } from './app';
import { appKeys, type AppRecord } from './app-record';
import { alice, realBundler, testAdapters, testConfig, WARM_UP_TIMEOUT_MS, warmUp } from './test-setup';

/**
 * Crash injection: the process dies at the k-th write (the write and every later one never happen,
 * and no clean-up runs), for every k until an operation completes. After each crash a fresh
 * instance over the same stores (a new Lambda) shows what a user then sees: the app whole, as it
 * was or as it became, or no app at all; never a half app; and the name is never blocked.
 */
class InjectedCrashError extends Error {
  constructor() {
    super('injected crash');
    this.name = 'InjectedCrashError';
  }
}

interface Crash {
  at: number;
  writes: number;
}

const WRITES = new Set(['putIfAbsent', 'replace', 'delete', 'put', 'deletePrefix']);

function crashingAt<T extends object>(target: T, crash: Crash): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (!WRITES.has(String(property))) return method.bind(object);
      return async (...args: unknown[]) => {
        crash.writes += 1;
        if (crash.writes >= crash.at) throw new InjectedCrashError();
        return method.apply(object, args);
      };
    },
  });
}

interface Stores {
  apps: MutableStore<AppRecord>;
  blobs: BlobStore;
}

function serviceOver(stores: Stores): TestClient {
  const handler = createReactAppManager(testConfig, testAdapters(testConfig, stores));
  return handlerClient(handler, SERVICE_NAME);
}

const referencesIn = (html: string) => [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => match[1] ?? '');

/** What a user sees of the app: nothing at all, or the whole app with the given title. */
async function visibleApp(client: TestClient, name: string): Promise<'absent' | { title: string }> {
  const metadata = await client({ as: alice, method: 'GET', path: `/api/apps/${name}` });
  const page = await client({ api: 'sites', method: 'GET', path: `/${name}/` });
  const listed = ((await client({ as: alice, method: 'GET', path: '/api/apps?limit=100' })).json as { items: App[] }).items.map((app) => app.name);
  if (metadata.status === 404) {
    expect({ page: page.status, listed: listed.includes(name) }).toEqual({ page: 404, listed: false });
    return 'absent';
  }
  const { title } = metadata.json as App;
  expect({ metadata: metadata.status, page: page.status, listed: listed.includes(name) }).toEqual({ metadata: 200, page: 200, listed: true });
  expect(page.text).toContain(`<title>${title}</title>`);
  for (const reference of referencesIn(page.text)) {
    expect([reference, (await client({ api: 'sites', method: 'GET', path: `/${name}/${reference}` })).status]).toEqual([reference, 200]);
  }
  const source = await client({ as: alice, method: 'GET', path: `/api/apps/${name}/source` });
  expect(source.status).toBe(200);
  return { title };
}

/** Runs `operation` crashing at write 1, 2, … until it completes; returns what each crash left visible. */
async function afterEveryCrash(
  prepare: (client: TestClient) => Promise<void>,
  operation: (client: TestClient) => Promise<number>,
  inspect: (client: TestClient, crashedAt: number) => Promise<void>,
): Promise<number> {
  for (let at = 1; at < 100; at += 1) {
    const stores = { apps: createMemoryStore(appKeys), blobs: createMemoryBlobStore() };
    await prepare(serviceOver(stores));
    const crash: Crash = { at, writes: 0 };
    const status = await operation(serviceOver({ apps: crashingAt(stores.apps, crash), blobs: crashingAt(stores.blobs, crash) }));
    if (crash.writes < at) return at - 1;
    expect(status).toBe(500);
    await inspect(serviceOver(stores), at);
  }
  throw new Error('the operation never completed');
}

const nothing = async () => undefined;

beforeAll(() => warmUp(realBundler), WARM_UP_TIMEOUT_MS);

describe('react-app-manager after a crash between any two writes', () => {
  it('create: the app is absent and its name free, or whole', async () => {
    const seen = new Set<string>();

    const writes = await afterEveryCrash(
      nothing,
      async (client) => (await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'crashy', title: 'Crashy' } })).status,
      async (client) => {
        const visible = await visibleApp(client, 'crashy');
        seen.add(visible === 'absent' ? 'absent' : visible.title);
        if (visible === 'absent') {
          expect((await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'crashy', title: 'Again' } })).status).toBe(201);
          expect(await visibleApp(client, 'crashy')).toEqual({ title: 'Again' });
        }
      },
    );

    expect(writes).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(new Set(['absent']));
  });

  it('update: visitors get the whole old app or the whole new one, and can update again', async () => {
    const seen = new Set<string>();

    await afterEveryCrash(
      async (client) => {
        expect((await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'crashy', title: 'Before' } })).status).toBe(201);
      },
      async (client) => (await client({ as: alice, method: 'PUT', path: '/api/apps/crashy', body: { title: 'After', files: { 'src/extra.css': 'h1 { color: red; }' } } })).status,
      async (client) => {
        const visible = await visibleApp(client, 'crashy');
        if (visible === 'absent') throw new Error('an update crash made the app disappear');
        seen.add(visible.title);
        expect((await client({ as: alice, method: 'PUT', path: '/api/apps/crashy', body: { title: 'Again' } })).status).toBe(200);
        expect(await visibleApp(client, 'crashy')).toEqual({ title: 'Again' });
      },
    );

    expect([...seen].every((title) => title === 'Before' || title === 'After')).toBe(true);
    expect(seen).toContain('Before');
  });

  it('delete: the app is whole or gone, and a gone name can be created again', async () => {
    const seen = new Set<string>();

    await afterEveryCrash(
      async (client) => {
        expect((await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'crashy', title: 'Doomed' } })).status).toBe(201);
      },
      async (client) => (await client({ as: alice, method: 'DELETE', path: '/api/apps/crashy' })).status,
      async (client) => {
        const visible = await visibleApp(client, 'crashy');
        seen.add(visible === 'absent' ? 'absent' : visible.title);
        if (visible === 'absent') {
          expect((await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'crashy', title: 'Reborn' } })).status).toBe(201);
          expect(await visibleApp(client, 'crashy')).toEqual({ title: 'Reborn' });
        } else {
          expect((await client({ as: alice, method: 'DELETE', path: '/api/apps/crashy' })).status).toBe(204);
          expect(await visibleApp(client, 'crashy')).toBe('absent');
        }
      },
    );

    expect(seen).toEqual(new Set(['Doomed', 'absent']));
  });
});
