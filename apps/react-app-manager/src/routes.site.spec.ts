import type { App } from '@sm/events';
import { alice, transports } from './test-setup';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Every URL a page or module refers to, relative to the file that refers to it. */
const referencesIn = (text: string) => [...text.matchAll(/(?:src|href)="\.\/([^"]+)"|from\s*"\.\/([^"]+)"|import\("\.\/([^"]+)"\)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');

describe.each(transports)('react-app-manager serving sites through the %s', (_transport, start) => {
  async function created(name: string, body: Record<string, unknown> = {}) {
    const service = start();
    const response = await service.client({ as: alice, method: 'POST', path: '/api/apps', body: { name, ...body } });
    return { ...service, app: response.json as App };
  }

  it('serves index.html at the app’s URL, revalidated, with the title filled in and the built files linked', async () => {
    const { client } = await created('site', { title: 'My site' });

    const page = await client({ api: 'sites', method: 'GET', path: '/site/' });

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers.etag).toMatch(/^"[^"]+"$/);
    expect(page.text).toContain('<title>My site</title>');
    expect(page.text).toMatch(/<script type="module" src="\.\/assets\/main-\w+\.js"><\/script>/);
    expect(page.text).toMatch(/<link rel="stylesheet" href="\.\/assets\/main-\w+\.css">/);
    expect(page.text).toMatch(/<link rel="modulepreload" href="\.\/assets\/vendor\/react-dom-client-\w+\.js">/);
  });

  it('serves the site on the sites origin, at the absolute URL the app was answered with', async () => {
    const { client, app } = await created('located');

    const page = await client({ api: 'sites', method: 'GET', path: new URL(app.url).pathname });

    expect(app.url).toBe('https://sites.example/located/');
    expect(page.status).toBe(200);
  });

  it('lets no page but the console frame a site, and no browser sniff its types: pages, files, 304s and redirects', async () => {
    const { client, app } = await created('framed');
    const asset = app.build.files.find((file) => file.path.endsWith('.js'))?.path ?? 'no script';

    const page = await client({ api: 'sites', method: 'GET', path: '/framed/' });
    const responses = [
      page,
      await client({ api: 'sites', method: 'GET', path: `/framed/${asset}` }),
      await client({ api: 'sites', method: 'GET', path: '/framed/', headers: { 'if-none-match': page.headers.etag ?? '' } }),
      await client({ api: 'sites', method: 'GET', path: '/framed' }),
    ];

    expect(responses.map((response) => response.status)).toEqual([200, 200, 304, 308]);
    for (const response of responses) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toBe('frame-ancestors https://console.example');
    }
  });

  it('escapes the title in the page', async () => {
    const { client } = await created('escaped', { title: '<script>alert("hi")</script> & co' });

    const page = await client({ api: 'sites', method: 'GET', path: '/escaped/' });

    expect(page.text).toContain('<title>&#60;script&#62;alert(&#34;hi&#34;)&#60;/script&#62; &#38; co</title>');
  });

  it('redirects the app’s URL without its trailing slash to the one with it', async () => {
    const { client } = await created('slashless');

    const response = await client({ api: 'sites', method: 'GET', path: '/slashless?from=link' });

    expect(response.status).toBe(308);
    expect(new URL(response.headers.location ?? '', 'https://sites.example/slashless?from=link').href).toBe('https://sites.example/slashless/?from=link');
  });

  it('serves every built file with its content type, an ETag and a year-long immutable cache', async () => {
    const { client, app } = await created('assets');

    const assets = app.build.files.filter((file) => file.path.startsWith('assets/'));
    const responses = await Promise.all(assets.map((file) => client({ api: 'sites', method: 'GET', path: `/assets/${file.path}` })));

    expect(assets.map((file) => file.path)).toEqual(expect.arrayContaining([expect.stringMatching(/\.js$/), expect.stringMatching(/\.css$/)]));
    for (const [index, response] of responses.entries()) {
      const path = assets[index]?.path ?? '';
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(path.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      expect(response.headers['cache-control']).toBe(IMMUTABLE);
      expect(response.headers.etag).toMatch(/^"[^"]+"$/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.byteLength(response.text)).toBe(assets[index]?.bytes);
    }
  });

  it('serves a complete site: every file the page and its modules refer to is there', async () => {
    const { client } = await created('complete', { template: 'todo' });
    const page = await client({ api: 'sites', method: 'GET', path: '/complete/' });
    const pending = referencesIn(page.text);
    const fetched = new Map<string, number>();

    while (pending.length > 0) {
      const path = pending.pop() ?? '';
      if (fetched.has(path)) continue;
      const response = await client({ api: 'sites', method: 'GET', path: `/complete/${path}` });
      fetched.set(path, response.status);
      const folder = path.slice(0, path.lastIndexOf('/') + 1);
      pending.push(...referencesIn(response.text).map((reference) => folder + reference));
    }

    expect(fetched.size).toBeGreaterThan(4);
    expect([...fetched.values()].every((status) => status === 200)).toBe(true);
  });

  it('serves public/ files as they are, revalidated', async () => {
    const { client } = await created('public', { files: { 'public/robots.txt': 'User-agent: *\nDisallow:\n', 'public/icons/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' } });

    const robots = await client({ api: 'sites', method: 'GET', path: '/public/robots.txt' });
    const logo = await client({ api: 'sites', method: 'GET', path: '/public/icons/logo.svg' });

    expect(robots).toMatchObject({ status: 200, text: 'User-agent: *\nDisallow:\n' });
    expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(robots.headers['cache-control']).toBe('no-cache');
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    expect(logo.text).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
  });

  it('answers 304 without a body when the browser’s copy is current', async () => {
    const { client } = await created('cached');
    const first = await client({ api: 'sites', method: 'GET', path: '/cached/' });
    const etag = first.headers.etag ?? '';

    const exact = await client({ api: 'sites', method: 'GET', path: '/cached/', headers: { 'if-none-match': etag } });
    const listed = await client({ api: 'sites', method: 'GET', path: '/cached/', headers: { 'if-none-match': `"other", W/${etag}` } });
    const stale = await client({ api: 'sites', method: 'GET', path: '/cached/', headers: { 'if-none-match': '"other"' } });

    expect(exact).toMatchObject({ status: 304, text: '' });
    expect(exact.headers.etag).toBe(etag);
    expect(exact.headers['cache-control']).toBe('no-cache');
    expect(listed.status).toBe(304);
    expect(stale.status).toBe(200);
  });

  it.each([
    ['an app that does not exist', '/nobody/'],
    ['a file the site does not have', '/present/missing.js'],
    ['a path that climbs out of the site', '/present/..%2Fsource.json'],
    ['a path that climbs out of the app', '/present/assets/..%2F..%2F..%2Fother%2Fsite%2Findex.html'],
    ['a name that cannot be an app', '/NOT_AN_APP/'],
  ])('answers 404 for %s', async (_case, path) => {
    const { client } = await created('present');

    const response = await client({ api: 'sites', method: 'GET', path });

    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });

  it.each([
    ['a segment over the blob key segment limit', `assets/${'a'.repeat(300)}.js`],
    ['a segment under 255 bytes that s3rver cannot name with its suffix', 'x'.repeat(240)],
    ['a path over 1024 bytes', `${'dir/'.repeat(260)}index.html`],
  ])('answers 404 for %s, a file no site can have, without asking the blob store', async (_case, path) => {
    const { client, blobs } = await created('long-paths');
    const get = jest.spyOn(blobs, 'get');

    const response = await client({ api: 'sites', method: 'GET', path: `/long-paths/${path}` });

    expect(response.status).toBe(404);
    expect(get).not.toHaveBeenCalled();
  });

  it('answers 404 for a path with a malformed escape, which API Gateway passes on as sent', async () => {
    const { client } = await created('escapes');

    const response = await client({ api: 'sites', method: 'GET', path: '/escapes/%E0%A4%A' });

    expect(response.status).toBe(404);
  });
});
