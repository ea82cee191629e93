import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS, startEmbeddedDynamoDb, startEmbeddedS3 } from '@sm/local-aws';
import { connectDynamoDb, connectS3, createStoreBucket, createStoreTable } from '@sm/storage';
import type { ContainerDeploy } from './container-deploy';

/** Running embedded engines, the variables that point a function at them, and how to stop them. */
export interface LocalStorage {
  /** The endpoints, and the only key pair the engines accept: real credentials never reach them. */
  environment: Record<string, string>;
  close(): Promise<void>;
}

/** Thrown when deploy.json names a resource through a variable the function's config does not set. */
export class MissingResourceNameError extends Error {
  constructor(variable: string) {
    super(`${variable} is not set: it names a table or bucket of the function`);
    this.name = 'MissingResourceNameError';
  }
}

/**
 * Starts dynalite and s3rver on 127.0.0.1 (reachable from containers on the host network) with
 * their data under `dataDir`, then creates the tables and buckets deploy.json names through the
 * function's config variables, as `npm start` does for in-process apps.
 */
export async function startLocalStorage(dataDir: string, resources: ContainerDeploy['resources'], config: Record<string, string>): Promise<LocalStorage> {
  const names = (variables: string[]) =>
    variables.map((variable) => {
      const name = config[variable];
      if (!name) throw new MissingResourceNameError(variable);
      return name;
    });
  const tables = names(resources.tables);
  const buckets = names(resources.buckets);
  mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  mkdirSync(join(dataDir, 's3'), { recursive: true });
  const dynamo = await startEmbeddedDynamoDb({ path: join(dataDir, 'dynamodb') });
  const s3 = await startEmbeddedS3({ directory: join(dataDir, 's3') });
  const region = config.AWS_REGION ?? 'us-east-1';
  const dynamoClient = connectDynamoDb({ dynamoDbEndpoint: dynamo.endpoint, region, credentials: LOCAL_CREDENTIALS });
  const s3Client = connectS3({ s3Endpoint: s3.endpoint, region, credentials: LOCAL_CREDENTIALS });
  try {
    for (const table of tables) await createStoreTable(dynamoClient, table);
    for (const bucket of buckets) await createStoreBucket(s3Client, bucket);
  } finally {
    await dynamoClient.destroy();
    await s3Client.destroy();
  }
  return {
    environment: {
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    },
    close: async () => {
      await dynamo.close();
      await s3.close();
    },
  };
}
