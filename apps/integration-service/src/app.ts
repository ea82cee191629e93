import { createService, loadOnce, type Logger, type ServiceHandler } from '@sm/http';
import type { MutableStore } from '@sm/storage';
import type { SubscriberTarget } from './attempt-delivery';
import type { IntegrationServiceConfig } from './config';
import type { WebhookSigner } from './deliver-event';
import type { OutboxDelivery, StoredEvent } from './outbox';

export const SERVICE_NAME = 'integration-service';

/** The schedule of deploy.json that retries due deliveries. */
export const DELIVER_DUE_SCHEDULE = 'deliver-due';

/** Time a run keeps after its last batch's deadline, to record that batch's outcomes before Lambda's timeout. */
const RUN_MARGIN_MS = 2_000;

/**
 * What the composition root builds: the event and delivery stores (the outbox), the subscribers with
 * their HTTP clients, the webhook signer, the clock, the id and jitter sources, and the logger the
 * service and the clients share.
 */
export interface IntegrationServiceAdapters {
  events: MutableStore<StoredEvent>;
  deliveries: MutableStore<OutboxDelivery>;
  subscribers: SubscriberTarget[];
  webhook: WebhookSigner;
  now: () => Date;
  newId: () => string;
  random: () => number;
  logger: Logger;
}

/**
 * The adapters as a composition root may give them to be built on first use: the logger now (a cold
 * start logs), the rest by `build` with the first request that is not a health check, or the first
 * schedule run, so a cold start loads neither the stores nor the subscribers' clients nor the signer.
 */
export interface DeferredIntegrationServiceAdapters {
  logger: Logger;
  build(): Promise<Omit<IntegrationServiceAdapters, 'logger'>>;
}

/** Wires the integration-service's routes and schedule from its config and the adapters its composition root built (or builds on first use). */
export function createIntegrationService(config: IntegrationServiceConfig, adapters: IntegrationServiceAdapters | DeferredIntegrationServiceAdapters): ServiceHandler {
  const { logger } = adapters;
  // Built once; a build that failed (a module that did not load) is tried again by the next request.
  const deps = loadOnce(async () => ({ ...('build' in adapters ? await adapters.build() : adapters), source: SERVICE_NAME, deadlineMs: config.DELIVERY_DEADLINE_MS }));
  // The schedule's code loads with its first run, as the routes load with the first request: a cold start builds neither.
  const deliverDue = loadOnce(async () => {
    const [{ createDeliverDue }, built] = await Promise.all([import('./deliver-due'), deps()]);
    return createDeliverDue(built);
  });
  return createService({
    name: SERVICE_NAME,
    config,
    logger,
    // Imported with the first request that is not a health check: a cold start builds only what GET /health needs.
    routes: async () => (await import('./routes')).integrationRoutes(await deps()),
    api: async () => (await import('./api')).integrationApi,
    schedules: {
      [DELIVER_DUE_SCHEDULE]: async (_event, context) => {
        const { attempted } = await (await deliverDue())({ hasTimeForBatch: () => context.getRemainingTimeInMillis() > config.DELIVERY_DEADLINE_MS + RUN_MARGIN_MS });
        logger.info('due deliveries attempted', { attempted });
      },
    },
  });
}
