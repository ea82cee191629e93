import { randomUUID } from 'node:crypto';
import { loadConfig } from '@sm/config';
import { createServiceLogger } from '@sm/http';
import { connectDynamoDb, connectS3, createDynamoDbStore, createS3BlobStore } from '@sm/storage';
import { SERVICE_NAME, createReactAppManager } from './app';
import { integrationPublisherOf } from './app-events';
import { appKeys } from './app-record';
import { createBuildQueue } from './build-queue';
import { ReactAppManagerConfigSchema } from './config';
import { createEsbuildBundler } from './esbuild-bundler';
import { createTemplateFolder } from './templates';

// Composition root: read once per cold start; a bad environment fails the init with every problem listed.
const config = loadConfig(ReactAppManagerConfigSchema, { service: SERVICE_NAME });
const logger = createServiceLogger(SERVICE_NAME, config);
const target = { region: config.AWS_REGION, dynamoDbEndpoint: config.DYNAMODB_ENDPOINT, s3Endpoint: config.S3_ENDPOINT };

export const handler = createReactAppManager(config, {
  logger,
  apps: createDynamoDbStore(connectDynamoDb(target), config.APPS_TABLE, appKeys),
  blobs: createS3BlobStore(connectS3(target), config.SITES_BUCKET),
  templates: createTemplateFolder(config.TEMPLATES_DIR),
  bundler: createEsbuildBundler({ reactResolveDir: config.REACT_RESOLVE_DIR, workers: config.BUILD_CONCURRENCY, memoryLimitBytes: config.BUILD_MEMORY_LIMIT_MB * 2 ** 20 }),
  // A refused client is told to wait about as long as one build may take.
  buildQueue: createBuildQueue({ concurrency: config.BUILD_CONCURRENCY, limit: config.BUILD_QUEUE_LIMIT, retryAfterSeconds: Math.ceil(config.BUILD_TIME_LIMIT_MS / 1_000) }),
  publisher: integrationPublisherOf(config, logger),
  now: () => new Date(),
  newId: randomUUID,
});
