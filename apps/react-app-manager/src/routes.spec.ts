import type { App, AppSource, Page } from '@sm/events';
import type { Store } from '@sm/storage';
import { siteKey, sourceKey, type AppRecord } from './app-record';
import { alice, pausableBundler, realBundler, recordingPublisher, startHandler, transports, until } from './test-setup';

const greetingFiles = {
  'src/App.tsx': `import { Greeting } from './Greeting';\n\nexport function App({ title }: { title: string }) {\n  return <Greeting name={title} />;\n}\n`,
  'src/Greeting.tsx': `export function Greeting({ name }: { name: string }) {\n  return <p className="greeting">Hello there, {name}!</p>;\n}\n`,
};

/** The script `index.html` loads, as a path under the app's URL. */
/** Every blob key of the build an app's record serves now: its source and its site's own files (not those every build shares). */
async function buildKeysOf(apps: Store<AppRecord>, name: string): Promise<string[]> {
  const record = await apps.get(name);
  if (!record) throw new Error(`no record of app "${name}"`);
  const own = record.build.files.filter((file) => !record.sharedPaths?.includes(file.path));
  return [sourceKey(name, record.buildId), ...own.map((file) => siteKey(name, record.buildId, file.path))];
}

const preloadsOf = (html: string) => [...html.matchAll(/<link rel="modulepreload" href="\.\/([^"]+)"/g)].map((match) => match[1] ?? '');

const scriptOf = (html: string) => /<script type="module" src="\.\/([^"]+)"/.exec(html)?.[1] ?? 'no script tag';

describe.each(transports)('react-app-manager through the %s', (_transport, start) => {
  describe('POST /api/apps', () => {
    it('creates a counter app from the default template and answers 201 with the app, ready to visit', async () => {
      const { client } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'my-counter', title: 'My counter' } });

      expect(response.status).toBe(201);
      const app = response.json as App;
      expect(app).toEqual({
        name: 'my-counter',
        template: 'counter',
        title: 'My counter',
        status: 'ready',
        url: 'https://sites.example/my-counter/',
        createdAt: expect.any(String),
        updatedAt: app.createdAt,
        build: { durationMs: expect.any(Number), bytes: expect.any(Number), files: expect.any(Array) },
      });
      const paths = app.build.files.map((file) => file.path);
      expect(paths).toEqual(expect.arrayContaining(['index.html', expect.stringMatching(/^assets\/main-\w+\.js$/), expect.stringMatching(/^assets\/main-\w+\.css$/)]));
      expect(app.build.bytes).toBe(app.build.files.reduce((total, file) => total + file.bytes, 0));
    });

    it.each(['counter', 'todo', 'blank'])('builds the %s template', async (template) => {
      const { client } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: `from-${template}`, template } });

      expect(response.status).toBe(201);
      expect(response.json).toMatchObject({ template, title: `from-${template}` });
    });

    it('builds the app’s own files over the template’s, and serves them', async () => {
      const { client } = start();

      const created = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'greeter', title: 'Ada', files: greetingFiles } });
      const page = await client({ api: 'sites', method: 'GET', path: '/greeter/' });
      const script = await client({ api: 'sites', method: 'GET', path: `/greeter/${scriptOf(page.text)}` });

      expect(created.status).toBe(201);
      expect(script.status).toBe(200);
      expect(script.text).toContain('Hello there, ');
      expect(script.text).toContain('"Ada"');
    });

    it('announces app.created with the app’s name and URL', async () => {
      const { client, published } = start();

      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'announced', template: 'todo', title: 'Things' } });

      expect(published).toEqual([
        { id: expect.stringMatching(/^evt_/), type: 'app.created', data: { name: 'announced', url: 'https://sites.example/announced/', template: 'todo', title: 'Things' } },
      ]);
    });

    it('still answers 201 and keeps the app when the event cannot be published', async () => {
      const { client, published } = start({ publisher: recordingPublisher('fails') });

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'unannounced' } });

      expect(response.status).toBe(201);
      expect(published).toHaveLength(1);
      expect((await client({ as: alice, method: 'GET', path: '/api/apps/unannounced' })).status).toBe(200);
    });

    it('answers 409 when the name is taken, leaving the first app as it was', async () => {
      const { client, published } = start();
      const first = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'taken', title: 'First' } });

      const second = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'taken', title: 'Second' } });

      expect(second.status).toBe(409);
      expect(second.json).toMatchObject({ status: 409, detail: 'an app named "taken" already exists' });
      expect((await client({ as: alice, method: 'GET', path: '/api/apps/taken' })).json).toEqual(first.json);
      expect(published).toHaveLength(1);
    });

    it.each([
      ['an upper-case name', { name: 'MyApp' }, 'name'],
      ['a name of two characters', { name: 'ab' }, 'name'],
      ['a name ending with a dash', { name: 'my-app-' }, 'name'],
      ['an unknown field', { name: 'my-app', owner: 'me' }, '(body)'],
      ['file contents that are not text', { name: 'my-app', files: { 'src/App.tsx': 42 } }, 'files.src/App.tsx'],
    ])('answers 422 for %s', async (_case, body, path) => {
      const { client } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({ status: 422, errors: [expect.objectContaining({ path })] });
    });

    it('answers 422 for a template the service does not ship, listing those it does', async () => {
      const { client } = start();

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'my-app', template: 'angular' } });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({ errors: [{ path: 'template', message: 'must be one of blank, counter, todo' }] });
    });

    it('answers 422 with esbuild’s diagnostic, file and line, for a syntax error, and stores nothing', async () => {
      const { client, apps, published } = start();
      const broken = 'export function App() {\n  const greeting = "hi";\n  return <p>{greeting}</p>;;\n}}\n';

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'broken', files: { 'src/App.tsx': broken } } });

      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.json).toMatchObject({
        type: 'urn:problem-type:build-failed',
        errors: [{ file: 'src/App.tsx', line: 4, column: 1, text: expect.stringContaining('Unexpected "}"') }],
      });
      expect(await apps.list({ limit: 10 })).toEqual({ items: [], nextCursor: null });
      expect(published).toEqual([]);
    });

    it('answers 422 when the build exceeds its time limit, and stores nothing', async () => {
      const signals: AbortSignal[] = [];
      const { client, apps } = start({
        config: { BUILD_TIME_LIMIT_MS: 50 },
        bundler: { bundle: ({ signal }) => (signals.push(signal), new Promise(() => undefined)) },
      });

      const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'too-slow' } });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({ type: 'urn:problem-type:build-time-limit', detail: 'the build exceeded 50 ms and was cancelled' });
      expect(signals.map((signal) => signal.aborted)).toEqual([true]);
      expect(await apps.get('too-slow')).toBeUndefined();
    });

    it('answers 400 for malformed JSON and 415 for another content type', async () => {
      const { client } = start();

      const malformed = await client({ as: alice, method: 'POST', path: '/api/apps', headers: { 'content-type': 'application/json' }, body: '{"name":' });
      const wrongType = await client({ as: alice, method: 'POST', path: '/api/apps', headers: { 'content-type': 'text/plain' }, body: 'my-app' });

      expect(malformed.status).toBe(400);
      expect(wrongType.status).toBe(415);
    });
  });

  describe('GET /api/apps', () => {
    it('lists apps newest first, page by page', async () => {
      let clock = Date.parse('2026-11-25T10:00:00.000Z');
      const { client } = start({ now: () => new Date((clock += 1000)) });
      for (const name of ['first', 'second', 'third']) await client({ as: alice, method: 'POST', path: '/api/apps', body: { name, template: 'blank' } });

      const page = await client({ as: alice, method: 'GET', path: '/api/apps?limit=2' });
      const { nextCursor } = page.json as Page<App>;
      const rest = await client({ as: alice, method: 'GET', path: `/api/apps?limit=2&cursor=${nextCursor ?? ''}` });

      expect((page.json as Page<App>).items.map((app) => app.name)).toEqual(['third', 'second']);
      expect(rest.json).toEqual({ items: [expect.objectContaining({ name: 'first', status: 'ready' })], nextCursor: null });
    });

    it('answers 400 for a bad limit or cursor', async () => {
      const { client } = start();

      expect((await client({ as: alice, method: 'GET', path: '/api/apps?limit=0' })).status).toBe(400);
      expect((await client({ as: alice, method: 'GET', path: '/api/apps?cursor=forged' })).status).toBe(400);
    });

    it('answers 400 for a forged cursor whose position is longer than any key can be', async () => {
      const { client } = start();
      const forged = Buffer.from(JSON.stringify(['x'.repeat(1100), 'some-app'])).toString('base64url');

      const response = await client({ as: alice, method: 'GET', path: `/api/apps?cursor=${forged}` });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ detail: 'cursor is invalid or expired' });
    });
  });

  describe('names no app can have', () => {
    const longName = `a${'b'.repeat(2048)}`;

    it.each([
      ['GET', `/api/apps/${longName}`],
      ['GET', `/api/apps/${longName}/source`],
      ['PUT', `/api/apps/${longName}`],
      ['DELETE', `/api/apps/${longName}`],
    ] as const)('answer 404 for %s %s… of 2049 characters without asking the store', async (method, path) => {
      const { client, apps } = start();
      const get = jest.spyOn(apps, 'get');

      const response = await client({ as: alice, method, path, ...(method === 'PUT' ? { body: { title: 'New' } } : {}) });

      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({ detail: `no app named "${longName}"` });
      expect(get).not.toHaveBeenCalled();
    });
  });

  describe('GET /api/apps/{name} and /source', () => {
    it('answers the app, and its files as JSON: the template’s and its own', async () => {
      const { client } = start();
      const created = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'greeter', files: greetingFiles } });

      const app = await client({ as: alice, method: 'GET', path: '/api/apps/greeter' });
      const source = await client({ as: alice, method: 'GET', path: '/api/apps/greeter/source' });

      expect(app.json).toEqual(created.json);
      expect(source.status).toBe(200);
      const { files } = source.json as AppSource;
      expect(source.json).toMatchObject({ name: 'greeter', template: 'counter' });
      expect(Object.keys(files).sort()).toEqual(['public/index.html', 'src/App.tsx', 'src/Greeting.tsx', 'src/main.tsx', 'src/styles.css']);
      expect(files['src/Greeting.tsx']).toBe(greetingFiles['src/Greeting.tsx']);
    });

    it('answers 404 for an app that does not exist', async () => {
      const { client } = start();

      const app = await client({ as: alice, method: 'GET', path: '/api/apps/nobody' });
      const source = await client({ as: alice, method: 'GET', path: '/api/apps/nobody/source' });

      expect(app.status).toBe(404);
      expect(app.json).toMatchObject({ detail: 'no app named "nobody"' });
      expect(source.status).toBe(404);
    });
  });

  describe('PUT /api/apps/{name}', () => {
    it('rebuilds with new files and title, serves the new site only and announces app.updated', async () => {
      const { client, published } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'greeter', title: 'Old' } });
      const oldPage = await client({ api: 'sites', method: 'GET', path: '/greeter/' });

      const response = await client({ as: alice, method: 'PUT', path: '/api/apps/greeter', body: { title: 'New', files: greetingFiles } });

      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ name: 'greeter', title: 'New', template: 'counter', status: 'ready', url: 'https://sites.example/greeter/' });
      const newPage = await client({ api: 'sites', method: 'GET', path: '/greeter/' });
      expect(newPage.text).toContain('<title>New</title>');
      expect((await client({ api: 'sites', method: 'GET', path: `/greeter/${scriptOf(newPage.text)}` })).text).toContain('Hello there, ');
      expect((await client({ api: 'sites', method: 'GET', path: `/greeter/${scriptOf(oldPage.text)}` })).status).toBe(404);
      expect(published.map((event) => event.type)).toEqual(['app.created', 'app.updated']);
      expect(published[1]?.data).toEqual({ name: 'greeter', url: 'https://sites.example/greeter/', template: 'counter', title: 'New' });
    });

    it('keeps the app’s files when only the title changes', async () => {
      const { client } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'greeter', files: greetingFiles } });
      const before = await client({ as: alice, method: 'GET', path: '/api/apps/greeter/source' });

      const response = await client({ as: alice, method: 'PUT', path: '/api/apps/greeter', body: { title: 'Renamed' } });

      expect(response.json).toMatchObject({ title: 'Renamed' });
      expect((await client({ as: alice, method: 'GET', path: '/api/apps/greeter/source' })).json).toEqual(before.json);
    });

    it('keeps serving the old site until the new one is complete, then the new one only', async () => {
      const pausable = pausableBundler(realBundler);
      const { client } = start({ bundler: pausable.bundler });
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'swapped', title: 'Before' } });
      pausable.pause();

      const update = client({ as: alice, method: 'PUT', path: '/api/apps/swapped', body: { title: 'After' } });
      await until(() => pausable.holding() === 1);
      const during = await client({ api: 'sites', method: 'GET', path: '/swapped/' });
      const duringScript = await client({ api: 'sites', method: 'GET', path: `/swapped/${scriptOf(during.text)}` });
      pausable.resume();
      await update;
      const after = await client({ api: 'sites', method: 'GET', path: '/swapped/' });
      const afterScript = await client({ api: 'sites', method: 'GET', path: `/swapped/${scriptOf(after.text)}` });

      expect(during.text).toContain('<title>Before</title>');
      expect(duringScript.text).toContain('"Before"');
      expect(after.text).toContain('<title>After</title>');
      expect(afterScript.text).toContain('"After"');
    });

    it('answers 422 for code that does not compile, and keeps the old site', async () => {
      const { client, published } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'stable', title: 'Stable' } });

      const response = await client({ as: alice, method: 'PUT', path: '/api/apps/stable', body: { title: 'Broken', files: { 'src/App.tsx': 'export const App = () => 1 +;\n' } } });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({ errors: [expect.objectContaining({ file: 'src/App.tsx', line: 1 })] });
      expect((await client({ api: 'sites', method: 'GET', path: '/stable/' })).text).toContain('<title>Stable</title>');
      expect((await client({ as: alice, method: 'GET', path: '/api/apps/stable' })).json).toMatchObject({ title: 'Stable' });
      expect(published.map((event) => event.type)).toEqual(['app.created']);
    });

    it('removes the build an update superseded when the app is next updated', async () => {
      const { client, apps, blobs } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'tidy', title: 'First' } });
      const first = await buildKeysOf(apps, 'tidy');
      await client({ as: alice, method: 'PUT', path: '/api/apps/tidy', body: { title: 'Second' } });
      const second = await buildKeysOf(apps, 'tidy');

      await client({ as: alice, method: 'PUT', path: '/api/apps/tidy', body: { title: 'Third' } });

      expect(await Promise.all(first.map((key) => blobs.get(key)))).toEqual(first.map(() => undefined));
      expect((await Promise.all(second.map((key) => blobs.get(key)))).every((blob) => blob !== undefined)).toBe(true);
      expect((await client({ api: 'sites', method: 'GET', path: '/tidy/' })).text).toContain('<title>Third</title>');
    });

    it('answers 404 for an app that does not exist, and 422 for fields it does not take', async () => {
      const { client } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'fixed' } });

      expect((await client({ as: alice, method: 'PUT', path: '/api/apps/nobody', body: { title: 'x' } })).status).toBe(404);
      expect((await client({ as: alice, method: 'PUT', path: '/api/apps/fixed', body: { name: 'renamed' } })).status).toBe(422);
    });
  });

  describe('DELETE /api/apps/{name}', () => {
    it('answers 204 and removes the site, the source and the metadata, then announces app.deleted', async () => {
      const { client, published } = start();
      const created = (await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'doomed' } })).json as App;
      const page = await client({ api: 'sites', method: 'GET', path: '/doomed/' });

      const response = await client({ as: alice, method: 'DELETE', path: '/api/apps/doomed' });

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect((await client({ as: alice, method: 'GET', path: '/api/apps/doomed' })).status).toBe(404);
      expect((await client({ as: alice, method: 'GET', path: '/api/apps/doomed/source' })).status).toBe(404);
      expect((await client({ api: 'sites', method: 'GET', path: '/doomed/' })).status).toBe(404);
      expect((await client({ api: 'sites', method: 'GET', path: `/doomed/${scriptOf(page.text)}` })).status).toBe(404);
      expect(created.build.files.length).toBeGreaterThan(0);
      expect(published.at(-1)).toEqual({ id: expect.stringMatching(/^evt_/), type: 'app.deleted', data: { name: 'doomed', url: 'https://sites.example/doomed/' } });
    });

    it('leaves nothing of the app in the blob store', async () => {
      const { client, apps, blobs } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'doomed' } });
      const record = await apps.get('doomed');
      const keys = [sourceKey('doomed', record?.buildId ?? ''), ...(record?.build.files ?? []).map((file) => siteKey('doomed', record?.buildId ?? '', file.path))];

      await client({ as: alice, method: 'DELETE', path: '/api/apps/doomed' });

      expect(keys.length).toBeGreaterThan(3);
      expect(await Promise.all(keys.map((key) => blobs.get(key)))).toEqual(keys.map(() => undefined));
    });

    it('leaves nothing in the blob store of an app that was updated', async () => {
      const { client, apps, blobs } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'doomed', title: 'First' } });
      const first = await buildKeysOf(apps, 'doomed');
      await client({ as: alice, method: 'PUT', path: '/api/apps/doomed', body: { title: 'Second' } });
      const keys = [...first, ...(await buildKeysOf(apps, 'doomed'))];

      await client({ as: alice, method: 'DELETE', path: '/api/apps/doomed' });

      expect(await Promise.all(keys.map((key) => blobs.get(key)))).toEqual(keys.map(() => undefined));
    });

    it('keeps serving React’s vendor modules, one copy for every app, to the apps left after another is deleted', async () => {
      const { client } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'doomed' } });
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'survivor' } });

      await client({ as: alice, method: 'DELETE', path: '/api/apps/doomed' });

      const preloads = preloadsOf((await client({ api: 'sites', method: 'GET', path: '/survivor/' })).text);
      const served = await Promise.all(preloads.map((path) => client({ api: 'sites', method: 'GET', path: `/survivor/${path}` })));
      expect(preloads.length).toBeGreaterThan(0);
      expect(served.map((response) => [response.status, response.headers['cache-control']])).toEqual(preloads.map(() => [200, 'public, max-age=31536000, immutable']));
    });

    it('answers 404 when the app does not exist, and lets its name be used again after a delete', async () => {
      const { client } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'reborn' } });
      await client({ as: alice, method: 'DELETE', path: '/api/apps/reborn' });

      const again = await client({ as: alice, method: 'DELETE', path: '/api/apps/reborn' });
      const recreated = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'reborn' } });

      expect(again.status).toBe(404);
      expect(recreated.status).toBe(201);
    });
  });

  describe('routing', () => {
    it('answers GET /react-app-manager/health, its health route on the shared HTTP API', async () => {
      const { client } = start();

      const response = await client({ method: 'GET', path: '/react-app-manager/health' });

      expect(response.json).toEqual({ status: 'ok', service: 'react-app-manager', version: '1.2.3' });
    });

    it('serves no site on the API origin', async () => {
      const { client } = start();
      await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'elsewhere' } });

      const page = await client({ as: alice, method: 'GET', path: '/apps/elsewhere/' });
      const bare = await client({ as: alice, method: 'GET', path: '/elsewhere/' });

      expect(page.status).toBe(404);
      expect(bare.status).toBe(404);
      expect((await client({ api: 'sites', method: 'GET', path: '/elsewhere/' })).status).toBe(200);
    });
  });
});

// The gateway routes only deploy.json's route keys, so what follows is the function's own answer to what reaches it.
describe('react-app-manager’s handler', () => {
  const start = startHandler;

  it('answers GET /health', async () => {
    const { client } = start();

    expect((await client({ method: 'GET', path: '/health' })).json).toEqual({ status: 'ok', service: 'react-app-manager', version: '1.2.3' });
  });

  it('answers 405 with Allow for a method a path does not take', async () => {
    const { client } = start();

    const response = await client({ as: alice, method: 'PATCH', path: '/api/apps/my-app' });

    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, PUT, DELETE');
  });
});
