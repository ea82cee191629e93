import { CONSOLE_FIXTURE, transports } from './test-setup';

describe.each(transports)('react-app-manager serving the web console through the %s', (_transport, start) => {
  it('serves the console’s page at /console/ to anyone, revalidated on every load', async () => {
    const { client } = start();

    const page = await client({ method: 'GET', path: '/console/' });

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.text).toBe(CONSOLE_FIXTURE.page);
  });

  it('redirects /console to /console/, the address the console signs in to', async () => {
    const { client } = start();

    const response = await client({ method: 'GET', path: '/console' });

    expect(response.status).toBe(308);
    expect(response.headers.location).toBe('/console/');
  });

  it('serves the same page for the console’s own screens, such as an app’s editor', async () => {
    const { client } = start();

    const page = await client({ method: 'GET', path: '/console/apps/my-counter' });

    expect(page.status).toBe(200);
    expect(page.text).toBe(CONSOLE_FIXTURE.page);
  });

  it('serves hashed assets as immutable, and answers 304 to a browser whose copy is current', async () => {
    const { client } = start();

    const script = await client({ method: 'GET', path: `/console/${CONSOLE_FIXTURE.scriptPath}` });
    const again = await client({ method: 'GET', path: `/console/${CONSOLE_FIXTURE.scriptPath}`, headers: { 'if-none-match': String(script.headers.etag) } });

    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.text).toBe(CONSOLE_FIXTURE.script);
    expect(again.status).toBe(304);
  });

  it('answers 404 problem+json for an asset the build does not have, and for a path that leaves the build folder', async () => {
    const { client } = start();

    const missing = await client({ method: 'GET', path: '/console/assets/main-NOPE.js' });
    const escaping = await client({ method: 'GET', path: '/console/assets/..%2F..%2Fpackage.json' });

    expect([missing.status, missing.headers['content-type']]).toEqual([404, 'application/problem+json']);
    expect([escaping.status, escaping.headers['content-type']]).toEqual([404, 'application/problem+json']);
  });

  it('lets the page talk only to this API and the issuer, frame only the sites origin, and be framed by nobody', async () => {
    const { client } = start();

    const page = await client({ method: 'GET', path: '/console/' });

    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self' https://issuer.example");
    expect(policy).toContain('frame-src https://sites.example');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('renders config.json from the function’s environment: the issuer, the console’s client, the apps scopes and each template’s files', async () => {
    const { client } = start({ config: { AUTH_SCOPE_PREFIX: 'serverless-microservices/', CONSOLE_CLIENT_ID: 'console-client' } });

    const config = await client({ method: 'GET', path: '/console/config.json' });

    expect(config.status).toBe(200);
    expect(config.headers['cache-control']).toBe('no-cache');
    expect(config.json).toEqual({
      issuer: 'https://issuer.example/pool',
      clientId: 'console-client',
      scopes: ['serverless-microservices/apps:read', 'serverless-microservices/apps:write'],
      templates: [
        { name: 'blank', files: ['public/index.html', 'src/App.tsx', 'src/main.tsx', 'src/styles.css'] },
        { name: 'counter', files: ['public/index.html', 'src/App.tsx', 'src/main.tsx', 'src/styles.css'] },
        { name: 'todo', files: ['public/index.html', 'src/App.tsx', 'src/main.tsx', 'src/styles.css'] },
      ],
    });
  });

  it('serves no console on a stage without an issuer to sign in with: 404 problem+json naming AUTH_ISSUER', async () => {
    const { client } = start({ config: { AUTH_ISSUER: undefined } });

    const page = await client({ method: 'GET', path: '/console/' });

    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toBe('application/problem+json');
    expect(String((page.json as { detail: string }).detail)).toContain('AUTH_ISSUER');
  });

  it('does not serve the console on the sites origin', async () => {
    const { client } = start();

    const page = await client({ api: 'sites', method: 'GET', path: '/console/' });

    expect(page.status).toBe(404);
  });
});
