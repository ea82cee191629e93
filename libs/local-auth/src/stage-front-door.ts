import { randomBytes } from 'node:crypto';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { HTTP_API_NAMES, type AppRoute, type HttpApiName } from '@sm/app-deploy';
import { answerAfterBody, createGatewayServer, createLocalGateway, stageHttpApis, type DeployedFunction, type GatewayLogger } from '@sm/local-gateway';
import express from 'express';
import { createLocalAuth, type LocalAuth } from './local-auth';
import { CONSOLE_CLIENT_ID, DEV_TOKEN_TTL_SECONDS, DEV_USER, LOCAL_AUTH_PATH, localAuthClients, routeScopes, SERVICE_CLIENT_ID } from './local-identity';

/** One route as the local gateway serves it. */
export interface ServedRoute {
  api: HttpApiName;
  routeKey: string;
  app: string;
  /** `none`, or `jwt` with the scopes of which a token needs one. */
  authorization: string;
}

export interface StageFrontDoorOptions {
  /** The services' API; 0 for any free port. */
  port: number;
  /** The sites API's own listener; 0 for any free port. */
  sitesPort: number;
  /** Where the local OpenID provider keeps its signing key (under `local-auth/`). */
  dataDir: string;
  /** Every route of the apps the stage serves (their deploy.json files): the scopes the clients may ask for. */
  routes: readonly AppRoute[];
}

/**
 * What a stage's clients reach, locally: the services' HTTP API (with the local OpenID provider under
 * `/local-auth` on the same port) and the sites API on an origin of its own, both listening before
 * any function starts, so their URLs can be given to the functions.
 */
export interface StageFrontDoor {
  url: string;
  sitesUrl: string;
  /** The local OpenID provider's issuer, which the services API's JWT authorizer trusts. */
  issuer: string;
  /**
   * What every function of the stage is configured with: where the sites are, the console's origin,
   * the issuer and the console's client there, and the services' client-credentials client (a secret
   * made at each start).
   */
  environment: Record<string, string>;
  /** Serves the stage's APIs from the functions and their deploy.json routes; answers 503 until then. */
  serve(functions: readonly DeployedFunction[], logger: GatewayLogger): ServedRoute[];
  /**
   * Serves `prefix` and every path under it on the services API's port with `listener`, ahead of the
   * gateway, as the OpenID provider is served under /local-auth: for pages of the stage's own.
   * Throws if a route of the services API lies under `prefix`, since the gateway would never see it.
   */
  mount(prefix: `/${string}`, listener: RequestListener): void;
  /** A token for the development user with every scope the routes name (12 hours). */
  devToken(): Promise<{ accessToken: string; expiresIn: number; sub: string; scopes: string[] }>;
  close(): Promise<void>;
}

/**
 * Opens the stage's front door: both listeners (a client that stalls gets a 408, see
 * createGatewayServer) and the local OpenID provider, which answers from the start since a function
 * may ask it for a token as soon as it runs.
 *
 * @example
 * const door = await openStageFrontDoor({ port: 3000, sitesPort: 3001, dataDir: '.data', routes });
 * door.serve(functions, logger);
 */
export async function openStageFrontDoor(options: StageFrontDoorOptions): Promise<StageFrontDoor> {
  const server = createGatewayServer();
  const sitesServer = createGatewayServer();
  const close = async () => {
    await Promise.all([closeListener(server), closeListener(sitesServer)]);
  };
  let url: string;
  let sitesUrl: string;
  try {
    url = await listen(server, options.port);
    sitesUrl = await listen(sitesServer, options.sitesPort);
  } catch (error) {
    await close();
    throw error;
  }
  const issuer = `${url}${LOCAL_AUTH_PATH}`;
  const serviceSecret = randomBytes(24).toString('base64url');
  const scopes = routeScopes(options.routes);
  const clients = localAuthClients({ url, scopes, serviceSecret });
  let auth: LocalAuth;
  try {
    auth = await createLocalAuth({ issuer, keysDir: join(options.dataDir, 'local-auth'), clients, devTokenTtlSeconds: DEV_TOKEN_TTL_SECONDS });
  } catch (error) {
    await close();
    throw error;
  }
  const authApp = express();
  authApp.disable('x-powered-by');
  authApp.use(LOCAL_AUTH_PATH, auth.router);
  // What the provider does not serve is answered as the gateway answers an unknown route.
  authApp.use((_req, res) => void res.status(404).type('application/json').send('{"message":"Not Found"}'));
  let gateway: express.Express | undefined;
  // What the stack serves itself answers, as the gateway does, once the request's body has arrived:
  // a 404 or a parser's 413 sent mid-upload would close the connection under a client still writing.
  const mounted = new Map<string, RequestListener>([[LOCAL_AUTH_PATH, authApp]]);
  server.on('request', (req, res) => {
    const path = req.url ?? '/';
    const own = [...mounted].find(([prefix]) => isUnder(path, prefix));
    if (own) answerAfterBody(own[1])(req, res);
    else if (gateway) gateway(req, res);
    else res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"message":"Service Unavailable"}');
  });

  return {
    url,
    sitesUrl,
    issuer,
    environment: {
      SITES_URL: sitesUrl,
      CONSOLE_ORIGIN: url,
      AUTH_ISSUER: issuer,
      CONSOLE_CLIENT_ID,
      AUTH_TOKEN_URL: `${issuer}/token`,
      AUTH_CLIENT_ID: SERVICE_CLIENT_ID,
      AUTH_CLIENT_SECRET: serviceSecret,
      AUTH_SCOPE_PREFIX: '',
    },
    serve(functions, logger) {
      const apis = stageHttpApis(functions, { authorizer: { issuer, audience: clients.map((client) => client.clientId) } });
      gateway = createLocalGateway({ apis: [apis.api], logger });
      sitesServer.on('request', createLocalGateway({ apis: [apis.sites], logger }));
      return HTTP_API_NAMES.flatMap((api) =>
        apis[api].routes.map((route) => ({
          api,
          routeKey: route.routeKey,
          app: route.fn.name,
          authorization: route.authorization ? `jwt ${route.authorization.scopes.join(' or ') || '(any scope)'}` : 'none',
        })),
      );
    },
    mount(prefix, listener) {
      const shadowed = options.routes.find((route) => route.api === 'api' && isUnder(route.routeKey.split(' ')[1] ?? '', prefix));
      if (shadowed) throw new Error(`The route ${shadowed.routeKey} lies under ${prefix}, which the local stack serves itself: give the route another path.`);
      mounted.set(prefix, listener);
    },
    async devToken() {
      const issued = await auth.issueToken(DEV_USER, scopes);
      return { accessToken: issued.access_token, expiresIn: issued.expires_in, sub: DEV_USER, scopes };
    },
    close,
  };
}

/** Whether a request target (path and query) or a route's path is `prefix` or lies under it. */
function isUnder(target: string, prefix: string): boolean {
  return target === prefix || target.startsWith(`${prefix}/`) || target.startsWith(`${prefix}?`);
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

/** A schedule the stack runs: its name, its app and its expression (UTC). */
export interface ServedSchedule {
  app: string;
  name: string;
  expression: string;
}

/**
 * What `npm start` and `serve-container` print once a stage's front door serves: the sites origin,
 * every route with its app, authorization and origin, then every schedule with its app and
 * expression (those the stack runs), the OpenID provider, the web console's address when a served
 * app has its route, and the development token as a line to paste (`export TOKEN=…`, which scripts
 * and tests read back).
 *
 * @example
 * for (const line of describeFrontDoor(stack)) console.log(line);
 */
export function describeFrontDoor(served: {
  url: string;
  sitesUrl: string;
  issuer: string;
  routes: readonly ServedRoute[];
  schedules?: readonly ServedSchedule[];
  devToken: { accessToken: string; expiresIn: number; sub: string; scopes: readonly string[] };
}): string[] {
  const { url, sitesUrl, issuer, routes, schedules = [], devToken } = served;
  return [
    `Sites (user apps, their own origin) on ${sitesUrl}`,
    ...routes.map((route) => `  ${route.routeKey.padEnd(32)} ${route.app.padEnd(20)} ${route.authorization.padEnd(24)} ${route.api === 'api' ? url : sitesUrl}`),
    ...schedules.map((schedule) => `  ${`schedule ${schedule.name}`.padEnd(32)} ${schedule.app.padEnd(20)} ${schedule.expression} (UTC)`),
    `Local OpenID provider: ${issuer} (discovery at ${issuer}/.well-known/openid-configuration)`,
    // Whichever app declares the console's route serves it (react-app-manager); a stage without it has no console.
    ...(routes.some((route) => route.api === 'api' && route.routeKey === 'GET /console') ? [`Web console: ${url}/console/`] : []),
    `Development token for "${devToken.sub}" with ${devToken.scopes.join(' ')}, valid ${Math.round(devToken.expiresIn / 3600)} h:`,
    `export TOKEN=${devToken.accessToken}`,
  ];
}
