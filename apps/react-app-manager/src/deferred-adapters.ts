import type { Logger } from '@sm/http';
import { connectDynamoDb, connectS3, createDynamoDbStore, createS3BlobStore } from '@sm/storage';
import type { ReactAppManagerAdapters } from './app';
import { appKeys } from './app-record';
import type { ReactAppManagerConfig } from './config';
import { configuredAdapters } from './configured-adapters';

/**
 * The adapters main.ts has built on first use: the apps table on DynamoDB, the sites bucket on S3,
 * and the rest as the config describes them (configuredAdapters). A module of its own, imported by
 * main.ts with the first request that is not a health check, so a cold start loads none of their code.
 *
 * @example
 * build: async () => (await import('./deferred-adapters')).buildAdapters(config, logger),
 */
export function buildAdapters(config: ReactAppManagerConfig, logger: Logger): ReactAppManagerAdapters {
  const target = { region: config.AWS_REGION, dynamoDbEndpoint: config.DYNAMODB_ENDPOINT, s3Endpoint: config.S3_ENDPOINT };
  return configuredAdapters(config, logger, {
    apps: createDynamoDbStore(connectDynamoDb(target), config.APPS_TABLE, appKeys),
    blobs: createS3BlobStore(connectS3(target), config.SITES_BUCKET),
  });
}
