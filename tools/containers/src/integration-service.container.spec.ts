import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryReport } from '@sm/events';
import { Webhook } from 'standardwebhooks';
import { serveContainer, urlClient, type ServedContainer } from './container-suite';

const SECRET = 'whsec_Y29udGFpbmVyLXN1aXRlLXNlY3JldC0xMjM0NTY=';
const PUBLISHER = { sub: 'container-publisher', scopes: ['events:write'] };
const READER = { sub: 'container-reader', scopes: ['events:read'] };

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A subscriber on 127.0.0.1, which the container reaches over the host network. */
async function startSubscriber(): Promise<{ server: Server; url: string; received: Delivery[] }> {
  const received: Delivery[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ seen: received.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received };
}

describe('the integration-service image behind serve-container', () => {
  let served: ServedContainer;
  let subscriber: Awaited<ReturnType<typeof startSubscriber>>;
  beforeAll(async () => {
    subscriber = await startSubscriber();
    served = await serveContainer(
      'integration-service',
      {
        WEBHOOK_SECRET: SECRET,
        SUBSCRIBERS: JSON.stringify([{ url: subscriber.url, types: ['*'] }]),
        DELIVERY_REPORTS_TABLE: 'delivery-reports',
        DELIVERIES_TABLE: 'deliveries',
        AWS_REGION: 'us-east-1',
        LOG_LEVEL: 'WARN',
      },
      1,
    );
  });
  afterAll(async () => {
    await served.stop();
    subscriber.server.close();
  });
  const client = () => urlClient(served);

  it('answers GET /integration-service/health without a token', async () => {
    const response = await client()({ method: 'GET', path: '/integration-service/health' });

    expect(response).toMatchObject({ status: 200, json: { status: 'ok', service: 'integration-service' } });
  });

  it('delivers an event, signed, to its subscriber and answers with the delivery report', async () => {
    const response = await client()({ method: 'POST', path: '/api/integration', body: { text: 'Hello from a container 架构' }, as: PUBLISHER });

    const report = response.json as DeliveryReport;
    expect(response.status).toBe(200);
    expect(report.deliveries).toEqual([expect.objectContaining({ url: subscriber.url, status: 'delivered', responseStatus: 201 })]);
    const delivery = subscriber.received.at(-1);
    const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(delivery?.headers[name])]));
    expect(new Webhook(SECRET).verify(delivery?.body ?? '', headers)).toMatchObject({ id: report.eventId, data: { text: 'Hello from a container 架构' } });
  });

  it('reads a stored delivery report back from the local DynamoDB', async () => {
    const posted = await client()({ method: 'POST', path: '/api/integration', body: { type: 'order.paid', id: 'container-order-1', data: { orderId: 1 } }, as: PUBLISHER });

    const read = await client()({ method: 'GET', path: '/api/integration/container-order-1', as: READER });

    expect(read).toMatchObject({ status: 200, json: posted.json as object });
  });

  it("answers the authorizer's 403 to a token without the route's scope, as API Gateway does", async () => {
    const response = await client()({ method: 'GET', path: '/api/integration/container-order-1', as: PUBLISHER });

    expect({ status: response.status, json: response.json }).toEqual({ status: 403, json: { message: 'Forbidden' } });
  });

  it('answers 422 problem+json for an invalid event', async () => {
    const response = await client()({ method: 'POST', path: '/api/integration', body: { type: '' }, as: PUBLISHER });

    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });
});
