import type { CallbackRecord } from '@sm/events';
import { buildHttpApiEvent } from '@sm/testing';
import { Webhook } from 'standardwebhooks';
import { containersOf, serveContainer, urlClient, type ServedContainer } from './container-suite';

const SECRET = 'whsec_Y29udGFpbmVyLXN1aXRlLXNlY3JldC0xMjM0NTY=';
const MAX_CONCURRENCY = 2;
const READER = { sub: 'container-reader', scopes: ['callbacks:read'] };

function signed(payload: string, webhookId: string): Record<string, string> {
  const sentAt = new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(SECRET).sign(webhookId, sentAt, payload),
  };
}

describe('the callback-service image behind serve-container', () => {
  let served: ServedContainer;
  beforeAll(async () => {
    served = await serveContainer(
      'callback-service',
      { WEBHOOK_SECRET: SECRET, ALLOW_UNSIGNED_CALLBACKS: 'true', CALLBACKS_TABLE: 'callbacks', AWS_REGION: 'us-east-1', LOG_LEVEL: 'WARN' },
      MAX_CONCURRENCY,
    );
  });
  afterAll(() => served.stop());
  const client = () => urlClient(served);

  it('answers GET /callback-service/health without a token', async () => {
    const response = await client()({ method: 'GET', path: '/callback-service/health' });

    expect(response).toMatchObject({ status: 200, json: { status: 'ok', service: 'callback-service' } });
  });

  it('stores a plain text callback in the local DynamoDB and reads it back by id', async () => {
    const created = await client()({ method: 'POST', path: '/api/callback', body: { text: 'Hello from a container 架构' } });

    const read = await client()({ method: 'GET', path: `/api/callbacks/${(created.json as CallbackRecord).id}`, as: READER });

    expect(created.status).toBe(201);
    expect(read).toMatchObject({ status: 200, json: { kind: 'text', text: 'Hello from a container 架构' } });
  });

  it('stores a signed event delivery once, answering a redelivery with duplicate: true', async () => {
    const payload = JSON.stringify({ id: 'evt_container', type: 'order.paid', time: new Date().toISOString(), source: 'shop', data: { orderId: 7 } });

    const first = await client()({ method: 'POST', path: '/api/callback', headers: signed(payload, 'msg_container'), body: payload });
    const again = await client()({ method: 'POST', path: '/api/callback', headers: signed(payload, 'msg_container'), body: payload });

    expect(first).toMatchObject({ status: 201, json: { kind: 'event', duplicate: false } });
    expect(again).toMatchObject({ status: 200, json: { duplicate: true } });
  });

  it('answers 401 problem+json for a bad signature', async () => {
    const payload = JSON.stringify({ id: 'evt_forged' });
    const headers = { ...signed(payload, 'msg_forged'), 'webhook-signature': 'v1,Zm9yZ2Vk' };

    const response = await client()({ method: 'POST', path: '/api/callback', headers, body: payload });

    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });

  it('lists callbacks with the development token serve-container printed', async () => {
    const response = await client()({ method: 'GET', path: '/api/callbacks', headers: { authorization: `Bearer ${served.devToken}` } });

    expect(response).toMatchObject({ status: 200, json: { items: expect.any(Array) } });
  });

  it("answers the authorizer's 401 to a protected route without a token, as API Gateway does", async () => {
    const response = await client()({ method: 'GET', path: '/api/callbacks' });

    expect({ status: response.status, json: response.json }).toEqual({ status: 401, json: { message: 'Unauthorized' } });
  });

  it('answers 422 naming the invalid field', async () => {
    const response = await client()({ method: 'POST', path: '/api/callback', body: { text: '' } });

    expect(response).toMatchObject({ status: 422, json: { errors: [expect.objectContaining({ path: 'text' })] } });
  });

  it("answers API Gateway's 404 for a route deploy.json does not declare", async () => {
    const response = await client()({ method: 'GET', path: '/api/nothing-here' });

    expect({ status: response.status, json: response.json }).toEqual({ status: 404, json: { message: 'Not Found' } });
  });

  it('serves concurrent requests from at most MAX_CONCURRENCY warm containers', async () => {
    const responses = await Promise.all([1, 2, 3, 4, 5].map((n) => client()({ method: 'POST', path: '/api/callback', body: { text: `concurrent ${n}` } })));

    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    expect((await containersOf('callback-service', served.runId)).length).toBeLessThanOrEqual(MAX_CONCURRENCY);
  });

  it("answers Lambda's Invoke API with the handler's result for an API Gateway event", async () => {
    const event = buildHttpApiEvent({ method: 'GET', path: '/health' });

    const response = await fetch(`${served.lambdaEndpoint}/2015-03-31/functions/callback-service/invocations`, { method: 'POST', body: JSON.stringify(event) });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-amz-function-error')).toBeNull();
    expect(await response.json()).toMatchObject({ statusCode: 200, body: expect.stringContaining('"service":"callback-service"') });
  });
});
