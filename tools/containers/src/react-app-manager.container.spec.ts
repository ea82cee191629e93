import type { App } from '@sm/events';
import { serveContainer, urlClient, type ServedContainer } from './container-suite';

const OWNER = { sub: 'container-owner', scopes: ['apps:read', 'apps:write'] };

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
  const client = () => urlClient(served);

  it('answers GET /react-app-manager/health without a token', async () => {
    expect(await client()({ method: 'GET', path: '/react-app-manager/health' })).toMatchObject({ status: 200, json: { status: 'ok', service: 'react-app-manager' } });
  });

  it('builds an app with the esbuild and React inside the image, stores it and serves its site on the sites origin', async () => {
    const created = await client()({ method: 'POST', path: '/api/apps', body: { name: 'boxed-counter', title: 'Boxed counter' }, as: OWNER });
    const page = await client()({ method: 'GET', path: '/boxed-counter/', api: 'sites' });
    const script = /src="\.\/([^"]+)"/.exec(page.text)?.[1] ?? 'missing';
    const module = await client()({ method: 'GET', path: `/boxed-counter/${script}`, api: 'sites' });

    expect(created).toMatchObject({ status: 201, json: { name: 'boxed-counter', status: 'ready', url: `${served.sitesUrl}/boxed-counter/` } });
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
      as: OWNER,
    });
    await client()({ method: 'POST', path: '/api/apps', body: { name: 'boxed-gone' }, as: OWNER });
    const deleted = await client()({ method: 'DELETE', path: '/api/apps/boxed-gone', as: OWNER });
    const site = await client()({ method: 'GET', path: '/boxed-gone/', api: 'sites' });

    expect(forbidden.status).toBe(422);
    expect(JSON.stringify(forbidden.json)).toContain('node:fs');
    expect([deleted.status, site.status]).toEqual([204, 404]);
  });
});
