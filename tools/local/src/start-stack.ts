import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { HTTP_API_NAMES, readAppDeploy, type HttpApiName } from '@sm/app-deploy';
import { createLocalAuth } from '@sm/local-auth';
import { createGatewayServer, createLocalGateway, type GatewayLogger } from '@sm/local-gateway';
import { createResources, startLocalStorage, type LocalStorage, type ResourceVariables, type StorageLogger } from '@sm/local-resources';
import express from 'express';
import { toHttpApis } from './http-apis';
import { DEV_TOKEN_TTL_SECONDS, DEV_USER, LOCAL_AUTH_PATH, localAuthClients, routeScopes, SERVICE_CLIENT_ID } from './local-identity';
import { startStackFunction } from './stack';

export interface StartStackOptions {
  workspaceRoot: string;
  apps: readonly string[];
  port: number;
  /** The sites API's own listener (user apps on an origin of their own); 0 for any free port. */
  sitesPort: number;
  /** Where the embedded engines keep their data, so it survives restarts. */
  dataDir: string;
  logger: GatewayLogger;
  /** Where the embedded engines' starts, crashes and restarts are reported. */
  storageLogger: StorageLogger;
  /** The stack's config (the real environment over `.env`), which every function is given. */
  environment: Record<string, string | undefined>;
}

/** One route as the local gateway serves it. */
export interface ServedRoute {
  api: HttpApiName;
  routeKey: string;
  app: string;
  /** `none`, or `jwt` with the scopes of which the token needs one. */
  authorization: string;
}

export interface RunningStack {
  /** The services' API (and, under /local-auth, the local OpenID provider). */
  url: string;
  /** The sites API: every user app at `/<name>/`, on an origin of its own. */
  sitesUrl: string;
  /** The local OpenID provider's issuer, which the API's JWT authorizer trusts. */
  issuer: string;
  /** Every route the gateway serves, on which API, reaching which app, with its authorization. */
  routes: ServedRoute[];
  /** A token for the development user with every scope the apps' routes name, valid for 12 hours. */
  devToken: { accessToken: string; expiresIn: number; sub: string; scopes: string[] };
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
  const sitesServer = createGatewayServer();
  const closeServer = async () => {
    await Promise.all([closeListener(server), closeListener(sitesServer)]);
  };
  let url: string;
  let sitesUrl: string;
  try {
    url = await listen(server, options.port);
    sitesUrl = await listen(sitesServer, options.sitesPort);
  } catch (error) {
    await closeServer();
    throw error;
  }

  // The local OpenID provider answers on the API's port under /local-auth from the start, since a
  // function may ask it for a token (client credentials) as soon as it runs.
  const issuer = `${url}${LOCAL_AUTH_PATH}`;
  const serviceSecret = randomBytes(24).toString('base64url');
  const scopes = routeScopes(options.apps.flatMap((app) => readAppDeploy(options.workspaceRoot, app).routes));
  const auth = await createLocalAuth({ issuer, keysDir: join(options.dataDir, 'local-auth'), clients: localAuthClients({ url, scopes, serviceSecret }), devTokenTtlSeconds: DEV_TOKEN_TTL_SECONDS });
  const authApp = express();
  authApp.disable('x-powered-by');
  authApp.use(LOCAL_AUTH_PATH, auth.router);
  // What the provider does not serve is answered as the gateway answers an unknown route.
  authApp.use((_req, res) => void res.status(404).type('application/json').send('{"message":"Not Found"}'));
  let gateway: express.Express | undefined;
  server.on('request', (req, res) => {
    const path = req.url ?? '/';
    if (path === LOCAL_AUTH_PATH || path.startsWith(`${LOCAL_AUTH_PATH}/`) || path.startsWith(`${LOCAL_AUTH_PATH}?`)) authApp(req, res);
    else if (gateway) gateway(req, res);
    else res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"message":"Service Unavailable"}');
  });

  const config = {
    CALLBACK_SERVICE_URL: url,
    INTEGRATION_SERVICE_URL: url,
    SITES_URL: sitesUrl,
    CONSOLE_ORIGIN: url,
    AUTH_TOKEN_URL: `${issuer}/token`,
    AUTH_CLIENT_ID: SERVICE_CLIENT_ID,
    AUTH_CLIENT_SECRET: serviceSecret,
    AUTH_SCOPE_PREFIX: '',
    ...definedOnly(options.environment),
  };
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
  const apis = toHttpApis(functions, { issuer, audience: localAuthClients({ url, scopes, serviceSecret }).map((client) => client.clientId) });
  gateway = createLocalGateway({ apis: [apis.api], logger: options.logger });
  sitesServer.on('request', createLocalGateway({ apis: [apis.sites], logger: options.logger }));
  const issued = await auth.issueToken(DEV_USER, scopes);
  return {
    url,
    sitesUrl,
    issuer,
    routes: HTTP_API_NAMES.flatMap((api) =>
      apis[api].routes.map((route) => ({
        api,
        routeKey: route.routeKey,
        app: route.fn.name,
        authorization: route.authorization ? `jwt ${route.authorization.scopes.join(' or ') || '(any scope)'}` : 'none',
      })),
    ),
    devToken: { accessToken: issued.access_token, expiresIn: issued.expires_in, sub: DEV_USER, scopes },
    failed: storage?.failed ?? new Promise<Error>(() => undefined),
    close: async () => {
      await closeServer();
      await closeFunctions();
      await storage?.close();
    },
  };
}

async function listen(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeListener(server: Server): Promise<void> {
  if (!server.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
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
