import type { AddressInfo } from 'node:net';
import { createGatewayServer, createLocalGateway, type GatewayLogger } from '@sm/local-gateway';
import { createResources, startLocalStorage, type LocalStorage, type ResourceVariables, type StorageLogger } from '@sm/local-resources';
import { readAppDeploy } from '@sm/app-deploy';
import { toHttpApis } from './http-apis';
import { startStackFunction } from './stack';

export interface StartStackOptions {
  workspaceRoot: string;
  apps: readonly string[];
  port: number;
  /** Where the embedded engines keep their data, so it survives restarts. */
  dataDir: string;
  logger: GatewayLogger;
  /** Where the embedded engines' starts, crashes and restarts are reported. */
  storageLogger: StorageLogger;
  /** The stack's config (the real environment over `.env`), which every function is given. */
  environment: Record<string, string | undefined>;
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
 * the apps started, as Lambda initialises a function after its resources exist. Each app runs in
 * execution environments of its own (worker threads) configured with the stack's config and the
 * engines' endpoints: this process's environment is left as it is. Should one app's init fail, the
 * first such error is thrown, once, after everything started is stopped.
 */
export async function startStack(options: StartStackOptions): Promise<RunningStack> {
  // A client that stalls mid-request gets a 408 within seconds, never holding a function (see createGatewayServer).
  const server = createGatewayServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closeServer = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const config = { CALLBACK_SERVICE_URL: url, INTEGRATION_SERVICE_URL: url, ...definedOnly(options.environment) };
  const { storage, environment } = await provideStorage(options, config);
  const started = await Promise.allSettled(
    options.apps.map((app) =>
      startStackFunction({
        workspaceRoot: options.workspaceRoot,
        app,
        environment,
        region: environment.AWS_REGION ?? 'us-east-1',
        onCrash: (name, error) => options.logger.error(`${name}: uncaught ${error.name}; its execution environment was reset`, { error: error.stack ?? error.message }),
      }),
    ),
  );
  const functions = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  const closeFunctions = () => Promise.all(functions.map((stackFunction) => stackFunction.close()));
  if (failure) {
    await Promise.all([closeFunctions(), closeServer()]);
    await storage?.close();
    throw failure.reason;
  }
  server.on('request', createLocalGateway({ apis: toHttpApis(functions), logger: options.logger }));
  return {
    url,
    failed: storage?.failed ?? new Promise<Error>(() => undefined),
    close: async () => {
      await closeServer();
      await closeFunctions();
      await storage?.close();
    },
  };
}

function definedOnly(environment: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * The embedded engines, with data under `dataDir`, unless both endpoints are configured: then only
 * the apps' tables and buckets are created there. The functions' environment gets the engines'
 * endpoints and their own key pair, and loses any session or profile, so real credentials never
 * go to them.
 */
async function provideStorage(
  options: StartStackOptions,
  config: Record<string, string>,
): Promise<{ storage?: LocalStorage; environment: Record<string, string> }> {
  const declared = options.apps.map((app) => readAppDeploy(options.workspaceRoot, app).resources);
  const resources: ResourceVariables = { tables: declared.flatMap((r) => r.tables), buckets: declared.flatMap((r) => r.buckets) };
  if (config.DYNAMODB_ENDPOINT && config.S3_ENDPOINT) {
    const target = { region: config.AWS_REGION ?? 'us-east-1', dynamoDbEndpoint: config.DYNAMODB_ENDPOINT, s3Endpoint: config.S3_ENDPOINT };
    await createResources(target, resources, config);
    return { environment: config };
  }
  const storage = await startLocalStorage(options.dataDir, resources, config, { logger: options.storageLogger });
  const environment = { ...config, ...storage.environment };
  delete environment.AWS_SESSION_TOKEN;
  delete environment.AWS_PROFILE;
  return { storage, environment };
}
