import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventEnvelope } from '@sm/events';
import { createHttpClient } from '@sm/http-client';
import { Webhook } from 'standardwebhooks';
import { deliverEvent, MAX_STORED_RESPONSE_BYTES } from './deliver-event';
import { stopServer, TEST_SECRET } from './test-setup';

const event: EventEnvelope = { id: 'evt_limits', type: 'message', time: '2026-01-02T03:04:05.000Z', source: 'integration-service', data: { text: 'hi' } };

/** A real subscriber on 127.0.0.1 that answers each request as `answer` says, recording the paths it was asked for. */
async function startSubscriber(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string; paths: string[]; server: Server }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '');
    request.resume();
    request.on('end', () => answer(request, response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, server };
}

function deliverTo(url: string) {
  const client = createHttpClient({ service: 'subscriber', timeoutMs: 5_000, deadlineMs: 10_000, maxAttempts: 3 });
  return deliverEvent(event, { url, client }, { webhook: new Webhook(TEST_SECRET), now: () => new Date(), deadline: Date.now() + 10_000, correlationId: 'c-limits' });
}

describe('deliverEvent', () => {
  const servers: Server[] = [];
  const subscriber = async (answer: (request: IncomingMessage, response: ServerResponse) => void) => {
    const started = await startSubscriber(answer);
    servers.push(started.server);
    return started;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(stopServer));
  });

  it('fails a delivery answered with a 302, naming the status and Location, and never calls the redirect target', async () => {
    const hook = await subscriber((request, response) => {
      if (request.url === '/moved') response.writeHead(200).end('should not be reached');
      else response.writeHead(302, { location: '/moved' }).end();
    });

    const delivery = await deliverTo(`${hook.url}/hooks`);

    expect(delivery).toMatchObject({
      delivered: false,
      requests: 1,
      attempt: { responseStatus: 302, error: 'subscriber redirected with 302 to /moved; webhook deliveries do not follow redirects' },
    });
    expect(hook.paths).toEqual(['/hooks']);
  });

  it('keeps the first 64 KiB of a 1 MB answer as text, marked responseTruncated', async () => {
    const answer = JSON.stringify({ echo: 'z'.repeat(1024 * 1024) });
    const hook = await subscriber((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(answer));

    const delivery = await deliverTo(`${hook.url}/hooks`);

    expect(delivery).toMatchObject({ delivered: true, attempt: { responseStatus: 200 }, response: answer.slice(0, 64 * 1024), responseTruncated: true });
  });

  it('cuts off an endless streaming answer at 64 KiB and closes the connection', async () => {
    let connectionClosed: Promise<unknown> | undefined;
    const hook = await subscriber((_request, response) => {
      connectionClosed = once(response, 'close');
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'w'.repeat(16 * 1024);
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });

    const delivery = await deliverTo(`${hook.url}/hooks`);
    await connectionClosed;

    expect({ length: String(delivery.response).length, responseTruncated: delivery.responseTruncated }).toEqual({
      length: MAX_STORED_RESPONSE_BYTES,
      responseTruncated: true,
    });
  });
});
