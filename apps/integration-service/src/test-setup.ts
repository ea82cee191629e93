import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { appHttpApis, createLocalGateway } from '@sm/local-gateway';
import {
  authorizerRefusal,
  createTestIssuer,
  handlerClient,
  handlerRefusal,
  httpClient,
  silentLogger,
  type Refusal,
  type TestCaller,
  type TestClient,
} from '@sm/testing';
import { createMemoryStore, type Store } from '@sm/storage';
import type { StoredReport } from './accept-event';
import { createIntegrationService, reportKeys, SERVICE_NAME } from './app';
import type { IntegrationServiceConfig, Subscriber } from './config';

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
 * The same service reached two ways: its handler with a built event (as the authorizer would have
 * passed it on), and real HTTP through the local gateway serving the routes of its deploy.json
 * behind the test issuer's JWT authorizer.
 */
export const transports: Array<[string, (config: IntegrationServiceConfig, reports?: Store<StoredReport>) => TestClient, Refusal]> = [
  ['handler', (config, reports = createMemoryStore(reportKeys)) => handlerClient(createIntegrationService(config, { reports }), SERVICE_NAME, issuer), handlerRefusal],
  [
    'local gateway',
    (config, reports = createMemoryStore(reportKeys)) => {
      const handler = createIntegrationService(config, { reports });
      const { api } = appHttpApis({ workspaceRoot, app: SERVICE_NAME, handler, authorizer: issuer });
      return httpClient(createLocalGateway({ logger: silentLogger, apis: [api] }), { issuer });
    },
    authorizerRefusal,
  ],
];
