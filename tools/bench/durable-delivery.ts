import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServiceLogger, type ScheduleEvent } from '@sm/http';
import { LOCAL_CREDENTIALS, startEmbeddedDynamoDb } from '@sm/local-aws';
import { connectDynamoDb, createDynamoDbStore, createStoreTable, type AwsConnection, type DynamoDbSession } from '@sm/storage';
import { buildLambdaContext, handlerClient, median, percentile, type StructuredHandler, type TestClient } from '@sm/testing';
import { Webhook } from 'standardwebhooks';
import { queuedDelivery } from '../../apps/integration-service/src/accept-event';
import { createIntegrationService, DELIVER_DUE_SCHEDULE, SERVICE_NAME } from '../../apps/integration-service/src/app';
import type { IntegrationServiceConfig } from '../../apps/integration-service/src/config';
import { deliveryKeys, eventKeys, unclaimed } from '../../apps/integration-service/src/outbox';
import { createSubscriberTargets } from '../../apps/integration-service/src/subscriber-targets';
import { startChildServer } from './child-server';
import { bundleServers } from './server-bundles';
import { benchEnv, WORKSPACE_ROOT } from './workspace';

// `npm run bench:delivery`: what the outbox costs `POST /api/integration` (p50, p95 beside the path
// before it, in one run, alternating) and how many deliveries per second one deliver-due run makes
// against the local callback-service. Figures for a closing note, never for assertions.

/** The last commit whose integration-service delivered inside the request only: the "before" side. */
const BASELINE_COMMIT = 'fe0236bae8f86c740bca7230528caccfeb643324';
const WARM_UP = 20;
const POSTS = 200;
const BACKLOG = 1_000;

const log = (message: string) => console.error(`[bench] ${message}`);
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The before side's factory, as that commit's app.ts exported it. */
interface BaselineApp {
  createIntegrationService(config: IntegrationServiceConfig, adapters: Record<string, unknown>): StructuredHandler;
  reportKeys: { keyOf(item: unknown): string; sortKeyOf(item: unknown): string };
}

/** The baseline commit's integration-service sources, inside the workspace so its `@sm/*` imports resolve to the libs. */
async function importBaseline(): Promise<{ app: BaselineApp; remove(): void }> {
  const root = join(WORKSPACE_ROOT, 'tmp', `bench-baseline-${process.pid}`);
  mkdirSync(root, { recursive: true });
  const archive = execFileSync('git', ['archive', BASELINE_COMMIT, 'apps/integration-service/src'], { cwd: WORKSPACE_ROOT });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  const app = (await import(join(root, 'apps/integration-service/src/app.ts'))) as BaselineApp;
  return { app, remove: () => rmSync(root, { recursive: true, force: true }) };
}

async function timedPosts(clients: Array<[string, TestClient]>): Promise<Map<string, number[]>> {
  const timings = new Map(clients.map(([name]) => [name, [] as number[]]));
  const post = (client: TestClient, n: number) =>
    client({ method: 'POST', path: '/api/integration', as: { sub: 'bench', scopes: ['events:write'] }, body: { text: `bench ${n}` } });
  for (let n = 0; n < WARM_UP; n += 1) for (const [, client] of clients) await post(client, -1 - n);
  for (let n = 0; n < POSTS; n += 1) {
    // Alternating, so both sides see the same machine load.
    for (const [name, client] of clients) {
      const started = performance.now();
      const response = await post(client, n);
      timings.get(name)?.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`${name}: POST /api/integration answered ${response.status}: ${response.text}`);
    }
  }
  return timings;
}

async function main(): Promise<void> {
  const callbackEnv = benchEnv('callback-service');
  const secret = callbackEnv.WEBHOOK_SECRET ?? '';
  log('bundling and starting the callback-service (local gateway, in-memory store) in a child process');
  const bundles = await bundleServers();
  const callbacks = await startChildServer(bundles.gateway, callbackEnv);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-delivery-'));
  const engine = await startEmbeddedDynamoDb({ path: dataDir });
  const dynamo: AwsConnection<DynamoDbSession> = connectDynamoDb({ dynamoDbEndpoint: engine.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const baseline = await importBaseline();
  try {
    for (const table of ['baseline-reports', 'events', 'deliveries']) await createStoreTable(dynamo, table);
    const config: IntegrationServiceConfig = {
      WEBHOOK_SECRET: secret,
      CALLBACK_SERVICE_URL: callbacks.url,
      DELIVERY_ATTEMPT_TIMEOUT_MS: 3_000,
      DELIVERY_DEADLINE_MS: 10_000,
      DELIVERY_MAX_ATTEMPTS: 3,
      DELIVERY_REPORTS_TABLE: 'events',
      DELIVERIES_TABLE: 'deliveries',
      AWS_REGION: 'us-east-1',
      LOG_LEVEL: 'WARN',
      LOG_FORMAT: 'json',
      APP_VERSION: 'bench',
      AUTH_SCOPE_PREFIX: '',
    };
    const logger = createServiceLogger(SERVICE_NAME, config);
    const now = () => new Date();
    const common = { subscribers: createSubscriberTargets(config, { now, logger }), webhook: new Webhook(secret), now, newId: () => crypto.randomUUID(), logger };
    const outbox = { events: createDynamoDbStore(dynamo, 'events', eventKeys), deliveries: createDynamoDbStore(dynamo, 'deliveries', deliveryKeys) };
    const current = createIntegrationService(config, { ...outbox, ...common, random: Math.random });
    const before = baseline.app.createIntegrationService(config, { ...common, reports: createDynamoDbStore(dynamo, 'baseline-reports', baseline.app.reportKeys) });

    log(`${WARM_UP} + ${POSTS} alternating POST /api/integration on each side`);
    const timings = await timedPosts([
      ['before (delivery inside the request, one report write)', handlerClient(before, SERVICE_NAME)],
      ['outbox (event + delivery written before the attempt, outcome after)', handlerClient(current, SERVICE_NAME)],
    ]);
    const rows = [...timings].map(([name, samples]) => ({ name, p50: median(samples), p95: percentile(samples, 95) }));

    log(`queuing ${BACKLOG} due deliveries, then one deliver-due run drains them`);
    const queueBacklog = async (count: number, tag: string) => {
      const at = new Date(Date.now() - 1_000);
      for (let n = 0; n < count; n += 1) {
        const event = { id: `evt_${tag}-${n}`, type: 'message', time: at.toISOString(), source: SERVICE_NAME, data: { text: `backlog ${n}` } };
        await outbox.deliveries.putIfAbsent({ ...unclaimed(queuedDelivery(event, `${callbacks.url}/api/callback`, 0, 'bench', at, 0)), dueAt: at.toISOString() });
      }
    };
    const run = async (timeoutMs: number) => {
      const started = performance.now();
      const event: ScheduleEvent = {
        version: '0',
        id: crypto.randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.scheduler',
        account: '000000000000',
        time: new Date().toISOString(),
        region: 'us-east-1',
        resources: [],
        detail: { schedule: DELIVER_DUE_SCHEDULE },
      };
      await current(event, buildLambdaContext({ functionName: SERVICE_NAME, timeoutMs }));
      return (performance.now() - started) / 1_000;
    };
    await queueBacklog(BACKLOG, 'drain');
    const drainSeconds = await run(15 * 60_000);
    const left = await outbox.deliveries.listGroupUpTo('due', new Date().toISOString(), BACKLOG);
    await queueBacklog(BACKLOG, 'timeout');
    const boundedSeconds = await run(15_000);
    const leftAfterBounded = (await outbox.deliveries.listGroupUpTo('due', new Date().toISOString(), BACKLOG)).length;

    console.log('| Path | p50 | p95 |');
    console.log('| --- | --- | --- |');
    for (const row of rows) console.log(`| ${row.name} | ${ms(row.p50)} | ${ms(row.p95)} |`);
    const [old, outboxRow] = rows;
    if (old && outboxRow) console.log(`\nExtra latency from the outbox: p50 ${ms(outboxRow.p50 - old.p50)}, p95 ${ms(outboxRow.p95 - old.p95)}.`);
    console.log(
      `\nOne deliver-due run drained ${BACKLOG - left.length} of ${BACKLOG} due deliveries in ${drainSeconds.toFixed(1)} s: ` +
        `**${Math.round((BACKLOG - left.length) / drainSeconds)} deliveries/s** (batches of 25 in parallel, each claimed, signed, sent and recorded).`,
    );
    console.log(
      `Under the function's 15 s timeout (batches start while more than DELIVERY_DEADLINE_MS + 2 s remain) a run attempted ` +
        `${BACKLOG - leftAfterBounded} of ${BACKLOG} in ${boundedSeconds.toFixed(1)} s; the rest wait for the next minute's run.`,
    );
    console.log(
      `\n${POSTS} alternating posts per side after ${WARM_UP} warm-up each, in this process through the handler (no gateway); ` +
        'stores on the embedded DynamoDB (dynalite) npm start runs; the subscriber is the callback-service behind the local gateway in a child process.',
    );
  } finally {
    baseline.remove();
    await callbacks.stop();
    bundles.remove();
    await dynamo.destroy();
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
