import { loadConfig } from '@sm/config';
import { createServiceLogger } from '@sm/http';
import { connectDynamoDb, connectS3, createDynamoDbStore, createS3BlobStore } from '@sm/storage';
import { SERVICE_NAME, createReactAppManager } from './app';
import { appKeys } from './app-record';
import { ReactAppManagerConfigSchema } from './config';
import { configuredAdapters } from './configured-adapters';

// Composition root: read once per cold start; a bad environment fails the init with every problem listed.
const config = loadConfig(ReactAppManagerConfigSchema, { service: SERVICE_NAME });
const target = { region: config.AWS_REGION, dynamoDbEndpoint: config.DYNAMODB_ENDPOINT, s3Endpoint: config.S3_ENDPOINT };

export const handler = createReactAppManager(
  config,
  configuredAdapters(config, createServiceLogger(SERVICE_NAME, config), {
    apps: createDynamoDbStore(connectDynamoDb(target), config.APPS_TABLE, appKeys),
    blobs: createS3BlobStore(connectS3(target), config.SITES_BUCKET),
  }),
);
