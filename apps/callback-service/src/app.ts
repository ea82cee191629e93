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

/**
 * The adapters as a composition root may give them to be built on first use: by `build`, with the
 * first request that is not a health check, so a cold start loads neither the store nor the verifier.
 */
export interface DeferredCallbackServiceAdapters {
  build(): Promise<CallbackServiceAdapters>;
}

/** Wires the callback-service's routes from its config and the adapters its composition root built (or builds on first use). */
export function createCallbackService(config: CallbackServiceConfig, adapters: CallbackServiceAdapters | DeferredCallbackServiceAdapters): HttpApiHandler {
  return createService({
    name: SERVICE_NAME,
    config,
    // Imported with the first request that is not a health check: a cold start builds only what GET /health needs.
    // A build that failed (a module that did not load) is tried again by the next request, as a failed import is.
    routes: async () => {
      const [{ callbackRoutes }, built] = await Promise.all([import('./routes'), 'build' in adapters ? adapters.build() : adapters]);
      return callbackRoutes({ ...built, allowUnsigned: config.ALLOW_UNSIGNED_CALLBACKS });
    },
    api: async () => (await import('./api')).callbackApi,
  });
}
