import { createHttpClient } from './http-client';
import { catchClientError } from './catch-client-error';
import { answer, startTestServer, useTestServers } from './test-server';
import { virtualTime } from './virtual-time';

const service = 'callback-service';

describe('createHttpClient: retries', () => {
  const startServer = useTestServers();

  it('retries a GET that answered 503 and resolves with the answer that succeeded', async () => {
    const server = await startServer((hit, _request, response) =>
      hit < 3 ? answer(response, 503) : answer(response, 200, { ok: true }),
    );
    const time = virtualTime();
    const client = createHttpClient({ service, now: time.now, sleep: time.sleep });

    const response = await client.request({ method: 'GET', url: `${server.url}/api/status` });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    expect(response.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it.each([500, 502, 503, 504, 507, 429])('retries a GET that answered %i', async (status) => {
    const server = await startServer((hit, _request, response) => answer(response, hit === 1 ? status : 200));
    const time = virtualTime();
    const client = createHttpClient({ service, now: time.now, sleep: time.sleep });

    const response = await client.request({ method: 'GET', url: server.url });

    expect(response.status).toBe(200);
    expect(response.attempts).toBe(2);
  });

  it.each([400, 401, 403, 404, 409, 422])('resolves with %i from the first attempt, without retrying', async (status) => {
    const server = await startServer((_hit, _request, response) => answer(response, status));
    const time = virtualTime();
    const client = createHttpClient({ service, now: time.now, sleep: time.sleep });

    const response = await client.request({ method: 'GET', url: server.url });

    expect(response.status).toBe(status);
    expect(response.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('attempts a POST without an idempotency key once, even when it answered 500', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 500, 'boom'));
    const time = virtualTime();
    const client = createHttpClient({ service, now: time.now, sleep: time.sleep });

    const response = await client.request({ method: 'POST', url: server.url, body: { event: 'created' } });

    expect(response.status).toBe(500);
    expect(response.body).toBe('boom');
    expect(response.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(time.waits).toEqual([]);
  });

  it('retries a POST that carries a webhook-id header', async () => {
    const server = await startServer((hit, _request, response) => answer(response, hit === 1 ? 502 : 204));
    const time = virtualTime();
    const client = createHttpClient({ service, now: time.now, sleep: time.sleep });

    const response = await client.request({
      method: 'POST',
      url: server.url,
      headers: { 'Webhook-Id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' },
      body: '{"type":"app.created"}',
    });

    expect(response.status).toBe(204);
    expect(server.requests.map((request) => request.headers['webhook-id'])).toEqual([
      'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
    ]);
  });

  it('retries a POST given an idempotency key, sending the same key and body each time', async () => {
    const server = await startServer((hit, _request, response) => answer(response, hit === 1 ? 503 : 201));
    const time = virtualTime();
    const client = createHttpClient({ service, now: time.now, sleep: time.sleep });

    const response = await client.request({
      method: 'POST',
      url: server.url,
      idempotencyKey: 'publish-42',
      body: { id: 42 },
    });

    expect(response.status).toBe(201);
    expect(server.requests.map((request) => [request.headers['idempotency-key'], request.body])).toEqual([
      ['publish-42', '{"id":42}'],
      ['publish-42', '{"id":42}'],
    ]);
  });

  it('resolves with the last answer when every attempt answered 503', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 503, 'busy'));
    const time = virtualTime();
    const client = createHttpClient({ service, now: time.now, sleep: time.sleep });

    const response = await client.request({ method: 'PUT', url: server.url, body: { name: 'app' } });

    expect(response.status).toBe(503);
    expect(response.body).toBe('busy');
    expect(response.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('keeps full-jitter waits between zero and the capped exponential backoff', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 503));
    const time = virtualTime();
    const draws = [0.5, 0.999, 0.999, 0.25];
    const client = createHttpClient({
      service,
      maxAttempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 300,
      random: () => draws.shift() ?? 0,
      now: time.now,
      sleep: time.sleep,
    });

    await client.request({ method: 'GET', url: server.url });

    // Ceilings: 100, 200, then 400 and 800 capped at 300.
    expect(time.waits).toEqual([50, 199, 299, 75]);
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    const server = await startServer((hit, _request, response) =>
      hit === 1 ? answer(response, 429, '', { 'retry-after': '2' }) : answer(response, 200),
    );
    const time = virtualTime();
    const client = createHttpClient({ service, random: () => 0, now: time.now, sleep: time.sleep });

    const response = await client.request({ method: 'GET', url: server.url });

    expect(response.status).toBe(200);
    expect(time.waits).toEqual([2000]);
  });

  it('reads Retry-After as an HTTP date on a 503', async () => {
    // Started on a whole second, the clock reads start + a few ms when the server answers, and
    // the HTTP date, in whole seconds, still says start + 3 s.
    const time = virtualTime(Math.ceil(Date.now() / 1000) * 1000);
    const server = await startServer((hit, _request, response) =>
      hit === 1
        ? answer(response, 503, '', { 'retry-after': new Date(time.now() + 3000).toUTCString() })
        : answer(response, 200),
    );
    const client = createHttpClient({ service, random: () => 0, now: time.now, sleep: time.sleep });

    await client.request({ method: 'GET', url: server.url });

    // 3 s from the start, less the few ms the clock moved before the client read the header.
    expect(time.waits).toHaveLength(1);
    expect(time.waits[0]).toBeGreaterThan(2000);
    expect(time.waits[0]).toBeLessThanOrEqual(3000);
  });

  it('uses the backoff, not Retry-After, on a 500', async () => {
    const server = await startServer((hit, _request, response) =>
      hit === 1 ? answer(response, 500, '', { 'retry-after': '5' }) : answer(response, 200),
    );
    const time = virtualTime();
    const client = createHttpClient({ service, random: () => 0, now: time.now, sleep: time.sleep });

    await client.request({ method: 'GET', url: server.url });

    expect(time.waits).toEqual([0]);
  });

  it('resolves with the 429 without waiting when Retry-After would pass the deadline', async () => {
    const server = await startServer((_hit, _request, response) =>
      answer(response, 429, 'slow down', { 'retry-after': '60' }),
    );
    const time = virtualTime();
    const client = createHttpClient({ service, deadlineMs: 10_000, now: time.now, sleep: time.sleep });

    const response = await client.request({ method: 'GET', url: server.url });

    expect(response.status).toBe(429);
    expect(response.body).toBe('slow down');
    expect(response.attempts).toBe(1);
    expect(time.waits).toEqual([]);
  });

  it('logs one warning per retry', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 503));
    const time = virtualTime();
    const lines: [string, Record<string, unknown>][] = [];
    const client = createHttpClient({
      service,
      random: () => 0,
      now: time.now,
      sleep: time.sleep,
      logger: { warn: (message, extra) => lines.push([message, extra]) },
    });

    await client.request({ method: 'GET', url: `${server.url}/api/apps`, correlationId: 'corr-1' });

    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual([
      `callback-service GET ${server.url}/api/apps attempt 1/3 answered 503; retrying in 0 ms`,
      expect.objectContaining({ attempt: 1, maxAttempts: 3, status: 503, delayMs: 0, correlationId: 'corr-1' }),
    ]);
  });

  it('retries after the connection dropped and resolves with the next answer', async () => {
    const server = await startServer((hit, _request, response) =>
      hit === 1 ? response.socket?.destroy() : answer(response, 200, 'fine'),
    );
    const time = virtualTime();
    const client = createHttpClient({ service, now: time.now, sleep: time.sleep });

    const response = await client.request({ method: 'DELETE', url: server.url });

    expect(response.body).toBe('fine');
    expect(response.attempts).toBe(2);
  });

  it('rejects with the network error of the last attempt when the service cannot be reached', async () => {
    const gone = await startTestServer((_hit, _request, response) => answer(response, 200));
    await gone.close();
    const time = virtualTime();
    const client = createHttpClient({ service, now: time.now, sleep: time.sleep });

    const error = await catchClientError(client.request({ method: 'GET', url: `${gone.url}/api/status` }));

    const host = gone.url.slice('http://'.length);
    expect(error.message).toBe(
      `callback-service GET ${gone.url}/api/status failed on attempt 3/3: fetch failed (connect ECONNREFUSED ${host})`,
    );
    expect(error).toMatchObject({ name: 'HttpClientError', attempt: 3, maxAttempts: 3, status: undefined });
    // undici's errors come from Node's realm, not the test's, so match on the name rather than the class.
    expect(error.cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(time.waits).toHaveLength(2);
  });

  it('rejects a malformed request at once, without attempting it', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 200));
    const client = createHttpClient({ service });

    await expect(client.request({ method: 'GET', url: server.url, body: 'a GET has no body' })).rejects.toThrow(
      'Request with GET/HEAD method cannot have body',
    );
    expect(server.requests).toHaveLength(0);
  });
});
