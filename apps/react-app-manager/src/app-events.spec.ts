import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient } from '@sm/http-client';
import { announce, createIntegrationPublisher, type AppEvent } from './app-events';

const event: AppEvent = { id: 'evt_1', type: 'app.created', data: { name: 'my-app', url: 'https://sites.example/my-app/', template: 'counter', title: 'Mine' } };

async function integrationService(status: number) {
  const received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body });
      response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const close = () => new Promise<void>((closed) => server.close(() => closed()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close };
}

const client = createHttpClient({ service: 'integration-service', timeoutMs: 1000, deadlineMs: 2000, baseDelayMs: 1 });

describe('createIntegrationPublisher', () => {
  it('posts the event to /api/integration with its id as idempotency key and the correlation id', async () => {
    const service = await integrationService(200);
    const publisher = createIntegrationPublisher({ integrationServiceUrl: service.url, client });

    await publisher.publish(event, 'corr-1');
    await service.close();

    expect(service.received).toEqual([
      {
        url: '/api/integration',
        headers: expect.objectContaining({ 'content-type': 'application/json', 'idempotency-key': 'evt_1', 'x-correlation-id': 'corr-1' }),
        body: JSON.stringify(event),
      },
    ]);
  });

  it('rejects when the integration-service does not accept the event', async () => {
    const service = await integrationService(400);
    const publisher = createIntegrationPublisher({ integrationServiceUrl: service.url, client });

    await expect(publisher.publish(event, 'corr-2')).rejects.toThrow(/answered 400/);
    await service.close();
  });
});

describe('announce', () => {
  it('logs an event it could not publish with the app’s name and the event id, and does not throw', async () => {
    const logged: Array<[string, Record<string, unknown>]> = [];
    const failing = { publish: async () => Promise.reject(new Error('connection refused')) };

    await announce(failing, event, { correlationId: 'c', logger: { error: (message, extra) => logged.push([message, extra]) } });

    expect(logged).toEqual([['app event not published', expect.objectContaining({ app: 'my-app', eventId: 'evt_1', eventType: 'app.created' })]]);
  });
});
