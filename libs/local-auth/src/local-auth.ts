import express, { type NextFunction, type Request, type Response } from 'express';
import { authorizeRoutes } from './authorize-routes';
import { createGrants, type TokenResponse } from './grants';
import { allowAnyOrigin, answerPreflight, readTextBody, sendOAuthError, sendServerError } from './http-support';
import { discoveryDocument } from './discovery';
import { LocalAuthClientSchema, type LocalAuthClient } from './local-auth-client';
import { logoutRoute } from './logout-route';
import { LocalAuthConfigError } from './oauth-error';
import { loadSigningKey } from './signing-key';
import { createTokenSigner } from './token-signer';
import { tokenRequest } from './token-route';

/**
 * Where the provider runs and whom it serves.
 *
 * @example
 * const options: LocalAuthOptions = {
 *   issuer: 'http://127.0.0.1:3000/local-auth',
 *   keysDir: '.data/local-auth',
 *   clients: [{ clientId: 'dev', grantTypes: ['dev'], scopes: ['apps:read', 'apps:write'] }],
 * };
 */
export interface LocalAuthOptions {
  /** The provider's URL, where its router is mounted: every endpoint is under it and tokens carry it as `iss`. */
  issuer: string;
  /** Folder of the signing key, created on first start and reused after. */
  keysDir: string;
  clients: readonly LocalAuthClient[];
  /** Lifetime of development tokens (the JSON grant and `issueToken`); 12 hours unless given. */
  devTokenTtlSeconds?: number;
  now?: () => Date;
}

/**
 * A running local provider.
 *
 * @example
 * const auth = await createLocalAuth(options);
 * app.use('/local-auth', auth.router);
 * const { access_token } = await auth.issueToken('alice', ['apps:read']);
 */
export interface LocalAuth {
  /** The provider's endpoints, relative to the issuer URL's path. */
  router: express.Router;
  /**
   * A development user's access token without an HTTP round trip (what `npm start` prints); for
   * the client with the `dev` grant unless `clientId` names another. Throws `OAuthError` for a
   * scope the client may not ask for or an invalid `sub`.
   */
  issueToken(sub: string, scopes: readonly string[], clientId?: string): Promise<TokenResponse>;
}

/** 12 hours: one working day with the token `npm start` prints. */
export const DEFAULT_DEV_TOKEN_TTL_SECONDS = 12 * 3600;

/**
 * Starts the local OpenID provider of the local stack (never deployed): discovery, JWKS, the
 * token endpoint (development JSON grant, client credentials, authorization code with PKCE,
 * refresh), the sign-in page, userinfo and logout. Keys come from `keysDir` (generated on first
 * start); codes and refresh tokens live in memory.
 *
 * @example
 * const auth = await createLocalAuth({ issuer: 'http://127.0.0.1:3000/local-auth', keysDir: '.data/local-auth', clients });
 * gatewayApp.use('/local-auth', auth.router);
 */
export async function createLocalAuth(options: LocalAuthOptions): Promise<LocalAuth> {
  const issuer = parseIssuer(options.issuer);
  const clients = parseClients(options.clients);
  const devClient = [...clients.values()].find((client) => client.grantTypes.includes('dev'));
  const devTokenTtlSeconds = options.devTokenTtlSeconds ?? DEFAULT_DEV_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(devTokenTtlSeconds) || devTokenTtlSeconds <= 0) throw new LocalAuthConfigError('devTokenTtlSeconds must be a positive integer');
  const now = options.now ?? (() => new Date());

  const signer = createTokenSigner(issuer, await loadSigningKey(options.keysDir), now);
  const grants = createGrants(signer, { devTokenTtlSeconds, now });
  const answerToken = tokenRequest(clients, grants, devClient);

  const router = express.Router();
  router.options(['/.well-known/openid-configuration', '/jwks.json', '/token', '/userinfo'], answerPreflight);
  router.get('/.well-known/openid-configuration', allowAnyOrigin, (_req, res) => {
    res.json(discoveryDocument(issuer, clients));
  });
  router.get('/jwks.json', allowAnyOrigin, (_req, res) => {
    res.json(signer.jwks);
  });
  router.post('/token', allowAnyOrigin, readTextBody, async (req, res) => {
    const tokens = await answerToken(req);
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json(tokens);
  });
  router.get('/userinfo', allowAnyOrigin, async (req, res) => {
    const [, token] = /^Bearer ([\x21-\x7E]+)$/i.exec(req.get('authorization') ?? '') ?? [];
    const claims = token === undefined ? undefined : await signer.verifyAccessToken(token);
    res.set('Cache-Control', 'no-store');
    // RFC 6750 §3: no credentials is a bare challenge; a bad token says invalid_token.
    if (token === undefined) return res.status(401).set('WWW-Authenticate', 'Bearer realm="local-auth"').json({ error: 'invalid_request', error_description: 'Send Authorization: Bearer <access token>' });
    if (!claims || typeof claims.sub !== 'string') {
      return res.status(401).set('WWW-Authenticate', 'Bearer realm="local-auth", error="invalid_token"').json({ error: 'invalid_token', error_description: 'The access token is invalid or expired' });
    }
    res.json({ sub: claims.sub, username: typeof claims.username === 'string' ? claims.username : claims.sub });
  });
  router.use(authorizeRoutes(clients, grants));
  router.get('/logout', logoutRoute(clients));
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    // Once the answer has started, only express can end it (it closes the connection).
    if (res.headersSent) return next(error);
    if (!sendOAuthError(error, res)) sendServerError(error, res);
  });

  return {
    router,
    issueToken(sub, scopes, clientId = devClient?.clientId) {
      const client = clientId === undefined ? undefined : clients.get(clientId);
      if (!client) return Promise.reject(new LocalAuthConfigError(clientId === undefined ? 'No client has the dev grant; name the client' : `Unknown client ${clientId}`));
      return grants.devToken(client, sub, scopes);
    },
  };
}

function parseIssuer(issuer: string): string {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch (error) {
    throw new LocalAuthConfigError(`issuer must be an http(s) URL: ${issuer}`, { cause: error });
  }
  if ( !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new LocalAuthConfigError(`issuer must be an http(s) URL without query or fragment: ${issuer}`);
  }
  return url.href.replace(/\/+$/, '');
}

function parseClients(clients: readonly LocalAuthClient[]): ReadonlyMap<string, LocalAuthClient> {
  const byId = new Map<string, LocalAuthClient>();
  for (const [index, given] of clients.entries()) {
    const parsed = LocalAuthClientSchema.safeParse(given);
    if (!parsed.success) throw new LocalAuthConfigError(`clients[${index}]: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'client'}: ${issue.message}`).join('; ')}`);
    if (byId.has(parsed.data.clientId)) throw new LocalAuthConfigError(`Two clients have the id ${parsed.data.clientId}`);
    byId.set(parsed.data.clientId, parsed.data);
  }
  if ([...byId.values()].filter((client) => client.grantTypes.includes('dev')).length > 1) {
    throw new LocalAuthConfigError('At most one client has the dev grant: the JSON development token is issued to it');
  }
  return byId;
}
