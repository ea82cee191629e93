import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { containerRuntime, createFunctionPool, createInvokeApi, gatewayFunction, type FunctionPool, type InvokeApiLogger } from '@sm/lambda-runtime';
import { openStageFrontDoor, type ServedRoute, type StageFrontDoor } from '@sm/local-auth';
import type { GatewayLogger } from '@sm/local-gateway';
import { readAppDeploy } from '@sm/app-deploy';
import { startLocalStorage, type LocalStorage } from '@sm/local-resources';

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
  /** The services API's port (the local OpenID provider under /local-auth too); 0 picks a free one. */
  port: number;
  /** The sites API's own port (user apps on an origin of their own); 0 picks a free one. */
  sitesPort: number;
  /** The Invoke API's port; 0 picks a free one. */
  lambdaPort: number;
  /** How many containers may serve requests at once. */
  maxConcurrency: number;
  /** Where the embedded engines and the local OpenID provider keep their data. */
  dataDir: string;
  /** The function's configuration, over the front door's; deploy.json's environment and the local engines' endpoints are added. */
  config: Record<string, string>;
  logger: GatewayLogger & InvokeApiLogger;
  /** Receives the containers' output (the function's logs). */
  output(chunk: string): void;
}

export interface RunningContainerStack {
  /** The services API: HTTP in, through the JWT authorizer, API Gateway v2 events to the containers. */
  url: string;
  /** The sites API, on an origin of its own. */
  sitesUrl: string;
  /** The local OpenID provider's issuer, which the services API's authorizer trusts. */
  issuer: string;
  /** Every route deploy.json gives the app, on which API, with its authorization. */
  routes: ServedRoute[];
  /** A token for the development user with every scope the app's routes name. */
  devToken: Awaited<ReturnType<StageFrontDoor['devToken']>>;
  /** Lambda's Invoke API, the endpoint for an AWS SDK `LambdaClient`. */
  lambdaEndpoint: string;
  pool: FunctionPool;
  /** Settles if an embedded engine keeps crashing and is no longer restarted; the caller stops the stack. */
  failed: Promise<Error>;
  /** Stops the listeners, removes the containers, then stops the engines. */
  close(): Promise<void>;
}

async function listen(port: number): Promise<{ server: Server; url: string }> {
  const server = createServer();
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
 * An app's image as Lambda runs it, behind the same front door as `npm start` (openStageFrontDoor):
 * deploy.json's routes on the services API with its JWT authorizer, the site routes on the sites
 * API, the local OpenID provider under /local-auth. HTTP request, authorizer, API Gateway v2 event,
 * runtime API, container, response: what `sam local start-api` users expect to match the cloud, and
 * what SAM leaves out (aws-sam-cli issues 6550 and 5209). The listeners open first, so a service
 * that calls itself or its neighbours through the gateway knows its URL; then the engines start and
 * the app's tables and buckets are created, and only then can a container start, as Lambda runs a
 * function after its resources exist.
 */
export async function startContainerStack(options: ContainerStackOptions): Promise<RunningContainerStack> {
  const deploy = readAppDeploy(options.workspaceRoot, options.app);
  const door = await openStageFrontDoor({ port: options.port, sitesPort: options.sitesPort, dataDir: options.dataDir, routes: deploy.routes });
  const started: { lambda?: Server; storage?: LocalStorage } = {};
  try {
    const lambda = await listen(options.lambdaPort);
    started.lambda = lambda.server;
    const devToken = await door.devToken();
    const config: Record<string, string> = {
      CALLBACK_SERVICE_URL: door.url,
      INTEGRATION_SERVICE_URL: door.url,
      ...door.environment,
      ...options.config,
      ...deploy.function.environment,
    };
    const storage = await startLocalStorage(options.dataDir, deploy.resources, config);
    started.storage = storage;
    const pool = createFunctionPool({
      name: options.app,
      timeoutSeconds: deploy.function.timeoutSeconds,
      memoryMB: deploy.function.memoryMB,
      region: config.AWS_REGION ?? 'us-east-1',
      environment: { ...config, ...storage.environment },
      maxConcurrency: options.maxConcurrency,
      launch: containerRuntime({ image: options.image, output: options.output, labels: { [RUN_LABEL]: options.runId } }),
    });
    const routes = door.serve([{ fn: gatewayFunction(pool), routes: deploy.routes }], options.logger);
    lambda.server.on('request', createInvokeApi([pool], options.logger));
    return {
      url: door.url,
      sitesUrl: door.sitesUrl,
      issuer: door.issuer,
      routes,
      devToken,
      lambdaEndpoint: lambda.url,
      pool,
      failed: storage.failed,
      close: async () => {
        await Promise.all([door.close(), stop(lambda.server)]);
        await pool.close();
        await storage.close();
      },
    };
  } catch (error) {
    await Promise.all([door.close(), started.lambda && stop(started.lambda)]);
    await started.storage?.close();
    throw error;
  }
}
