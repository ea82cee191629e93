import { loadConfig } from '@sm/config';
import { createServiceLogger } from '@sm/http';
import { SERVICE_NAME, createReactAppManager } from './app';
import { ReactAppManagerConfigSchema } from './config';

// Composition root: read once per cold start; a bad environment fails the init with every problem listed.
const config = loadConfig(ReactAppManagerConfigSchema, { service: SERVICE_NAME });
const logger = createServiceLogger(SERVICE_NAME, config);

export const handler = createReactAppManager(config, {
  logger,
  // The stores, the bundler and its workers, the build queue, the templates and the console's files
  // are built with the first request that is not a health check: a cold start loads none of their code.
  build: async () => (await import('./deferred-adapters')).buildAdapters(config, logger),
});
