import { loadConfig } from '@sm/config';
import { SERVICE_NAME, createIntegrationService } from './app';
import { IntegrationServiceConfigSchema } from './config';

// Composition root: read once per cold start; a bad environment fails the init with every problem listed.
const config = loadConfig(IntegrationServiceConfigSchema, { service: SERVICE_NAME });

export const handler = createIntegrationService(config);
