import { expectOk } from './expect-ok';
import { createHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from './http-client';
import { HttpClientError } from './http-client-error';

/**
 * A bearer token for one client and scope, fetched when needed and reused while it is fresh.
 *
 * @example
 * const response = await client.request({ method: 'POST', url, headers: { authorization: `Bearer ${await tokens.token()}` } });
 */
export interface TokenSource {
  /** A token that is not about to expire: the cached one, or one fetched now (one fetch at a time, shared by every caller waiting for it). */
  token(): Promise<string>;
  /**
   * Forgets the cached token, e.g. after a service refused it (401). Given the refused token, it
   * forgets the cached one only if it is still that token, so callers refused at once fetch once.
   */
  invalidate(refused?: string): void;
}

/**
 * How to ask an OAuth 2.0 authorization server for a token with the client-credentials grant.
 *
 * @example
 * const options: ClientCredentialsOptions = { tokenUrl: 'http://127.0.0.1:3000/local-auth/token', clientId: 'react-app-manager', clientSecret, scope: 'events:write' };
 */
export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for. */
  scope: string;
  /** Sends the token requests; default a client with the http-client's default timeouts. */
  client?: HttpClient;
  /** Clock in epoch ms, for the token's lifetime. Default `Date.now`. */
  now?: () => number;
}

interface CachedToken {
  value: string;
  /** When to stop using it: shortly before it expires, so a request in flight never carries an expired token. */
  refreshAt: number;
}

/** The token is renewed 10% of its lifetime before it expires, and at most 60 seconds before. */
const renewalMarginMs = (expiresInSeconds: number) => Math.min(60, expiresInSeconds / 10) * 1000;

/** RFC 6749 §2.3.1: client_secret_basic form-encodes the id and secret before joining them. */
const formEncode = (value: string) => new URLSearchParams({ value }).toString().slice('value='.length);

/**
 * A `TokenSource` backed by the OAuth 2.0 client-credentials grant (RFC 6749 §4.4): a form-encoded
 * `POST` to the token endpoint, authenticated with `client_secret_basic`. The token is cached until
 * shortly before `expires_in` ends; concurrent callers share one fetch; a failed fetch is not cached.
 * https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 *
 * @example
 * const tokens = createClientCredentialsTokenSource({ tokenUrl, clientId: 'react-app-manager', clientSecret, scope: 'events:write' });
 * const headers = { authorization: `Bearer ${await tokens.token()}` };
 */
export function createClientCredentialsTokenSource(options: ClientCredentialsOptions): TokenSource {
  const client = options.client ?? createHttpClient({ service: 'token-endpoint' });
  const now = options.now ?? Date.now;
  const basic = Buffer.from(`${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`).toString('base64');
  let cached: CachedToken | undefined;
  let pending: Promise<string> | undefined;

  const fetchToken = async (): Promise<string> => {
    const response = expectOk(
      await client.request({
        method: 'POST',
        url: options.tokenUrl,
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: options.scope }).toString(),
      }),
    );
    const { accessToken, expiresIn } = readTokenResponse(response);
    cached = { value: accessToken, refreshAt: now() + expiresIn * 1000 - renewalMarginMs(expiresIn) };
    return accessToken;
  };

  return {
    async token() {
      if (cached && now() < cached.refreshAt) return cached.value;
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(refused) {
      if (refused === undefined || cached?.value === refused) cached = undefined;
    },
  };
}

/** RFC 6749 §5.1: `access_token`, `token_type` Bearer (case-insensitive) and, as every issuer we use sends it, `expires_in`. */
function readTokenResponse(response: HttpResponse): { accessToken: string; expiresIn: number } {
  const fields: Record<string, unknown> = typeof response.body === 'object' && response.body !== null ? { ...response.body } : {};
  const { access_token: accessToken, token_type: tokenType, expires_in: expiresIn } = fields;
  const isBearer = typeof tokenType === 'string' && tokenType.toLowerCase() === 'bearer';
  if (typeof accessToken !== 'string' || accessToken === '' || !isBearer || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw new HttpClientError({
      service: response.service,
      method: response.method,
      url: response.url,
      attempt: response.attempts,
      status: response.status,
      reason: 'answered without a Bearer access_token and a positive expires_in',
    });
  }
  return { accessToken, expiresIn };
}

/**
 * An `HttpClient` that sends every request with a bearer token from `tokens`, and sends it once
 * more with a fresh token when the service answers 401: the token may have been revoked or have
 * expired in flight. A 401 means the request was refused before anything ran, so sending it again is safe.
 *
 * @example
 * const integration = withBearerToken(createHttpClient({ service: 'integration-service' }), tokens);
 * await integration.request({ method: 'POST', url, body: event });
 */
export function withBearerToken(client: HttpClient, tokens: TokenSource): HttpClient {
  const send = async (request: HttpRequest) => {
    const token = await tokens.token();
    return { token, response: await client.request({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } }) };
  };
  return {
    async request(request) {
      const first = await send(request);
      if (first.response.status !== 401) return first.response;
      tokens.invalidate(first.token);
      return (await send(request)).response;
    },
  };
}
