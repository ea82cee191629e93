import { LOCAL_CREDENTIALS, startEmbeddedDynamoDb } from '@sm/local-aws';
import { connectDynamoDb, createStoreTable } from '@sm/storage';
import { benchEnv, resourceVariables } from './workspace';

export interface BenchTables {
  /** What points an app's SDK at the tables: the endpoint, and the key pair the engine accepts, as Lambda's role gives them in the environment. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * dynalite in this process, in memory, holding every table the apps' deploy.json declare under the
 * names `benchEnv` gives them, so a first request can reach its table as on Lambda: the SDK loaded,
 * credentials read from the environment, one round trip.
 */
export async function startBenchTables(apps: string[]): Promise<BenchTables> {
  const engine = await startEmbeddedDynamoDb();
  try {
    const region = 'us-east-1';
    const dynamo = connectDynamoDb({ region, dynamoDbEndpoint: engine.endpoint, credentials: LOCAL_CREDENTIALS });
    try {
      for (const app of apps) {
        const env = benchEnv(app);
        for (const variable of resourceVariables(app).tables) {
          const table = env[variable];
          if (table === undefined) throw new Error(`${app}: benchEnv names no table for ${variable}`);
          await createStoreTable(dynamo, table);
        }
      }
    } finally {
      await dynamo.destroy();
    }
  } catch (error) {
    await engine.close();
    throw error;
  }
  return {
    env: { DYNAMODB_ENDPOINT: engine.endpoint, AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey },
    close: () => engine.close(),
  };
}
