import { join } from 'node:path';
import type { CallbackRecord } from '@sm/events';
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
import { callbackKeys, createCallbackService, SERVICE_NAME } from './app';
import type { CallbackServiceConfig } from './config';

export const TEST_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export const testConfig: CallbackServiceConfig = {
  WEBHOOK_SECRET: TEST_SECRET,
  ALLOW_UNSIGNED_CALLBACKS: true,
  CALLBACKS_TABLE: 'callbacks',
  AWS_REGION: 'us-east-1',
  LOG_LEVEL: 'SILENT',
  LOG_FORMAT: 'json',
  APP_VERSION: '1.2.3',
  AUTH_SCOPE_PREFIX: '',
};

/** Signs the gateway's tokens and the claims the handler transport passes on. */
export const issuer = createTestIssuer();

/** A caller allowed to read the stored callbacks. */
export const reader: TestCaller = { sub: 'alice', scopes: ['callbacks:read'] };

const workspaceRoot = join(__dirname, '../../..');

export interface ServiceUnderTest {
  client: TestClient;
  store: Store<CallbackRecord>;
}

/**
 * The same service reached two ways: its handler with a built event (as the authorizer would have
 * passed it on), and real HTTP through the local gateway serving the routes of its deploy.json
 * behind the test issuer's JWT authorizer.
 */
export const transports: Array<[string, (config?: Partial<CallbackServiceConfig>) => ServiceUnderTest, Refusal]> = [
  [
    'handler',
    (config = {}) => {
      const store = createMemoryStore(callbackKeys);
      return { store, client: handlerClient(createCallbackService({ ...testConfig, ...config }, { store }), SERVICE_NAME, issuer) };
    },
    handlerRefusal,
  ],
  [
    'local gateway',
    (config = {}) => {
      const store = createMemoryStore(callbackKeys);
      const handler = createCallbackService({ ...testConfig, ...config }, { store });
      const { api } = appHttpApis({ workspaceRoot, app: SERVICE_NAME, handler, authorizer: issuer });
      return { store, client: httpClient(createLocalGateway({ logger: silentLogger, apis: [api] }), { issuer }) };
    },
    authorizerRefusal,
  ],
];
