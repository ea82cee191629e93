import { setImmediate } from 'node:timers/promises';
import { createHttpClient } from './http-client';
import { answer, useTestServers } from './test-server';

const service = 'react-app-manager';

describe('createHttpClient: what goes over the wire', () => {
  const startServer = useTestServers();

  it('sends the correlation id as x-correlation-id', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 204));
    const client = createHttpClient({ service });

    await client.request({ method: 'GET', url: server.url, correlationId: '8b1c2d3e-corr' });

    expect(server.requests[0]?.headers['x-correlation-id']).toBe('8b1c2d3e-corr');
  });

  it('sends an object body as JSON with content-type application/json', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 202));
    const client = createHttpClient({ service });

    await client.request({ method: 'POST', url: server.url, body: { type: 'app.published', data: { id: 'a1' } } });

    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(server.requests[0]?.body).toBe('{"type":"app.published","data":{"id":"a1"}}');
  });

  it('sends a string body byte for byte, with the content-type the caller gave', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 204));
    const client = createHttpClient({ service });
    // What a webhook signature was computed over, spacing and key order included.
    const signed = '{ "b": 1, "a": "é" }';

    await client.request({
      method: 'POST',
      url: server.url,
      headers: { 'Content-Type': 'application/json' },
      body: signed,
    });

    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(server.requests[0]?.body).toBe(signed);
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'application/problem+json'])(
    'parses a %s response',
    async (contentType) => {
      const server = await startServer((_hit, _request, response) =>
        answer(response, 200, '{"title":"ok","items":[1,2]}', { 'content-type': contentType }),
      );
      const client = createHttpClient({ service });

      const response = await client.request({ method: 'GET', url: server.url });

      expect(response.body).toEqual({ title: 'ok', items: [1, 2] });
    },
  );

  it('returns a text response as text', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 200, '{"looks":"like json"}'));
    const client = createHttpClient({ service });

    const response = await client.request({ method: 'GET', url: server.url });

    expect(response.body).toBe('{"looks":"like json"}');
  });

  it('returns the text of a JSON response that does not parse', async () => {
    const server = await startServer((_hit, _request, response) =>
      answer(response, 502, '<html>Bad Gateway</html>', { 'content-type': 'application/json' }),
    );
    const client = createHttpClient({ service, maxAttempts: 1 });

    const response = await client.request({ method: 'GET', url: server.url });

    expect(response.status).toBe(502);
    expect(response.body).toBe('<html>Bad Gateway</html>');
  });

  it('tells which service, method and URL answered, and how long the call took', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 200, { ok: true }));
    const client = createHttpClient({ service });

    const response = await client.request({ method: 'get', url: `${server.url}/api/apps?limit=2` });

    expect(response).toMatchObject({ service, method: 'GET', url: `${server.url}/api/apps?limit=2`, attempts: 1 });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reuses one keep-alive connection for sequential requests, reading every body to the end', async () => {
    // 256 KiB is more than undici buffers on its own: a body left unread would hold its
    // connection and make the next request open another.
    const large = 'x'.repeat(256 * 1024);
    const server = await startServer((hit, _request, response) =>
      hit === 2 ? answer(response, 503, large) : answer(response, 200, large),
    );
    const client = createHttpClient({ service, random: () => 0 });

    for (const method of ['GET', 'GET', 'PUT']) {
      await client.request({ method, url: server.url, body: method === 'PUT' ? { last: true } : undefined });
      // undici puts the connection back in its pool one turn of the event loop after the body
      // ends; a request started within that turn would open a second connection (kept alive too).
      await setImmediate();
    }

    expect(server.requests).toHaveLength(4);
    expect(server.connections()).toBe(1);
  });
});
