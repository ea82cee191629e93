import type { App } from '@sm/events';
import { serveContainer, urlClient, type ServedContainer } from './container-suite';

describe('the react-app-manager image behind serve-container', () => {
  let served: ServedContainer;
  beforeAll(async () => {
    served = await serveContainer(
      'react-app-manager',
      { APPS_TABLE: 'react-apps', SITES_BUCKET: 'react-app-sites', AWS_REGION: 'us-east-1', INTEGRATION_SERVICE_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'WARN' },
      2,
    );
  });
  afterAll(() => served.stop());
  const client = () => urlClient(served.url);

  it('answers GET /health', async () => {
    expect(await client()({ method: 'GET', path: '/health' })).toMatchObject({ status: 200, json: { status: 'ok', service: 'react-app-manager' } });
  });

  it('builds an app with the esbuild and React inside the image, stores it and serves its site', async () => {
    const created = await client()({ method: 'POST', path: '/api/apps', body: { name: 'boxed-counter', title: 'Boxed counter' } });
    const page = await client()({ method: 'GET', path: '/apps/boxed-counter/' });
    const script = /src="\.\/([^"]+)"/.exec(page.text)?.[1] ?? 'missing';
    const module = await client()({ method: 'GET', path: `/apps/boxed-counter/${script}` });

    expect(created).toMatchObject({ status: 201, json: { name: 'boxed-counter', status: 'ready', url: '/apps/boxed-counter/' } });
    expect((created.json as App).build.bytes).toBeGreaterThan(100_000);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Boxed counter</title>');
    expect(module).toMatchObject({ status: 200, headers: { 'cache-control': 'public, max-age=31536000, immutable' } });
  });

  it('answers 422 naming a forbidden import, and 404 for a deleted app', async () => {
    const forbidden = await client()({
      method: 'POST',
      path: '/api/apps',
      body: { name: 'boxed-evil', files: { 'src/main.tsx': "import fs from 'node:fs';\nconsole.log(fs);\n" } },
    });
    await client()({ method: 'POST', path: '/api/apps', body: { name: 'boxed-gone' } });
    const deleted = await client()({ method: 'DELETE', path: '/api/apps/boxed-gone' });
    const site = await client()({ method: 'GET', path: '/apps/boxed-gone/' });

    expect(forbidden.status).toBe(422);
    expect(JSON.stringify(forbidden.json)).toContain('node:fs');
    expect([deleted.status, site.status]).toEqual([204, 404]);
  });
});
