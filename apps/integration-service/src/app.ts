import { createService, type HttpApiHandler, type Logger } from '@sm/http';
import type { Store, StoreKeys } from '@sm/storage';
import type { StoredReport, SubscriberTarget } from './accept-event';
import type { IntegrationServiceConfig } from './config';
import type { WebhookSigner } from './deliver-event';

export const SERVICE_NAME = 'integration-service';

/**
 * What the composition root builds: the report store, the subscribers with their HTTP clients, the
 * webhook signer, the clock and the id source, and the logger the service and the clients share.
 */
export interface IntegrationServiceAdapters {
  reports: Store<StoredReport>;
  subscribers: SubscriberTarget[];
  webhook: WebhookSigner;
  now: () => Date;
  newId: () => string;
  logger: Logger;
}

/** Delivery reports are keyed by event id, so an id accepted once is found again. */
export const reportKeys: StoreKeys<StoredReport> = { keyOf: (stored) => stored.eventId, sortKeyOf: (stored) => stored.acceptedAt };

/** Wires the integration-service's routes from its config and the adapters its composition root built. */
export function createIntegrationService(config: IntegrationServiceConfig, adapters: IntegrationServiceAdapters): HttpApiHandler {
  const { logger, ...deps } = adapters;
  return createService({
    name: SERVICE_NAME,
    config,
    logger,
    // Imported with the first request that is not a health check: a cold start builds only what GET /health needs.
    routes: async () => (await import('./routes')).integrationRoutes({ ...deps, source: SERVICE_NAME, deadlineMs: config.DELIVERY_DEADLINE_MS }),
  });
}
