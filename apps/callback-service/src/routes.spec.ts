import { MAX_TEXT_LENGTH, type CallbackRecord } from '@sm/events';
import { Webhook } from 'standardwebhooks';
import { reader, TEST_SECRET, transports } from './test-setup';

const envelope = {
  id: 'evt_123',
  type: 'order.paid',
  time: '2026-11-25T10:00:00.000Z',
  source: 'shop',
  data: { orderId: 42, note: '架构' },
};

function signedHeaders(payload: string, webhookId = 'msg_1', sentAt = new Date(), secret = TEST_SECRET): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, sentAt, payload),
  };
}

describe.each(transports)('callback-service through the %s', (transport, start, refusal) => {
  describe('POST /api/callback', () => {
    it('stores a plain text callback with its Unicode intact and answers 201 with the record', async () => {
      const { client, store } = start();

      const response = await client({ method: 'POST', path: '/api/callback', body: { text: 'Hello, Serverless Microservices架构!' } });

      expect(response.status).toBe(201);
      const record = response.json as CallbackRecord;
      expect(record).toEqual({
        id: expect.stringMatching(/^cb_/),
        receivedAt: expect.any(String),
        kind: 'text',
        text: 'Hello, Serverless Microservices架构!',
        duplicate: false,
      });
      expect(await store.get(record.id)).toEqual(record);
    });

    it('stores a signed event delivery and answers 201 with the event', async () => {
      const { client } = start();
      const payload = JSON.stringify(envelope);

      const response = await client({ method: 'POST', path: '/api/callback', headers: signedHeaders(payload), body: payload });

      expect(response.status).toBe(201);
      expect(response.json).toMatchObject({ kind: 'event', event: envelope, duplicate: false });
    });

    it('answers a redelivery with the original record, duplicate: true and 200, storing nothing new', async () => {
      const { client, store } = start();
      const payload = JSON.stringify(envelope);
      const first = await client({ method: 'POST', path: '/api/callback', headers: signedHeaders(payload, 'msg_dup'), body: payload });

      const again = await client({ method: 'POST', path: '/api/callback', headers: signedHeaders(payload, 'msg_dup'), body: payload });

      expect(again.status).toBe(200);
      expect(again.json).toEqual({ ...(first.json as CallbackRecord), duplicate: true });
      expect((await store.list({ limit: 10 })).items).toHaveLength(1);
    });

    it('answers 401 and stores nothing for a bad signature', async () => {
      const { client, store } = start();
      const payload = JSON.stringify(envelope);
      const headers = signedHeaders(payload, 'msg_bad', new Date(), 'whsec_' + Buffer.from('another-secret-of-24-bytes').toString('base64'));

      const response = await client({ method: 'POST', path: '/api/callback', headers, body: payload });

      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.json).toMatchObject({ status: 401, detail: expect.stringContaining('signature') });
      expect((await store.list({ limit: 10 })).items).toEqual([]);
    });

    it('answers 401 for a body altered after signing', async () => {
      const { client } = start();
      const payload = JSON.stringify(envelope);

      const response = await client({
        method: 'POST',
        path: '/api/callback',
        headers: signedHeaders(payload),
        body: JSON.stringify({ ...envelope, data: { orderId: 43 } }),
      });

      expect(response.status).toBe(401);
    });

    it('answers 401 for a timestamp more than 5 minutes off, either way', async () => {
      const { client, store } = start();
      const payload = JSON.stringify(envelope);

      const old = await client({ method: 'POST', path: '/api/callback', headers: signedHeaders(payload, 'msg_old', new Date(Date.now() - 6 * 60_000)), body: payload });
      const future = await client({ method: 'POST', path: '/api/callback', headers: signedHeaders(payload, 'msg_new', new Date(Date.now() + 6 * 60_000)), body: payload });

      expect([old.status, future.status]).toEqual([401, 401]);
      expect((await store.list({ limit: 10 })).items).toEqual([]);
    });

    it('answers 401 naming the missing header of a partly signed delivery', async () => {
      const { client } = start();

      const response = await client({ method: 'POST', path: '/api/callback', headers: { 'webhook-id': 'msg_1' }, body: envelope });

      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ detail: 'signed delivery is missing webhook-timestamp, webhook-signature' });
    });

    it('refuses unsigned callbacks with 401 when the setting is absent', async () => {
      const { client, store } = start({ ALLOW_UNSIGNED_CALLBACKS: false });

      const response = await client({ method: 'POST', path: '/api/callback', body: { text: 'hi' } });

      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ detail: expect.stringContaining('unsigned callbacks are not accepted') });
      expect((await store.list({ limit: 10 })).items).toEqual([]);
    });

    it('answers 422 for a signed body that is not an event envelope', async () => {
      const { client } = start();
      const payload = JSON.stringify({ id: 'x', type: 'order.paid' });

      const response = await client({ method: 'POST', path: '/api/callback', headers: signedHeaders(payload), body: payload });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({ errors: expect.arrayContaining([{ path: 'time', message: expect.any(String) }]) });
    });

    it.each([
      ['empty text', { text: '' }, 'text'],
      ['text over 10 000 characters', { text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, 'text'],
      ['a number for text', { text: 7 }, 'text'],
      ['an unknown field', { text: 'a', extra: 1 }, '(body)'],
    ])('answers 422 naming the field for %s, storing nothing', async (_case, body, path) => {
      const { client, store } = start();

      const response = await client({ method: 'POST', path: '/api/callback', body });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({ status: 422, errors: [expect.objectContaining({ path })] });
      expect((await store.list({ limit: 10 })).items).toEqual([]);
    });

    it('accepts text of exactly 10 000 characters', async () => {
      const { client } = start();

      const response = await client({ method: 'POST', path: '/api/callback', body: { text: '語'.repeat(MAX_TEXT_LENGTH) } });

      expect(response.status).toBe(201);
    });

    it('answers 400 for malformed JSON', async () => {
      const { client } = start();

      const response = await client({ method: 'POST', path: '/api/callback', headers: { 'content-type': 'application/json' }, body: '{"text": "a"' });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ status: 400, detail: expect.stringContaining('not valid JSON') });
    });

    it('answers 400 for a correctly signed body that is not JSON', async () => {
      const { client, store } = start();
      const payload = 'this is not JSON';

      const response = await client({ method: 'POST', path: '/api/callback', headers: signedHeaders(payload), body: payload });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ type: 'urn:problem-type:malformed-json', detail: expect.stringContaining('not valid JSON') });
      expect((await store.list({ limit: 10 })).items).toEqual([]);
    });

    it('answers 400 naming the depth limit for signed event data nested 1000 levels deep', async () => {
      const { client } = start();
      const payload = JSON.stringify({ ...envelope, data: 'DEEP' }).replace('"DEEP"', '['.repeat(1000) + ']'.repeat(1000));

      const response = await client({ method: 'POST', path: '/api/callback', headers: signedHeaders(payload), body: payload });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ detail: expect.stringContaining('the limit is 64') });
    });

    it('stores signed event data with numbers beyond DynamoDB’s range as JSON reads them', async () => {
      const { client, store } = start();
      const payload = JSON.stringify({ ...envelope, data: 'NUMBERS' }).replace('"NUMBERS"', '[1e20,9007199254740993,1e-200]');

      const response = await client({ method: 'POST', path: '/api/callback', headers: signedHeaders(payload), body: payload });

      expect(response.status).toBe(201);
      const record = response.json as CallbackRecord;
      expect(record.event?.data).toEqual(JSON.parse('[1e20,9007199254740993,1e-200]'));
      expect((await store.get(record.id))?.event?.data).toEqual(record.event?.data);
    });

    it('answers 413 naming the 400 KB item limit for a signed event too large to store, storing nothing', async () => {
      const { client, store } = start();
      const payload = JSON.stringify({ ...envelope, data: { blob: 'x'.repeat(500 * 1024) } });

      const response = await client({ method: 'POST', path: '/api/callback', headers: signedHeaders(payload), body: payload });

      expect(response.status).toBe(413);
      expect(response.json).toMatchObject({ status: 413, title: 'Content Too Large', detail: expect.stringContaining('at most 400 KB') });
      expect((await store.list({ limit: 10 })).items).toEqual([]);
    });

    it('answers 422 for text with a lone surrogate rather than storing it mangled', async () => {
      const { client, store } = start();

      const response = await client({ method: 'POST', path: '/api/callback', headers: { 'content-type': 'application/json' }, body: '{"text":"a\\ud800b"}' });

      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({ errors: [{ path: 'text', message: expect.stringContaining('well-formed Unicode') }] });
      expect((await store.list({ limit: 10 })).items).toEqual([]);
    });

    it('answers 400 for a "__proto__" key in signed event data rather than dropping it', async () => {
      const { client, store } = start();
      const payload = JSON.stringify({ ...envelope, data: 'PROTO' }).replace('"PROTO"', '{"__proto__":{"admin":true}}');

      const response = await client({ method: 'POST', path: '/api/callback', headers: signedHeaders(payload), body: payload });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ detail: expect.stringContaining('"__proto__" is not allowed as a key') });
      expect((await store.list({ limit: 10 })).items).toEqual([]);
    });

    it('answers 415 for a wrong content type', async () => {
      const { client } = start();

      const response = await client({ method: 'POST', path: '/api/callback', headers: { 'content-type': 'text/plain' }, body: 'hello' });

      expect(response.status).toBe(415);
      expect(response.json).toMatchObject({ detail: 'content-type must be application/json, got "text/plain"' });
    });

    it('answers 413 for a body over 1 MiB', async () => {
      const { client, store } = start();

      const response = await client({ method: 'POST', path: '/api/callback', body: { text: 'x'.repeat(1024 * 1024) } });

      expect(response.status).toBe(413);
      expect((await store.list({ limit: 10 })).items).toEqual([]);
    });
  });

  describe('GET /api/callbacks', () => {
    it('lists newest first across pages with an opaque cursor', async () => {
      const { client } = start();
      for (const text of ['one', 'two', 'three']) {
        await client({ method: 'POST', path: '/api/callback', body: { text } });
        await new Promise((resolve) => setTimeout(resolve, 2));
      }

      const first = await client({ method: 'GET', path: '/api/callbacks?limit=2', as: reader });
      const cursor = (first.json as { nextCursor: string }).nextCursor;
      const second = await client({ method: 'GET', path: `/api/callbacks?limit=2&cursor=${encodeURIComponent(cursor)}`, as: reader });

      expect(first.status).toBe(200);
      expect((first.json as { items: CallbackRecord[] }).items.map((item) => item.text)).toEqual(['three', 'two']);
      expect(second.json).toEqual({ items: [expect.objectContaining({ text: 'one' })], nextCursor: null });
    });

    it('answers 400 for a forged cursor whose position is longer than any key can be', async () => {
      const { client } = start();
      for (const text of ['one', 'two']) await client({ method: 'POST', path: '/api/callback', body: { text } });
      const forged = Buffer.from(JSON.stringify(['x'.repeat(1100), 'cb_00000000-0000-0000-0000-000000000000'])).toString('base64url');

      const response = await client({ method: 'GET', path: `/api/callbacks?cursor=${forged}`, as: reader });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ detail: 'cursor is invalid or expired' });
    });

    it('answers 400 for a cursor longer than 2048 characters', async () => {
      const { client } = start();

      const response = await client({ method: 'GET', path: `/api/callbacks?cursor=${'a'.repeat(5000)}`, as: reader });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ errors: [expect.objectContaining({ path: 'cursor' })] });
    });

    it('answers 400 for a garbled cursor', async () => {
      const { client } = start();

      const response = await client({ method: 'GET', path: '/api/callbacks?cursor=garbage!!', as: reader });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ detail: 'cursor is invalid or expired' });
    });

    it.each(['0', '101', 'ten'])('answers 400 for limit=%s', async (limit) => {
      const { client } = start();

      const response = await client({ method: 'GET', path: `/api/callbacks?limit=${limit}`, as: reader });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ errors: [expect.objectContaining({ path: 'limit' })] });
    });
  });

  describe('GET /api/callbacks/{id}', () => {
    it('answers one stored record', async () => {
      const { client } = start();
      const created = (await client({ method: 'POST', path: '/api/callback', body: { text: 'find me' } })).json as CallbackRecord;

      const response = await client({ method: 'GET', path: `/api/callbacks/${created.id}`, as: reader });

      expect(response.status).toBe(200);
      expect(response.json).toEqual(created);
    });

    it('answers 404 problem+json for an unknown id', async () => {
      const { client } = start();

      const response = await client({ method: 'GET', path: '/api/callbacks/cb_nope', as: reader });

      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({ status: 404, detail: 'no callback with id "cb_nope"' });
    });

    it('answers 404 for an id of 2049 characters without asking the store', async () => {
      const { client, store } = start();
      const get = jest.spyOn(store, 'get');

      const response = await client({ method: 'GET', path: `/api/callbacks/cb_${'a'.repeat(2046)}`, as: reader });

      expect(response.status).toBe(404);
      expect(get).not.toHaveBeenCalled();
    });
  });

  describe('authorization', () => {
    const protectedRoutes = ['/api/callbacks', '/api/callbacks/cb_00000000-0000-0000-0000-000000000000'];

    it.each(protectedRoutes)('answers 401 to GET %s without a token', async (path) => {
      const { client } = start();

      const response = await client({ method: 'GET', path });

      expect(response).toMatchObject(refusal(401));
    });

    it.each(protectedRoutes)('answers 403 to GET %s for a token without callbacks:read', async (path) => {
      const { client } = start();

      const response = await client({ method: 'GET', path, as: { sub: 'mallory', scopes: ['events:write', 'apps:read'] } });

      expect(response).toMatchObject(refusal(403));
    });

    it('lists the callbacks for a token with callbacks:read', async () => {
      const { client } = start();
      await client({ method: 'POST', path: '/api/callback', body: { text: 'listed' } });

      const response = await client({ method: 'GET', path: '/api/callbacks', as: reader });

      expect(response.status).toBe(200);
      expect(response.json).toEqual({ items: [expect.objectContaining({ text: 'listed' })], nextCursor: null });
    });

    it('answers one callback for a token with callbacks:read', async () => {
      const { client } = start();
      const created = (await client({ method: 'POST', path: '/api/callback', body: { text: 'read me' } })).json as CallbackRecord;

      const response = await client({ method: 'GET', path: `/api/callbacks/${created.id}`, as: reader });

      expect(response.status).toBe(200);
      expect(response.json).toEqual(created);
    });

    it('keeps POST /api/callback public: no token is needed to deliver a callback', async () => {
      const { client } = start();

      const response = await client({ method: 'POST', path: '/api/callback', body: { text: 'no token' } });

      expect(response.status).toBe(201);
    });
  });

  describe('routing', () => {
    it('answers GET /callback-service/health, its health route on the shared HTTP API', async () => {
      const { client } = start();

      const response = await client({ method: 'GET', path: '/callback-service/health' });

      expect(response.json).toEqual({ status: 'ok', service: 'callback-service', version: '1.2.3' });
    });

    it('echoes the x-correlation-id', async () => {
      const { client } = start();

      const response = await client({ method: 'GET', path: '/callback-service/health', headers: { 'x-correlation-id': 'trace-42' } });

      expect(response.headers['x-correlation-id']).toBe('trace-42');
    });

    // The gateway routes only what deploy.json declares; the handler's own routing answers the rest.
    if (transport === 'local gateway') {
      it('answers 404 {"message":"Not Found"} for a method or path deploy.json declares no route for', async () => {
        const { client } = start();

        const responses = await Promise.all([client({ method: 'DELETE', path: '/api/callback' }), client({ method: 'GET', path: '/health' })]);

        expect(responses.map(({ status, json }) => ({ status, json }))).toEqual([
          { status: 404, json: { message: 'Not Found' } },
          { status: 404, json: { message: 'Not Found' } },
        ]);
      });
    } else {
      it('answers GET /health', async () => {
        const { client } = start();

        const response = await client({ method: 'GET', path: '/health' });

        expect(response.json).toEqual({ status: 'ok', service: 'callback-service', version: '1.2.3' });
      });

      it('answers 405 with Allow for a wrong method', async () => {
        const { client } = start();

        const response = await client({ method: 'DELETE', path: '/api/callback' });

        expect(response.status).toBe(405);
        expect(response.headers.allow).toBe('POST');
      });

      it('answers 404 problem+json for an unknown route', async () => {
        const { client } = start();

        const response = await client({ method: 'GET', path: '/api/nothing-here' });

        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toBe('application/problem+json');
      });
    }
  });
});
