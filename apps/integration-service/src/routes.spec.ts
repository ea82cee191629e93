import type { Server } from 'node:http';
import { MAX_EVENT_BYTES, type DeliveryReport } from '@sm/events';
import { StorageUnavailableError } from '@sm/storage';
import { Webhook } from 'standardwebhooks';
import { memoryOutbox, publisher, startSubscriber, stopServer, TEST_SECRET, testConfig, transports, type ReceivedRequest } from './test-setup';

describe.each(transports)('integration-service through the %s', (transport, start, refusal) => {
  const servers: Server[] = [];
  const subscriber = async (statuses: number[], answer?: (request: ReceivedRequest, seen: number) => string) => {
    const started = await startSubscriber(statuses, answer);
    servers.push(started.server);
    return started;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(stopServer));
  });

  describe('POST /api/integration', () => {
    it('wraps plain text in a "message" envelope and delivers it signed, reporting the subscriber’s answer', async () => {
      const hook = await subscriber([201]);
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { text: 'Hello, Serverless Microservices架构!' }, headers: { 'x-correlation-id': 'flow-1' } });

      expect(response.status).toBe(200);
      const report = response.json as DeliveryReport;
      expect(report).toEqual({
        eventId: expect.stringMatching(/^evt_/),
        deliveries: [
          {
            url: hook.url,
            status: 'delivered',
            attempts: 1,
            responseStatus: 201,
            durationMs: expect.any(Number),
            response: { seen: 1 },
            history: [{ at: expect.any(String), responseStatus: 201, durationMs: expect.any(Number) }],
          },
        ],
      });
      const [delivered] = hook.received;
      const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(delivered?.headers[name])]));
      const event = new Webhook(TEST_SECRET).verify(delivered?.body ?? '', headers);
      expect(event).toEqual({ id: report.eventId, type: 'message', time: expect.any(String), source: 'integration-service', data: { text: 'Hello, Serverless Microservices架构!' } });
      expect(headers['webhook-id']).toBe(report.eventId);
      expect(delivered?.headers['x-correlation-id']).toBe('flow-1');
    });

    it('delivers an event only to subscribers of its type', async () => {
      const orders = await subscriber([200]);
      const other = await subscriber([200]);
      const { client } = start(testConfig([{ url: orders.url, types: ['order.paid'] }, { url: other.url, types: ['user.created'] }]));

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { type: 'order.paid', data: { orderId: 7 }, id: 'order-7-paid' } });

      expect(response.status).toBe(200);
      expect((response.json as DeliveryReport).eventId).toBe('order-7-paid');
      expect(orders.received).toHaveLength(1);
      expect(other.received).toHaveLength(0);
    });

    it('retries a failing subscriber within the request, with the same webhook id, until it accepts', async () => {
      const flaky = await subscriber([503, 500, 200]);
      const { client } = start(testConfig([{ url: flaky.url, types: ['*'] }]));

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { text: 'again' } });

      expect(response.status).toBe(200);
      expect((response.json as DeliveryReport).deliveries[0]).toMatchObject({ status: 'delivered', attempts: 3, responseStatus: 200 });
      expect(new Set(flaky.received.map((request) => request.headers['webhook-id'])).size).toBe(1);
    });

    it('answers 202 with the report when deliveries failed their first attempt, saying when each is retried', async () => {
      const down = await subscriber([500]);
      const { client } = start(testConfig([{ url: down.url, types: ['*'] }, { url: 'http://127.0.0.1:9/closed', types: ['*'] }]));

      const before = Date.now();
      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { text: 'nobody home' } });

      expect(response.status).toBe(202);
      const { deliveries } = response.json as DeliveryReport;
      expect(deliveries[0]).toMatchObject({ status: 'retrying', attempts: 3, responseStatus: 500, response: { seen: 3 }, history: [{ responseStatus: 500, error: 'subscriber answered 500' }] });
      expect(deliveries[1]).toMatchObject({ status: 'retrying', responseStatus: null, error: expect.stringContaining('127.0.0.1:9') });
      for (const delivery of deliveries) expect(Date.parse(delivery.nextAttemptAt ?? '')).toBeGreaterThanOrEqual(before + 5_000);
    });

    it('answers 202 when one delivery succeeded and another will be retried', async () => {
      const up = await subscriber([200]);
      const down = await subscriber([400]);
      const { client } = start(testConfig([{ url: up.url, types: ['*'] }, { url: down.url, types: ['*'] }]));

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { text: 'half' } });

      expect(response.status).toBe(202);
      expect((response.json as DeliveryReport).deliveries.map((delivery) => delivery.status)).toEqual(['delivered', 'retrying']);
      expect(down.received).toHaveLength(1);
    });

    it('answers 200 when one delivery succeeded and the other subscriber answered 410 Gone, which is never retried', async () => {
      const up = await subscriber([200]);
      const gone = await subscriber([410]);
      const { client } = start(testConfig([{ url: up.url, types: ['*'] }, { url: gone.url, types: ['*'] }]));

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { text: 'half' } });

      expect(response.status).toBe(200);
      expect((response.json as DeliveryReport).deliveries.map((delivery) => delivery.status)).toEqual(['delivered', 'failed']);
    });

    it('answers 502 with the report when every subscriber answered 410 Gone', async () => {
      const gone = await subscriber([410]);
      const { client } = start(testConfig([{ url: gone.url, types: ['*'] }]));

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { text: 'nobody wants it' } });

      expect(response.status).toBe(502);
      expect((response.json as DeliveryReport).deliveries).toEqual([expect.objectContaining({ status: 'failed', responseStatus: 410, error: expect.stringContaining('410 Gone') })]);
    });

    it('does not deliver an event id twice: a repeat answers the stored report', async () => {
      const hook = await subscriber([200]);
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));
      const body = { type: 'order.paid', data: { orderId: 8 }, id: 'order-8-paid' };
      const first = await client({ method: 'POST', path: '/api/integration', as: publisher, body });

      const again = await client({ method: 'POST', path: '/api/integration', as: publisher, body });

      expect(again.status).toBe(200);
      expect(again.json).toEqual(first.json);
      expect(hook.received).toHaveLength(1);
    });

    it.each([
      ['an empty text', { text: '' }],
      ['an event without data', { type: 'order.paid' }],
      ['an event type with spaces', { type: 'order paid', data: {} }],
      ['both forms at once', { text: 'a', type: 'x', data: 1 }],
    ])('answers 422 for %s and delivers nothing', async (_case, body) => {
      const hook = await subscriber([200]);
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, body });

      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(hook.received).toHaveLength(0);
    });

    it('answers 400 for malformed JSON and 415 for another content type', async () => {
      const { client } = start(testConfig([]));

      const malformed = await client({ method: 'POST', path: '/api/integration', as: publisher, headers: { 'content-type': 'application/json' }, body: '{' });
      const wrongType = await client({ method: 'POST', path: '/api/integration', as: publisher, headers: { 'content-type': 'text/plain' }, body: 'hi' });

      expect(malformed.status).toBe(400);
      expect(wrongType.status).toBe(415);
    });

    it('answers 400 naming the depth limit for event data nested 1000 levels deep, delivering nothing', async () => {
      const hook = await subscriber([200]);
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));
      const body = `{"type":"n","data":${'['.repeat(1000)}${']'.repeat(1000)}}`;

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, headers: { 'content-type': 'application/json' }, body });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ detail: expect.stringContaining('the limit is 64') });
      expect(hook.received).toHaveLength(0);
    });

    it('answers 422 for event data with a lone surrogate, delivering nothing', async () => {
      const hook = await subscriber([200]);
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, headers: { 'content-type': 'application/json' }, body: '{"type":"n","data":{"name":"\\udc00"}}' });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({ errors: [{ path: 'data.name', message: expect.stringContaining('well-formed Unicode') }] });
      expect(hook.received).toHaveLength(0);
    });

    it('answers 413 naming the limit for an event too large for a subscriber to store, delivering nothing', async () => {
      const hook = await subscriber([200]);
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { type: 'big', data: 'x'.repeat(900 * 1024) } });

      expect(response.status).toBe(413);
      expect(response.json).toMatchObject({ detail: expect.stringContaining(`the limit is ${MAX_EVENT_BYTES} bytes`) });
      expect(hook.received).toHaveLength(0);
    });

    it('stores and answers the delivery without the subscriber’s answer when it would make the delivery too large to store', async () => {
      // The stored answer is capped at 64 KiB, but control characters take 6 bytes each once stored as JSON: with the event, over 400 KB.
      const hook = await subscriber([200], () => '\u0001'.repeat(70_000));
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { type: 'big', data: 'x'.repeat(MAX_EVENT_BYTES / 4) } });

      expect(response.status).toBe(200);
      const report = response.json as DeliveryReport;
      expect(report.deliveries).toEqual([expect.objectContaining({ status: 'delivered', response: null })]);
      expect((await client({ method: 'GET', path: `/api/integration/${report.eventId}`, as: publisher })).json).toEqual(report);
    });

    it('answers 413 for a body over 1 MiB', async () => {
      const { client } = start(testConfig([]));

      const response = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { type: 'big', data: 'x'.repeat(1024 * 1024) } });

      expect(response.status).toBe(413);
    });
  });

  describe('GET /api/integration/{eventId}', () => {
    it('answers the stored delivery report', async () => {
      const hook = await subscriber([200]);
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));
      const posted = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { text: 'report me' } });
      const { eventId } = posted.json as DeliveryReport;

      const response = await client({ method: 'GET', path: `/api/integration/${eventId}`, as: publisher });

      expect(response.status).toBe(200);
      expect(response.json).toEqual(posted.json);
    });

    it('answers 404 for an unknown event', async () => {
      const { client } = start(testConfig([]));

      const response = await client({ method: 'GET', path: '/api/integration/evt_unknown', as: publisher });

      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({ detail: 'no delivery report for event "evt_unknown"' });
    });

    it('answers 404 for an event id of 2049 characters without asking the store', async () => {
      const outbox = memoryOutbox();
      const get = jest.spyOn(outbox.events, 'get');
      const { client } = start(testConfig([]), { outbox });

      const response = await client({ method: 'GET', path: `/api/integration/evt_${'a'.repeat(2045)}`, as: publisher });

      expect(response.status).toBe(404);
      expect(get).not.toHaveBeenCalled();
    });
  });

  describe('an unavailable event store', () => {
    it.each([
      ['POST', '/api/integration', { text: 'later' }],
      ['GET', '/api/integration?status=failed', undefined],
      ['GET', '/api/integration/evt_1', undefined],
      ['POST', '/api/integration/evt_1/replay', undefined],
    ])('answers 503 problem+json with Retry-After to %s %s, telling nothing of the cause', async (method, path, body) => {
      const outbox = memoryOutbox();
      for (const operation of ['putIfAbsent', 'get', 'listGroup'] as const) {
        jest.spyOn(outbox.events, operation).mockRejectedValue(new StorageUnavailableError({ cause: new Error('ThrottlingException at 10.0.0.7') }));
      }
      const { client } = start(testConfig([]), { outbox });

      const response = await client({ method, path, body, as: publisher });

      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(response.text).not.toContain('10.0.0.7');
    });
  });

  describe('authorization', () => {
    const protectedRoutes: Array<[string, string, string, unknown]> = [
      ['POST', '/api/integration', 'events:write', { text: 'refused' }],
      ['GET', '/api/integration/evt_1', 'events:read', undefined],
      ['GET', '/api/integration?status=failed', 'events:read', undefined],
      ['POST', '/api/integration/evt_1/replay', 'events:write', undefined],
    ];

    it.each(protectedRoutes)('answers 401 to %s %s without a token, delivering nothing', async (method, path, _scope, body) => {
      const hook = await subscriber([200]);
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));

      const response = await client({ method, path, body });

      expect(response).toMatchObject(refusal(401));
      expect(hook.received).toHaveLength(0);
    });

    it.each(protectedRoutes)('answers 403 to %s %s for a token without %s, delivering nothing', async (method, path, scope, body) => {
      const hook = await subscriber([200]);
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));
      const otherScopes = publisher.scopes.filter((held) => held !== scope);

      const response = await client({ method, path, body, as: { sub: 'mallory', scopes: [...otherScopes, 'callbacks:read'] } });

      expect(response).toMatchObject(refusal(403));
      expect(hook.received).toHaveLength(0);
    });

    it('accepts an event for a token with events:write alone', async () => {
      const hook = await subscriber([200]);
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));

      const response = await client({ method: 'POST', path: '/api/integration', body: { text: 'writer' }, as: { sub: 'svc', scopes: ['events:write'] } });

      expect(response.status).toBe(200);
      expect(hook.received).toHaveLength(1);
    });

    it('answers a delivery report for a token with events:read alone', async () => {
      const hook = await subscriber([200]);
      const { client } = start(testConfig([{ url: hook.url, types: ['*'] }]));
      const posted = await client({ method: 'POST', path: '/api/integration', body: { text: 'reader' }, as: publisher });
      const { eventId } = posted.json as DeliveryReport;

      const response = await client({ method: 'GET', path: `/api/integration/${eventId}`, as: { sub: 'bob', scopes: ['events:read'] } });

      expect(response.status).toBe(200);
      expect(response.json).toEqual(posted.json);
    });
  });

  describe('routing', () => {
    it('answers GET /integration-service/health, its health route on the shared HTTP API', async () => {
      const { client } = start(testConfig([]));

      const response = await client({ method: 'GET', path: '/integration-service/health' });

      expect(response.json).toEqual({ status: 'ok', service: 'integration-service', version: '1.2.3' });
    });

    // The gateway routes only what deploy.json declares; the handler's own routing answers the rest.
    if (transport === 'local gateway') {
      it('answers 404 {"message":"Not Found"} for a method or path deploy.json declares no route for', async () => {
        const { client } = start(testConfig([]));

        const responses = await Promise.all([client({ method: 'PUT', path: '/api/integration' }), client({ method: 'GET', path: '/health' })]);

        expect(responses.map(({ status, json }) => ({ status, json }))).toEqual([
          { status: 404, json: { message: 'Not Found' } },
          { status: 404, json: { message: 'Not Found' } },
        ]);
      });
    } else {
      it('answers GET /health', async () => {
        const { client } = start(testConfig([]));

        expect((await client({ method: 'GET', path: '/health' })).json).toEqual({ status: 'ok', service: 'integration-service', version: '1.2.3' });
      });

      it('answers 405 with Allow and 404 for unknown routes', async () => {
        const { client } = start(testConfig([]));

        const wrongMethod = await client({ method: 'PUT', path: '/api/integration' });
        const unknown = await client({ method: 'GET', path: '/api/integrations' });

        expect(wrongMethod.status).toBe(405);
        expect(wrongMethod.headers.allow).toBe('POST, GET');
        expect(unknown.status).toBe(404);
      });
    }
  });
});
