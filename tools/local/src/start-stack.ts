import type { AddressInfo } from 'node:net';
import { createGatewayServer, createLocalGateway, type GatewayLogger } from '@sm/local-gateway';
import { createResources, startLocalStorage, type LocalStorage, type ResourceVariables, type StorageLogger } from '@sm/local-resources';
import { readAppDeploy } from '@sm/app-deploy';
import { toHttpApis } from './http-apis';
import { loadStackFunction, type StackFunction } from './stack';

export interface StartStackOptions {
  workspaceRoot: string;
  apps: readonly string[];
  port: number;
  /** Where the embedded engines keep their data, so it survives restarts. */
  dataDir: string;
  logger: GatewayLogger;
  /** Where the embedded engines' starts, crashes and restarts are reported. */
  storageLogger: StorageLogger;
}

export interface RunningStack {
  url: string;
  /**
   * Settles if an embedded engine keeps crashing and is no longer restarted: the stack would be
   * half-working from then on, so the caller stops it. Never settles with configured endpoints.
   */
  failed: Promise<Error>;
  /** Stops the gateway, then the embedded engines. */
  close(): Promise<void>;
}

/**
 * Listens first, so that with port 0 the real port is known before the apps' composition roots
 * run: the services call each other through the gateway's URL. Then the embedded engines start
 * (unless endpoints are configured), the apps' tables and buckets are created, and only then are
 * the apps loaded, as Lambda loads a function after its resources exist.
 */
export async function startStack(options: StartStackOptions): Promise<RunningStack> {
  // A client that stalls mid-request gets a 408 within seconds, never holding a function (see createGatewayServer).
  const server = createGatewayServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.CALLBACK_SERVICE_URL ??= url;
  process.env.INTEGRATION_SERVICE_URL ??= url;
  const storage = await provideStorage(options);
  const functions: StackFunction[] = [];
  for (const app of options.apps) functions.push(await loadStackFunction(options.workspaceRoot, app));
  server.on('request', createLocalGateway({ apis: toHttpApis(functions), logger: options.logger }));
  return {
    url,
    failed: storage?.failed ?? new Promise<Error>(() => undefined),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage?.close();
    },
  };
}

/**
 * The embedded engines, with data under `dataDir`, unless both endpoints are configured: then only
 * the apps' tables and buckets are created there. The apps' composition roots read the result from
 * the environment; the engines accept only their own key pair, so real credentials never go to them.
 */
async function provideStorage(options: StartStackOptions): Promise<LocalStorage | undefined> {
  const declared = options.apps.map((app) => readAppDeploy(options.workspaceRoot, app).resources);
  const resources: ResourceVariables = { tables: declared.flatMap((r) => r.tables), buckets: declared.flatMap((r) => r.buckets) };
  const { env } = process;
  if (env.DYNAMODB_ENDPOINT && env.S3_ENDPOINT) {
    const target = { region: env.AWS_REGION ?? 'us-east-1', dynamoDbEndpoint: env.DYNAMODB_ENDPOINT, s3Endpoint: env.S3_ENDPOINT };
    await createResources(target, resources, env);
    return undefined;
  }
  const storage = await startLocalStorage(options.dataDir, resources, env, { logger: options.storageLogger });
  Object.assign(env, storage.environment);
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
  return storage;
}
