import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS, startEmbeddedDynamoDb, startEmbeddedS3 } from '@sm/local-aws';
import { connectDynamoDb, connectS3, createStoreBucket, createStoreTable, type AwsTarget } from '@sm/storage';

/** deploy.json's `resources`: the config variables that name an app's tables and buckets. */
export interface ResourceVariables {
  tables: string[];
  buckets: string[];
}

/** An app's configuration, as the environment or a config file gives it. */
export type ConfigValues = Record<string, string | undefined>;

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
 * Creates, unless they exist, the tables and buckets that `resources` names through `config`;
 * fails with one `MissingResourceNameError` before creating anything when a name is not set.
 *
 * @example
 * await createResources({ region: 'us-east-1', dynamoDbEndpoint, s3Endpoint }, { tables: ['CALLBACKS_TABLE'], buckets: [] }, process.env);
 */
export async function createResources(target: AwsTarget, resources: ResourceVariables, config: ConfigValues): Promise<void> {
  const names = (variables: string[]) =>
    variables.map((variable) => {
      const name = config[variable];
      if (!name) throw new MissingResourceNameError(variable);
      return name;
    });
  const tables = names(resources.tables);
  const buckets = names(resources.buckets);
  const dynamo = connectDynamoDb(target);
  const s3 = connectS3(target);
  try {
    for (const table of tables) await createStoreTable(dynamo, table);
    for (const bucket of buckets) await createStoreBucket(s3, bucket);
  } finally {
    await dynamo.destroy();
    await s3.destroy();
  }
}

/**
 * Starts dynalite and s3rver on 127.0.0.1 (reachable from containers on the host network) with
 * their data under `dataDir`, so it survives restarts, then creates the tables and buckets
 * `resources` names through `config`. Used by `npm start` and by `serve-container`.
 *
 * @example
 * const storage = await startLocalStorage('.data', { tables: ['CALLBACKS_TABLE'], buckets: [] }, process.env);
 * Object.assign(process.env, storage.environment);
 */
export async function startLocalStorage(dataDir: string, resources: ResourceVariables, config: ConfigValues): Promise<LocalStorage> {
  mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  mkdirSync(join(dataDir, 's3'), { recursive: true });
  const dynamo = await startEmbeddedDynamoDb({ path: join(dataDir, 'dynamodb') });
  const s3 = await startEmbeddedS3({ directory: join(dataDir, 's3') });
  const close = async () => {
    await dynamo.close();
    await s3.close();
  };
  const region = config.AWS_REGION ?? 'us-east-1';
  try {
    await createResources({ region, dynamoDbEndpoint: dynamo.endpoint, s3Endpoint: s3.endpoint, credentials: LOCAL_CREDENTIALS }, resources, config);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    environment: {
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    },
    close,
  };
}
