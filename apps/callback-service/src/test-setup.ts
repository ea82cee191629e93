import type { CallbackRecord } from '@sm/events';
import { createLocalGateway } from '@sm/local-gateway';
import { handlerClient, httpClient, silentLogger, type TestClient } from '@sm/testing';
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
  APP_VERSION: '1.2.3',
  AUTH_SCOPE_PREFIX: '',
};

export interface ServiceUnderTest {
  client: TestClient;
  store: Store<CallbackRecord>;
}

/** The same service reached two ways: its handler with a built event, and real HTTP through the local gateway. */
export const transports: Array<[string, (config?: Partial<CallbackServiceConfig>) => ServiceUnderTest]> = [
  [
    'handler',
    (config = {}) => {
      const store = createMemoryStore(callbackKeys);
      return { store, client: handlerClient(createCallbackService({ ...testConfig, ...config }, { store }), SERVICE_NAME) };
    },
  ],
  [
    'local gateway',
    (config = {}) => {
      const store = createMemoryStore(callbackKeys);
      const handler = createCallbackService({ ...testConfig, ...config }, { store });
      const gateway = createLocalGateway({ logger: silentLogger, apis: [{ routes: [{ routeKey: '$default', fn: { name: SERVICE_NAME, handler } }] }] });
      return { store, client: httpClient(gateway) };
    },
  ],
];
