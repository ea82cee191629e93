import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServiceLogger } from '@sm/http';
import { appGateways } from '@sm/local-gateway';
import { createMemoryStore, type Store } from '@sm/storage';
import { createTestIssuer, routeTransports, silentLogger, type TestCaller } from '@sm/testing';
import { Webhook } from 'standardwebhooks';
import type { StoredReport } from './accept-event';
import { createIntegrationService, reportKeys, SERVICE_NAME, type IntegrationServiceAdapters } from './app';
import type { IntegrationServiceConfig, Subscriber } from './config';
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
 * repeats), and with `{seen: n}` unless `answer` makes the body from what it received.
 */
export async function startSubscriber(
  statuses: number[],
  answer: (request: ReceivedRequest, seen: number) => string = (_request, seen) => JSON.stringify({ seen }),
): Promise<{ url: string; received: ReceivedRequest[]; server: Server }> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(got);
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' }).end(answer(got, received.length));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, server };
}

export async function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * The adapters main.ts builds, over a store and a clock of the test's choosing: the subscribers'
 * HTTP clients read the same clock the service sets their deadline by.
 */
export function testAdapters(
  config: IntegrationServiceConfig,
  { reports = createMemoryStore(reportKeys), now = () => new Date() }: { reports?: Store<StoredReport>; now?: () => Date } = {},
): IntegrationServiceAdapters {
  const logger = createServiceLogger(SERVICE_NAME, config);
  return { reports, subscribers: createSubscriberTargets(config, { now, logger }), webhook: new Webhook(config.WEBHOOK_SECRET), now, newId: randomUUID, logger };
}

/**
 * The same service reached two ways: its handler with a built event (as the authorizer would have
 * passed it on), and real HTTP through the local gateway serving the routes of its deploy.json
 * behind the test issuer's JWT authorizer.
 */
export const transports = routeTransports({
  app: SERVICE_NAME,
  issuer,
  start: (config: IntegrationServiceConfig, reports: Store<StoredReport> = createMemoryStore(reportKeys)) => ({
    reports,
    handler: createIntegrationService(config, testAdapters(config, { reports })),
  }),
  gateway: (handler) => appGateways({ workspaceRoot, app: SERVICE_NAME, handler, authorizer: issuer, logger: silentLogger }),
});
