import type { CallbackRecord } from '@sm/events';
import { createService, type HttpApiHandler } from '@sm/http';
import type { Store, StoreKeys } from '@sm/storage';
import type { CallbackServiceConfig } from './config';
import type { SignatureVerifier } from './signature';

export const SERVICE_NAME = 'callback-service';

/** What the composition root builds: the store, the signature verifier, the clock and the id source. */
export interface CallbackServiceAdapters {
  store: Store<CallbackRecord>;
  verifySignature: SignatureVerifier;
  now: () => Date;
  newId: () => string;
}

/** Callbacks are keyed by id and listed newest first by arrival. */
export const callbackKeys: StoreKeys<CallbackRecord> = { keyOf: (record) => record.id, sortKeyOf: (record) => record.receivedAt };

/** Wires the callback-service's routes from its config and the adapters its composition root built. */
export function createCallbackService(config: CallbackServiceConfig, adapters: CallbackServiceAdapters): HttpApiHandler {
  return createService({
    name: SERVICE_NAME,
    config,
    // Imported with the first request that is not a health check: a cold start builds only what GET /health needs.
    routes: async () => (await import('./routes')).callbackRoutes({ ...adapters, allowUnsigned: config.ALLOW_UNSIGNED_CALLBACKS }),
    api: async () => (await import('./api')).callbackApi,
  });
}
