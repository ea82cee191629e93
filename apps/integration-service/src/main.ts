import { loadConfig } from '@sm/config';
import { createServiceLogger } from '@sm/http';
import { SERVICE_NAME, createIntegrationService } from './app';
import { IntegrationServiceConfigSchema } from './config';

// Composition root: read once per cold start; a bad environment fails the init with every problem listed.
const config = loadConfig(IntegrationServiceConfigSchema, { service: SERVICE_NAME });
const logger = createServiceLogger(SERVICE_NAME, config);
const now = () => new Date();

export const handler = createIntegrationService(config, {
  logger,
  // The stores, the subscribers' HTTP clients and the signer are built with the first request that is
  // not a health check (or the first schedule run): a cold start loads none of their code.
  build: async () => (await import('./deferred-adapters')).buildAdapters(config, { logger, now }),
});
