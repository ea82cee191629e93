import { randomUUID } from 'node:crypto';
import { createHttpApi, createLogger, type HttpApiHandler } from '@sm/http';
import { createHttpClient } from '@sm/http-client';
import type { Store, StoreKeys } from '@sm/storage';
import { Webhook } from 'standardwebhooks';
import type { StoredReport } from './accept-event';
import { subscribersOf, type IntegrationServiceConfig } from './config';
import { integrationRoutes } from './routes';

export const SERVICE_NAME = 'integration-service';

export interface IntegrationServiceAdapters {
  reports: Store<StoredReport>;
  now?: () => Date;
}

/** Delivery reports are keyed by event id, so an id accepted once is found again. */
export const reportKeys: StoreKeys<StoredReport> = { keyOf: (stored) => stored.eventId, sortKeyOf: (stored) => stored.acceptedAt };

/** Wires the integration-service from its config and the adapters its composition root chose. */
export function createIntegrationService(config: IntegrationServiceConfig, adapters: IntegrationServiceAdapters): HttpApiHandler {
  const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const now = adapters.now ?? (() => new Date());
  const subscribers = subscribersOf(config).map((subscriber) => ({
    ...subscriber,
    client: createHttpClient({
      service: `subscriber ${new URL(subscriber.url).host}`,
      timeoutMs: config.DELIVERY_ATTEMPT_TIMEOUT_MS,
      deadlineMs: config.DELIVERY_DEADLINE_MS,
      maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
      now: () => now().getTime(),
      logger,
    }),
  }));
  return createHttpApi({
    logger,
    scopePrefix: config.AUTH_SCOPE_PREFIX,
    routes: integrationRoutes({
      reports: adapters.reports,
      subscribers,
      webhook: new Webhook(config.WEBHOOK_SECRET),
      source: SERVICE_NAME,
      deadlineMs: config.DELIVERY_DEADLINE_MS,
      now,
      newId: randomUUID,
      health: { status: 'ok', service: SERVICE_NAME, version: config.APP_VERSION },
    }),
  });
}
