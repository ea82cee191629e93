import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { deployedScheduleName, scheduleArn, scheduledEvent } from '@sm/app-deploy';
import { createServiceLogger, type ScheduleEvent, type ServiceHandler } from '@sm/http';
import { appGateways } from '@sm/local-gateway';
import { createMemoryStore, type MutableStore } from '@sm/storage';
import { buildLambdaContext, createTestIssuer, routeTransports, silentLogger, type TestCaller } from '@sm/testing';
import { Webhook } from 'standardwebhooks';
import { createIntegrationService, DELIVER_DUE_SCHEDULE, SERVICE_NAME, type IntegrationServiceAdapters } from './app';
import type { IntegrationServiceConfig, Subscriber } from './config';
import { deliveryKeys, eventKeys, type OutboxDelivery, type StoredEvent } from './outbox';
import { createSubscriberTargets } from './subscriber-targets';

export const TEST_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export function testConfig(subscribers: Subscriber[], overrides: Partial<IntegrationServiceConfig> = {}): IntegrationServiceConfig {
  return {
    WEBHOOK_SECRET: TEST_SECRET,
    CALLBACK_SERVICE_URL: 'http://127.0.0.1:9',
    SUBSCRIBERS: subscribers,
    DELIVERY_ATTEMPT_TIMEOUT_MS: 500,
    DELIVERY_DEADLINE_MS: 2_000,
    DELIVERY_MAX_ATTEMPTS: 3,
    DELIVERY_REPORTS_TABLE: 'delivery-reports',
    DELIVERIES_TABLE: 'deliveries',
    AWS_REGION: 'us-east-1',
    LOG_LEVEL: 'SILENT',
    LOG_FORMAT: 'json',
    APP_VERSION: '1.2.3',
    AUTH_SCOPE_PREFIX: '',
    ...overrides,
  };
}

/** Signs the gateway's tokens and the claims the handler transport passes on. */
export const issuer = createTestIssuer();

/** A caller allowed to publish events and read their delivery reports. */
export const publisher: TestCaller = { sub: 'alice', scopes: ['events:write', 'events:read'] };

const workspaceRoot = join(__dirname, '../../..');

/** What a subscriber server saw. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP subscriber on 127.0.0.1 that answers with the given statuses in turn (the last one
 * repeats), and with `{seen: n}` unless `answer` makes the body from what it received; `headers`
 * adds headers to every answer.
 */
export async function startSubscriber(
  statuses: number[],
  answer: (request: ReceivedRequest, seen: number) => string = (_request, seen) => JSON.stringify({ seen }),
  headers: Record<string, string> = {},
): Promise<{ url: string; received: ReceivedRequest[]; server: Server }> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(got);
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(answer(got, received.length));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, server };
}

export async function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The outbox: the event and delivery stores. */
export interface Outbox {
  events: MutableStore<StoredEvent>;
  deliveries: MutableStore<OutboxDelivery>;
}

export function memoryOutbox(): Outbox {
  return { events: createMemoryStore(eventKeys), deliveries: createMemoryStore(deliveryKeys) };
}

/**
 * The adapters main.ts builds, over stores and a clock of the test's choosing: the subscribers'
 * HTTP clients read the same clock the service sets their deadline by. Jitter is the middle of its
 * range, so each wait is the schedule's own.
 */
export function testAdapters(
  config: IntegrationServiceConfig,
  { outbox = memoryOutbox(), now = () => new Date(), random = () => 0.5 }: { outbox?: Outbox; now?: () => Date; random?: () => number } = {},
): IntegrationServiceAdapters {
  const logger = createServiceLogger(SERVICE_NAME, config);
  return { ...outbox, subscribers: createSubscriberTargets(config, { now, logger }), webhook: new Webhook(config.WEBHOOK_SECRET), now, newId: randomUUID, random, logger };
}

/**
 * The same service reached two ways: its handler with a built event (as the authorizer would have
 * passed it on), and real HTTP through the local gateway serving the routes of its deploy.json
 * behind the test issuer's JWT authorizer.
 */
export const transports = routeTransports({
  app: SERVICE_NAME,
  issuer,
  start: (config: IntegrationServiceConfig, { outbox = memoryOutbox(), now }: { outbox?: Outbox; now?: () => Date } = {}) => {
    const handler = createIntegrationService(config, testAdapters(config, { outbox, ...(now === undefined ? {} : { now }) }));
    // Schedule events reach the function directly, never through the gateway: the same call on either transport.
    return { outbox, handler, deliverDue: () => runDeliverDue(handler) };
  },
  gateway: (handler) => appGateways({ workspaceRoot, app: SERVICE_NAME, handler, authorizer: issuer, logger: silentLogger }),
});

/** A clock that stands still until the test moves it: the retry schedule's hours pass in no time. */
export function virtualClock(start = '2026-12-02T10:00:00.000Z') {
  let time = Date.parse(start);
  return {
    now: () => new Date(time),
    set: (iso: string) => {
      time = Date.parse(iso);
    },
    advance: (ms: number) => {
      time += ms;
    },
  };
}

/**
 * The event EventBridge Scheduler sends for a schedule of deploy.json (the deploy's Input, its
 * context attributes filled in), and what `npm start` sends at the same times.
 */
export function scheduleEvent(schedule: string, time = '2026-12-02T10:01:00Z'): ScheduleEvent {
  const target = { account: '123456789012', region: 'us-east-1' };
  return scheduledEvent(schedule, target, {
    id: randomUUID(),
    time: new Date(time),
    scheduleArn: scheduleArn(target, 'serverless-microservices-dev', deployedScheduleName(SERVICE_NAME, schedule)),
  });
}

/** One invocation of the deliver-due schedule, as Lambda makes it (the function's 15 s timeout). */
export async function runDeliverDue(handler: ServiceHandler): Promise<void> {
  await handler(scheduleEvent(DELIVER_DUE_SCHEDULE), buildLambdaContext({ functionName: SERVICE_NAME, timeoutMs: 15_000 }));
}
