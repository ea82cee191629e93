import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CallbackRecord, DeliveryReport } from '@sm/events';
import { E2E_WEBHOOK_SECRET, handlerClient, startLocalStackProcess, type LocalStackProcess } from '@sm/testing';
import { createIntegrationService, SERVICE_NAME } from '../src/app';
import { issuer, publisher, runDeliverDue, stopServer, testAdapters, testConfig, virtualClock } from '../src/test-setup';

const workspaceRoot = resolve(__dirname, '../../..');

/**
 * In front of the real callback-service: passes every delivery on, but answers the first `refused`
 * with 503, as a subscriber does whose answer was lost after it had stored the event (a timeout,
 * a proxy failing), which is what makes the sender deliver it again.
 */
async function startRefusingProxy(target: string, refused: number): Promise<{ url: string; answered: number[]; server: Server }> {
  const answered: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(
        ['content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(request.headers[name] ?? '')]),
      );
      void fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) }).then(
        async (upstream) => {
          const body = await upstream.text();
          const status = answered.length < refused ? 503 : upstream.status;
          answered.push(status);
          response.writeHead(status, { 'content-type': 'application/json' }).end(status === 503 ? '{"message":"unavailable"}' : body);
        },
        (error: unknown) => {
          answered.push(502);
          response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error) }));
        },
      );
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/callback`, answered, server };
}

describe('integration-service delivering to the real callback-service (npm start’s stack)', () => {
  let stack: LocalStackProcess;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'integration-service-callbacks-'));
    stack = await startLocalStackProcess({ workspaceRoot, dataDir });
  }, 90_000);
  afterAll(async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores an event once when the subscriber refused the first three attempts and accepted the fourth', async () => {
    const proxy = await startRefusingProxy(`${stack.url}/api/callback`, 3);
    // Near the wall clock: the callback-service refuses a signature whose timestamp is minutes from its own time.
    const clock = virtualClock(new Date().toISOString());
    // Timeouts a loaded machine meets: each refusal is an answer, never a timeout.
    const config = { ...testConfig([{ url: proxy.url, types: ['*'] }], { DELIVERY_ATTEMPT_TIMEOUT_MS: 5_000, DELIVERY_DEADLINE_MS: 10_000 }), WEBHOOK_SECRET: E2E_WEBHOOK_SECRET };
    const handler = createIntegrationService(config, testAdapters(config, { now: clock.now }));
    const client = handlerClient(handler, SERVICE_NAME, issuer);

    const accepted = await client({ method: 'POST', path: '/api/integration', as: publisher, body: { type: 'order.paid', data: { orderId: 99 }, id: 'order-99-paid' } });
    clock.advance(5_000);
    await runDeliverDue(handler);
    await stopServer(proxy.server);

    expect(accepted.status).toBe(202);
    expect(proxy.answered).toEqual([503, 503, 503, 200]);
    const report = (await client({ method: 'GET', path: '/api/integration/order-99-paid', as: publisher })).json as DeliveryReport;
    expect(report.deliveries).toEqual([expect.objectContaining({ status: 'delivered', attempts: 4, response: expect.objectContaining({ duplicate: true }) })]);
    const token = await stack.token('auditor', ['callbacks:read']);
    const listed = await fetch(`${stack.url}/api/callbacks?limit=100`, { headers: { authorization: `Bearer ${token}` } });
    const { items } = (await listed.json()) as { items: CallbackRecord[] };
    expect(items.filter((record) => record.event?.id === 'order-99-paid')).toHaveLength(1);
  }, 60_000);
});
