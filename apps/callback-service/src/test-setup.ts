import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { appGateways } from '@sm/local-gateway';
import { createMemoryStore } from '@sm/storage';
import { createTestIssuer, routeTransports, silentLogger, type TestCaller } from '@sm/testing';
import { callbackKeys, createCallbackService, SERVICE_NAME } from './app';
import type { CallbackServiceConfig } from './config';
import { createSignatureVerifier } from './signature';

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

/**
 * The same service reached two ways: its handler with a built event (as the authorizer would have
 * passed it on), and real HTTP through the local gateway serving the routes of its deploy.json
 * behind the test issuer's JWT authorizer. Each test starts a service of its own, with a fresh store.
 */
export const transports = routeTransports({
  app: SERVICE_NAME,
  issuer,
  start: (overrides: Partial<CallbackServiceConfig> = {}) => {
    const config = { ...testConfig, ...overrides };
    const store = createMemoryStore(callbackKeys);
    const verifySignature = createSignatureVerifier(config.WEBHOOK_SECRET);
    return { store, handler: createCallbackService(config, { store, verifySignature, now: () => new Date(), newId: randomUUID }) };
  },
  gateway: (handler) => appGateways({ workspaceRoot, app: SERVICE_NAME, handler, authorizer: issuer, logger: silentLogger }),
});
