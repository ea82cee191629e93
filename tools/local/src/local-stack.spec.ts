import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CallbackRecord, DeliveryReport, Page } from '@sm/events';
import { startLocalStackProcess, type LocalStackProcess } from '@sm/testing';

const workspaceRoot = resolve(__dirname, '../../..');

/** Starts `npm start`'s entry point as a user would, on a free port, and waits for its URL. */
function startLocalStack(dataDir = mkdtempSync(join(tmpdir(), 'local-stack-'))): Promise<LocalStackProcess> {
  return startLocalStackProcess({ workspaceRoot, dataDir });
}

async function call(url: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(url, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  return { status: response.status, json: await response.json() };
}

function stop(stack: LocalStackProcess): Promise<void> {
  return stack.stop();
}

describe('npm start: every service behind one local gateway', () => {
  let stack: Awaited<ReturnType<typeof startLocalStack>>;
  beforeAll(async () => {
    stack = await startLocalStack();
  }, 40_000);
  afterAll(() => stop(stack));

  it('runs the README flow with the printed token: a public callback, an integration delivered to the callback-service, both listed', async () => {
    const text = 'Hello, Serverless Microservices架构!';
    const token = stack.devToken;

    const callback = await call(`${stack.url}/api/callback`, { method: 'POST', body: { text } });
    const integration = await call(`${stack.url}/api/integration`, { method: 'POST', body: { text: 'Delivered through integration' }, token });
    const listed = await call(`${stack.url}/api/callbacks`, { token });

    expect(callback).toEqual({ status: 201, json: expect.objectContaining({ kind: 'text', text, duplicate: false }) });
    expect(integration.status).toBe(200);
    const report = integration.json as DeliveryReport;
    expect(report.deliveries).toEqual([
      expect.objectContaining({ url: `${stack.url}/api/callback`, status: 'delivered', responseStatus: 201 }),
    ]);
    const delivered = report.deliveries[0]?.response as CallbackRecord;
    expect(delivered.event).toMatchObject({ id: report.eventId, type: 'message', data: { text: 'Delivered through integration' } });
    const { items } = listed.json as Page<CallbackRecord>;
    expect(items.map((item) => item.id)).toEqual([delivered.id, (callback.json as CallbackRecord).id]);
  });

  it('refuses protected routes without a token (401) or without their scope (403), as API Gateway’s JWT authorizer does', async () => {
    const readOnly = await stack.token('reader', ['callbacks:read']);

    expect(await call(`${stack.url}/api/callbacks`)).toEqual({ status: 401, json: { message: 'Unauthorized' } });
    expect(await call(`${stack.url}/api/callbacks`, { token: `${stack.devToken}x` })).toEqual({ status: 401, json: { message: 'Unauthorized' } });
    expect(await call(`${stack.url}/api/integration`, { method: 'POST', body: { text: 'no' }, token: readOnly })).toEqual({ status: 403, json: { message: 'Forbidden' } });
    expect((await call(`${stack.url}/api/callbacks`, { token: readOnly })).status).toBe(200);
  });

  it('keeps the stored delivery report readable', async () => {
    const token = stack.devToken;
    const posted = await call(`${stack.url}/api/integration`, { method: 'POST', body: { type: 'order.paid', data: { orderId: 1 }, id: 'e2e-order-1' }, token });

    const report = await call(`${stack.url}/api/integration/e2e-order-1`, { token });

    expect(report).toEqual({ status: 200, json: posted.json });
  });

  it('creates a React app, serves it on the sites origin and announces app.created to the callback-service with its own client-credentials token', async () => {
    const token = stack.devToken;
    const created = await call(`${stack.url}/api/apps`, { method: 'POST', body: { name: 'e2e-counter', title: 'E2E counter' }, token });
    const page = await fetch(`${stack.sitesUrl}/e2e-counter/`);
    const html = await page.text();
    const script = await fetch(`${stack.sitesUrl}/e2e-counter/${/src="\.\/([^"]+)"/.exec(html)?.[1] ?? 'missing'}`);
    const onApiOrigin = await fetch(`${stack.url}/e2e-counter/`);
    const { items } = (await call(`${stack.url}/api/callbacks`, { token })).json as Page<CallbackRecord>;

    expect(created).toEqual({ status: 201, json: expect.objectContaining({ name: 'e2e-counter', status: 'ready', url: `${stack.sitesUrl}/e2e-counter/` }) });
    expect(page.status).toBe(200);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors ${stack.url}`);
    expect(html).toContain('<title>E2E counter</title>');
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(onApiOrigin.status).toBe(404);
    expect(items.map((item) => item.event?.type)).toContain('app.created');
  });

  it('keeps each user’s apps to that user: another user gets 404, as for a missing app, and cannot take the name', async () => {
    const alice = await stack.token('alice', ['apps:read', 'apps:write']);
    const bob = await stack.token('bob', ['apps:read', 'apps:write']);
    await call(`${stack.url}/api/apps`, { method: 'POST', body: { name: 'alice-app' }, token: alice });

    const missing = await call(`${stack.url}/api/apps/nobody-app`, { token: bob });
    const others = await call(`${stack.url}/api/apps/alice-app`, { token: bob });
    const deleted = await call(`${stack.url}/api/apps/alice-app`, { method: 'DELETE', token: bob });
    const taken = await call(`${stack.url}/api/apps`, { method: 'POST', body: { name: 'alice-app' }, token: bob });
    const bobs = await call(`${stack.url}/api/apps`, { token: bob });
    const alices = await call(`${stack.url}/api/apps`, { token: alice });

    expect(others.status).toBe(404);
    expect(JSON.stringify(others.json).replaceAll('alice-app', 'NAME')).toBe(JSON.stringify(missing.json).replaceAll('nobody-app', 'NAME'));
    expect(deleted.status).toBe(404);
    expect(taken.status).toBe(409);
    expect((bobs.json as Page<unknown>).items).toEqual([]);
    expect((alices.json as Page<{ name: string }>).items.map((app) => app.name)).toEqual(['alice-app']);
    expect((await fetch(`${stack.sitesUrl}/alice-app/`)).status).toBe(200);
  });

  it('serves each service’s health at the route its deploy.json declares and answers unknown paths as API Gateway does', async () => {
    expect((await call(`${stack.url}/callback-service/health`)).json).toMatchObject({ status: 'ok', service: 'callback-service' });
    expect((await call(`${stack.url}/integration-service/health`)).json).toMatchObject({ status: 'ok', service: 'integration-service' });
    expect((await call(`${stack.url}/react-app-manager/health`)).json).toMatchObject({ status: 'ok', service: 'react-app-manager' });
    expect(await call(`${stack.url}/health`)).toEqual({ status: 404, json: { message: 'Not Found' } });
    expect(await call(`${stack.url}/nowhere`)).toEqual({ status: 404, json: { message: 'Not Found' } });
  });

  it('prints where the API reference is, and indexes callback-service’s OpenAPI 3.1 document on the gateway', async () => {
    const index = await call(`${stack.url}/local-api/services.json`);
    const entry = (index.json as Array<{ service: string; url: string }>).find((listed) => listed.service === 'callback-service');
    const document = await call(entry?.url ?? 'http://127.0.0.1:9/missing');

    expect(stack.output()).toContain(`API reference: ${stack.url}/local-api/ (index of the services' OpenAPI documents: ${stack.url}/local-api/services.json)`);
    expect(index.status).toBe(200);
    expect(entry).toEqual({ service: 'callback-service', url: `${stack.url}/callback-service/openapi.json` });
    expect(document).toEqual({ status: 200, json: expect.objectContaining({ openapi: '3.1.0', info: expect.objectContaining({ title: 'callback-service' }) }) });
  });

  it('serves the API reference page with a same-origin-only CSP, and the Swagger UI files it loads from this origin', async () => {
    const page = await fetch(`${stack.url}/local-api/`);
    const html = await page.text();
    const loaded = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    const files = await Promise.all(loaded.map(async (path) => ({ path, response: await fetch(new URL(path, page.url)) })));

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'; img-src 'self' data:");
    expect(loaded.every((path) => path.startsWith('/local-api/'))).toBe(true);
    expect(files.map(({ path, response }) => [path, response.status, response.headers.get('content-type')])).toEqual([
      ['/local-api/assets/swagger-ui.css', 200, 'text/css; charset=utf-8'],
      ['/local-api/assets/favicon-32x32.png', 200, 'image/png'],
      ['/local-api/assets/swagger-ui-bundle.js', 200, 'text/javascript; charset=utf-8'],
      ['/local-api/assets/swagger-ui-standalone-preset.js', 200, 'text/javascript; charset=utf-8'],
      ['/local-api/reference.js', 200, 'text/javascript; charset=utf-8'],
    ]);
    expect((await fetch(`${stack.url}/local-api/assets/package.json`)).status).toBe(404);
  });
});

describe('npm start: data survives a restart', () => {
  it('reads back, after a restart on the same data folder, what was written through the HTTP API', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'local-stack-restart-'));
    const first = await startLocalStack(dataDir);
    const callback = await call(`${first.url}/api/callback`, { method: 'POST', body: { text: 'still here after a restart' } });
    const integration = await call(`${first.url}/api/integration`, { method: 'POST', body: { type: 'order.paid', data: { n: 1 }, id: 'restart-1' }, token: first.devToken });
    const app = await call(`${first.url}/api/apps`, { method: 'POST', body: { name: 'kept-app', title: 'Kept across restarts' }, token: first.devToken });
    const pageBefore = await (await fetch(`${first.sitesUrl}/kept-app/`)).text();
    await stop(first);

    const second = await startLocalStack(dataDir);
    const token = second.devToken;
    const record = await call(`${second.url}/api/callbacks/${(callback.json as CallbackRecord).id}`, { token });
    const report = await call(`${second.url}/api/integration/restart-1`, { token });
    const listed = await call(`${second.url}/api/callbacks`, { token });
    const appAfter = await call(`${second.url}/api/apps/kept-app`, { token });
    const pageAfter = await fetch(`${second.sitesUrl}/kept-app/`);
    const pageAfterText = await pageAfter.text();
    await stop(second);

    expect(record).toEqual({ status: 200, json: callback.json });
    expect(report).toEqual({ status: 200, json: integration.json });
    // The callback, the integration's delivery and app.created's delivery.
    expect((listed.json as Page<CallbackRecord>).items).toHaveLength(3);
    // The same app, owned by the same user; its URL is on this stack's sites origin.
    expect(appAfter).toEqual({ status: 200, json: { ...(app.json as object), url: `${second.sitesUrl}/kept-app/` } });
    expect(pageAfter.status).toBe(200);
    expect(pageAfterText).toBe(pageBefore);
    expect(pageAfterText).toContain('Kept across restarts');
  }, 60_000);
});
