import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS } from '@sm/local-aws';
import { connectDynamoDb, connectS3, createStoreBucket, createStoreTable, type AwsTarget } from '@sm/storage';
import { superviseEngine, type EngineSupervisionError, type RestartBudget, type StorageLogger, type SupervisedEngine } from './supervised-engine';

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
  /** dynalite and s3rver, each in its own process, restarted when it exits. */
  engines: SupervisedEngine[];
  /**
   * Settles once an engine keeps exiting or cannot be restarted: the stack is then half-working,
   * and the caller should stop it with this error's message.
   */
  failed: Promise<EngineSupervisionError>;
  close(): Promise<void>;
}

export interface LocalStorageOptions {
  /** Engine starts, exits and restarts; `console` by default. */
  logger?: StorageLogger;
  /** Unexpected exits restarted per engine before giving up; 5 in 60 s by default. */
  restartBudget?: RestartBudget;
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
 * Starts dynalite and s3rver on 127.0.0.1 (reachable from containers on the host network), each in
 * a process of its own so that an engine's crash never takes the caller down, with their data under
 * `dataDir`, so it survives restarts; then creates the tables and buckets `resources` names through
 * `config`. An engine that exits is restarted on the same port and folder, within a budget; past it,
 * `failed` settles. Used by `npm start` and by `serve-container`.
 *
 * @example
 * const storage = await startLocalStorage('.data', { tables: ['CALLBACKS_TABLE'], buckets: [] }, process.env);
 * Object.assign(process.env, storage.environment);
 * void storage.failed.then((error) => stopEverything(error.message));
 */
export async function startLocalStorage(
  dataDir: string,
  resources: ResourceVariables,
  config: ConfigValues,
  options: LocalStorageOptions = {},
): Promise<LocalStorage> {
  mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  mkdirSync(join(dataDir, 's3'), { recursive: true });
  let onGiveUp: (error: EngineSupervisionError) => void = () => undefined;
  const failed = new Promise<EngineSupervisionError>((resolve) => (onGiveUp = resolve));
  const supervision = { logger: options.logger ?? console, budget: options.restartBudget, onGiveUp: (error: EngineSupervisionError) => onGiveUp(error) };
  const [dynamo, s3] = await startBoth(
    superviseEngine({ name: 'dynamodb', path: join(dataDir, 'dynamodb'), ...supervision }),
    superviseEngine({ name: 's3', path: join(dataDir, 's3'), ...supervision }),
  );
  const close = async () => {
    await Promise.all([dynamo.close(), s3.close()]);
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
    engines: [dynamo, s3],
    failed,
    close,
  };
}

/** Both engines, started side by side; if one fails, the other is stopped before the error is thrown. */
async function startBoth(dynamo: Promise<SupervisedEngine>, s3: Promise<SupervisedEngine>): Promise<[SupervisedEngine, SupervisedEngine]> {
  const [first, second] = await Promise.allSettled([dynamo, s3]);
  if (first.status === 'fulfilled' && second.status === 'fulfilled') return [first.value, second.value];
  await Promise.all([first, second].map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
  throw [first, second].find((result): result is PromiseRejectedResult => result.status === 'rejected')?.reason;
}
