import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DeliveryReport } from '@sm/events';
import { LOCAL_CREDENTIALS, startEmbeddedDynamoDb, type EmbeddedEngine } from '@sm/local-aws';
import { connectDynamoDb, createDynamoDbStore, createStoreTable, type AwsConnection, type DynamoDbSession } from '@sm/storage';
import { handlerClient, spawnPrinting } from '@sm/testing';
import { createIntegrationService, SERVICE_NAME } from '../src/app';
import { deliveryKeys, eventKeys } from '../src/outbox';
import { issuer, publisher, runDeliverDue, startSubscriber, stopServer, testAdapters, testConfig, virtualClock, type Outbox } from '../src/test-setup';

const workspaceRoot = resolve(__dirname, '../../..');

/** The outbox on DynamoDB (dynalite over `dataDir`, as npm start keeps it), its tables created as the local stack creates them. */
async function dynamoOutbox(dataDir: string): Promise<{ outbox: Outbox; engine: EmbeddedEngine; dynamo: AwsConnection<DynamoDbSession> }> {
  const engine = await startEmbeddedDynamoDb({ path: dataDir });
  const dynamo = connectDynamoDb({ dynamoDbEndpoint: engine.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const { DELIVERY_REPORTS_TABLE, DELIVERIES_TABLE } = testConfig([]);
  for (const table of [DELIVERY_REPORTS_TABLE, DELIVERIES_TABLE]) await createStoreTable(dynamo, table);
  const outbox = { events: createDynamoDbStore(dynamo, DELIVERY_REPORTS_TABLE, eventKeys), deliveries: createDynamoDbStore(dynamo, DELIVERIES_TABLE, deliveryKeys) };
  return { outbox, engine, dynamo };
}

describe('durable delivery on the real local engines', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  let servers: Server[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await Promise.all(servers.map(stopServer));
    servers = [];
  });
  const dataFolder = () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'integration-service-durable-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    return dataDir;
  };
  const openOutbox = async (dataDir: string) => {
    const opened = await dynamoOutbox(dataDir);
    cleanups.push(async () => {
      await opened.dynamo.destroy();
      await opened.engine.close();
    });
    return opened.outbox;
  };

  it('delivers an event whose process died after accepting it and before the first attempt, once the schedule runs after the restart', async () => {
    const dataDir = dataFolder();
    const hook = await startSubscriber([200]);
    servers.push(hook.server);
    const child = spawnPrinting(process.execPath, ['--import', join(workspaceRoot, 'node_modules/tsx/dist/loader.mjs'), 'apps/integration-service/e2e/accept-then-crash.ts'], {
      cwd: workspaceRoot,
      env: { PATH: process.env.PATH, TSX_TSCONFIG_PATH: 'tsconfig.base.json', DATA_DIR: dataDir, SUBSCRIBER_URL: hook.url, EVENT_ID: 'order-42-paid' },
    });

    const exit = await child.exited;
    expect({ exit, printed: child.output().trim() }).toEqual({ exit: { code: null, signal: 'SIGKILL' }, printed: 'first attempt about to be sent: dying' });
    expect(hook.received).toHaveLength(0);

    // The restart: a fresh engine over the same data folder, a fresh service, a clock past the dead request's claim.
    const outbox = await openOutbox(dataDir);
    const clock = virtualClock(new Date(Date.now() + 60_000).toISOString());
    const config = testConfig([{ url: hook.url, types: ['*'] }]);
    const handler = createIntegrationService(config, testAdapters(config, { outbox, now: clock.now }));
    await runDeliverDue(handler);

    expect(hook.received.map((request) => request.headers['webhook-id'])).toEqual(['order-42-paid']);
    expect(JSON.parse(hook.received[0]?.body ?? '')).toMatchObject({ id: 'order-42-paid', type: 'order.paid', data: { orderId: 42 } });
    const report = await handlerClient(handler, SERVICE_NAME, issuer)({ method: 'GET', path: '/api/integration/order-42-paid', as: publisher });
    expect((report.json as DeliveryReport).deliveries).toEqual([
      expect.objectContaining({
        status: 'delivered',
        history: [
          expect.objectContaining({ responseStatus: null, error: 'no outcome recorded: the process sending it stopped' }),
          expect.objectContaining({ responseStatus: 200 }),
        ],
      }),
    ]);
  }, 60_000);

  it('makes one attempt per due delivery when two runs go at once over DynamoDB, its conditional writes deciding who claims each', async () => {
    const events = 40;
    const hook = await startSubscriber([...Array.from({ length: events }, () => 500), 200]);
    servers.push(hook.server);
    const outbox = await openOutbox(dataFolder());
    const clock = virtualClock();
    const config = testConfig([{ url: hook.url, types: ['*'] }], { DELIVERY_MAX_ATTEMPTS: 1, DELIVERY_ATTEMPT_TIMEOUT_MS: 2_000 });
    const service = () => createIntegrationService(config, testAdapters(config, { outbox, now: clock.now }));
    const client = handlerClient(service(), SERVICE_NAME, issuer);
    for (let index = 0; index < events; index += 1) {
      expect((await client({ method: 'POST', path: '/api/integration', as: publisher, body: { type: 'tick', data: {}, id: `evt_tick-${index}` } })).status).toBe(202);
    }

    clock.advance(6_000);
    // Two functions, as two overlapping scheduled invocations on Lambda are.
    await Promise.all([runDeliverDue(service()), runDeliverDue(service())]);

    // Each delivery's history: the request's attempt and exactly one of the runs'.
    const histories = await Promise.all(Array.from({ length: events }, (_, index) => outbox.deliveries.get(`evt_tick-${index}#0`)));
    expect(histories.map((delivery) => delivery?.history.length)).toEqual(histories.map(() => 2));
    const perId = new Map<string, number>();
    for (const request of hook.received.slice(events)) perId.set(String(request.headers['webhook-id']), (perId.get(String(request.headers['webhook-id'])) ?? 0) + 1);
    expect(Math.max(...perId.values())).toBe(1);
  }, 60_000);
});
