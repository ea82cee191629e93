import { randomUUID } from 'node:crypto';
import type { CallbackRecord } from '@sm/events';
import { createHttpApi, createLogger, type HttpApiHandler } from '@sm/http';
import type { Store, StoreKeys } from '@sm/storage';
import type { CallbackServiceConfig } from './config';
import { callbackRoutes } from './routes';
import { createSignatureVerifier } from './signature';

export const SERVICE_NAME = 'callback-service';

export interface CallbackServiceAdapters {
  store: Store<CallbackRecord>;
  now?: () => Date;
}

/** Callbacks are keyed by id and listed newest first by arrival. */
export const callbackKeys: StoreKeys<CallbackRecord> = { keyOf: (record) => record.id, sortKeyOf: (record) => record.receivedAt };

/** Wires the callback-service from its config and the adapters its composition root chose. */
export function createCallbackService(config: CallbackServiceConfig, adapters: CallbackServiceAdapters): HttpApiHandler {
  const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  return createHttpApi({
    logger,
    scopePrefix: config.AUTH_SCOPE_PREFIX,
    routes: callbackRoutes({
      store: adapters.store,
      verifySignature: createSignatureVerifier(config.WEBHOOK_SECRET),
      allowUnsigned: config.ALLOW_UNSIGNED_CALLBACKS,
      now: adapters.now ?? (() => new Date()),
      newId: randomUUID,
      health: { status: 'ok', service: SERVICE_NAME, version: config.APP_VERSION },
    }),
  });
}
