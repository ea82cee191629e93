import { loadConfig } from '@sm/config';
import { SERVICE_NAME, createCallbackService } from './app';
import { CallbackServiceConfigSchema } from './config';

// Composition root: read once per cold start; a bad environment fails the init with every problem listed.
const config = loadConfig(CallbackServiceConfigSchema, { service: SERVICE_NAME });

export const handler = createCallbackService(config, {
  // The store and the signature verifier are built with the first request that is not a health check:
  // a cold start loads none of their code.
  build: async () => (await import('./deferred-adapters')).buildAdapters(config),
});
