import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS, startEmbeddedDynamoDb, startEmbeddedS3, type EmbeddedEngine } from '@sm/local-aws';
import { connectDynamoDb, connectS3, createStoreBucket, createStoreTable } from '@sm/storage';
import type { DeployConfig } from './stack';

/**
 * Unless endpoints are configured, starts the embedded engines with their data under `dataDir`
 * (so it survives restarts) and points every app's AWS clients at them through the environment
 * their composition roots read. Returns the engines to close on shutdown.
 */
export async function startLocalEngines(env: NodeJS.ProcessEnv, dataDir: string): Promise<EmbeddedEngine[]> {
  const engines: EmbeddedEngine[] = [];
  const embedded = !env.DYNAMODB_ENDPOINT || !env.S3_ENDPOINT;
  if (!env.DYNAMODB_ENDPOINT) {
    mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
    const dynamo = await startEmbeddedDynamoDb({ path: join(dataDir, 'dynamodb') });
    env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    engines.push(dynamo);
  }
  if (!env.S3_ENDPOINT) {
    mkdirSync(join(dataDir, 's3'), { recursive: true });
    const s3 = await startEmbeddedS3({ directory: join(dataDir, 's3') });
    env.S3_ENDPOINT = s3.endpoint;
    engines.push(s3);
  }
  // The embedded engines accept only their own key pair; real credentials never go to them.
  if (embedded) {
    env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
  }
  return engines;
}

/** Creates the tables and buckets the apps' deploy.json files name, unless they exist. */
export async function ensureResources(env: NodeJS.ProcessEnv, deployConfigs: DeployConfig[]): Promise<void> {
  const target = { region: env.AWS_REGION ?? 'us-east-1', dynamoDbEndpoint: env.DYNAMODB_ENDPOINT, s3Endpoint: env.S3_ENDPOINT };
  const dynamo = connectDynamoDb(target);
  const s3 = connectS3(target);
  const valueOf = (variable: string) => {
    const value = env[variable];
    if (!value) throw new Error(`${variable} is not set: the local stack cannot create the resource it names`);
    return value;
  };
  try {
    for (const deploy of deployConfigs) {
      for (const variable of deploy.resources.tables) await createStoreTable(dynamo, valueOf(variable));
      for (const variable of deploy.resources.buckets) await createStoreBucket(s3, valueOf(variable));
    }
  } finally {
    await dynamo.destroy();
    await s3.destroy();
  }
}
