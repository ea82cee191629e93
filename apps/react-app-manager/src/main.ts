import { loadConfig } from '@sm/config';
import { createMemoryBlobStore, createMemoryStore } from '@sm/storage';
import { SERVICE_NAME, createReactAppManager } from './app';
import { appKeys } from './app-record';
import { ReactAppManagerConfigSchema } from './config';

// Composition root: read once per cold start; a bad environment fails the init with every problem listed.
const config = loadConfig(ReactAppManagerConfigSchema, { service: SERVICE_NAME });

// In-memory stores until the durable adapters (DynamoDB for apps, S3 for builds) land: apps live
// as long as the process, which is what `npm start` needs.
export const handler = createReactAppManager(config, {
  apps: createMemoryStore(appKeys),
  blobs: createMemoryBlobStore(),
});
