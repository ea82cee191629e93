import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { containerRuntime, createFunctionPool, createInvokeApi, gatewayFunction, type FunctionPool, type InvokeApiLogger } from '@sm/lambda-runtime';
import { createGatewayServer, createLocalGateway, type GatewayLogger } from '@sm/local-gateway';
import { readAppDeploy } from '@sm/app-deploy';
import { startLocalStorage } from '@sm/local-resources';

/**
 * Every container a stack starts carries this label, with the stack's run id as its value, so that
 * tools and tests sharing a Docker daemon count only their own (`docker ps --filter label=sm.run=<id>`).
 */
export const RUN_LABEL = 'sm.run';

export interface ContainerStackOptions {
  workspaceRoot: string;
  app: string;
  image: string;
  /** Unique to this stack: the value of {@link RUN_LABEL} on its containers. */
  runId: string;
  /** The local gateway's port; 0 picks a free one. */
  port: number;
  /** The Invoke API's port; 0 picks a free one. */
  lambdaPort: number;
  /** How many containers may serve requests at once. */
  maxConcurrency: number;
  /** Where the embedded engines keep their data. */
  dataDir: string;
  /** The function's configuration; deploy.json's environment and the local engines' endpoints are added. */
  config: Record<string, string>;
  logger: GatewayLogger & InvokeApiLogger;
  /** Receives the containers' output (the function's logs). */
  output(chunk: string): void;
}

export interface RunningContainerStack {
  /** The local gateway: HTTP in, API Gateway v2 events to the containers. */
  url: string;
  /** Lambda's Invoke API, the endpoint for an AWS SDK `LambdaClient`. */
  lambdaEndpoint: string;
  pool: FunctionPool;
  /** Settles if an embedded engine keeps crashing and is no longer restarted; the caller stops the stack. */
  failed: Promise<Error>;
  /** Stops the servers, removes the containers, then stops the engines. */
  close(): Promise<void>;
}

async function listen(port: number, server: Server = createServer()): Promise<{ server: Server; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * An app's image as Lambda runs it, behind the local gateway: HTTP request, API Gateway v2 event,
 * runtime API, container, response. The servers listen first, so a service that calls itself or
 * its neighbours through the gateway knows its URL; then the engines start and the app's tables and
 * buckets are created, and only then can a container start, as Lambda runs a function after its
 * resources exist.
 */
export async function startContainerStack(options: ContainerStackOptions): Promise<RunningContainerStack> {
  const deploy = readAppDeploy(options.workspaceRoot, options.app);
  const gateway = await listen(options.port, createGatewayServer());
  const lambda = await listen(options.lambdaPort);
  const config: Record<string, string> = { CALLBACK_SERVICE_URL: gateway.url, INTEGRATION_SERVICE_URL: gateway.url, ...options.config, ...deploy.function.environment };
  const storage = await startLocalStorage(options.dataDir, deploy.resources, config);
  const pool = createFunctionPool({
    name: options.app,
    timeoutSeconds: deploy.function.timeoutSeconds,
    memoryMB: deploy.function.memoryMB,
    region: config.AWS_REGION ?? 'us-east-1',
    environment: { ...config, ...storage.environment },
    maxConcurrency: options.maxConcurrency,
    launch: containerRuntime({ image: options.image, output: options.output, labels: { [RUN_LABEL]: options.runId } }),
  });
  gateway.server.on('request', createLocalGateway({ logger: options.logger, apis: [{ routes: [{ routeKey: '$default', fn: gatewayFunction(pool) }] }] }));
  lambda.server.on('request', createInvokeApi([pool], options.logger));
  return {
    url: gateway.url,
    lambdaEndpoint: lambda.url,
    pool,
    failed: storage.failed,
    close: async () => {
      await Promise.all([stop(gateway.server), stop(lambda.server)]);
      await pool.close();
      await storage.close();
    },
  };
}
