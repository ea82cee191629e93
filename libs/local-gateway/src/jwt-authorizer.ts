import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { GatewayLogger, JwtAuthorizerConfig } from './gateway-config';
import { GatewayConfigError } from './gateway-config-error';

// API Gateway's JWT authorizer, as documented:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
// and its answers, as the troubleshooting page shows them:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html

/** "Currently, only RSA-based algorithms are supported." */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];
/** How long the issuer may take to answer discovery or its JWKS before the request is refused. */
const ISSUER_TIMEOUT_MS = 3_000;

/** What the authorizer passes on to the function as `requestContext.authorizer.jwt`. */
export interface JwtContext {
  claims: Record<string, string>;
  scopes: string[] | null;
}

/** The authorizer's decision on one request. `reason` is absent when no token was sent at all. */
export type Authorization =
  | { outcome: 'allowed'; jwt: JwtContext }
  | { outcome: 'unauthorized'; reason?: string }
  | { outcome: 'forbidden'; scopes: readonly string[]; reason: string };

/** Decides on the `Authorization` header of a request to a route that requires `scopes` (any one of them). */
export type JwtAuthorizer = (authorizationHeader: string | undefined, scopes: readonly string[]) => Promise<Authorization>;

class TokenRejectedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TokenRejectedError';
  }
}

/**
 * Throws GatewayConfigError for an authorizer API Gateway would refuse to create: the issuer must be
 * an absolute http(s) URL and the audience must name at least one client.
 */
export function validateAuthorizer(config: JwtAuthorizerConfig): void {
  let protocol = '';
  try {
    protocol = new URL(config.issuer).protocol;
  } catch {
    // left empty: reported below
  }
  if (protocol !== 'https:' && protocol !== 'http:') throw new GatewayConfigError(`Authorizer issuer "${config.issuer}" must be an https or http URL`);
  if (config.audience.length === 0 || config.audience.some((audience) => audience === '')) {
    throw new GatewayConfigError(`Authorizer of issuer "${config.issuer}": audience must list at least one non-empty client id`);
  }
}

/**
 * Verifies bearer tokens the way API Gateway's JWT authorizer does: RSA signature by a key of the
 * issuer (by `kid`), `iss`, `aud` (or `client_id` when there is no `aud`), `exp`, `nbf`, `iat`, and
 * at least one of the route's scopes in `scope` or `scp`.
 */
export function createJwtAuthorizer(config: JwtAuthorizerConfig, logger: GatewayLogger): JwtAuthorizer {
  const keys = config.keys ?? discoveredKeys(config.issuer, logger);
  return async (authorizationHeader, routeScopes) => {
    // The identity source may hold the token alone or prefixed with "Bearer".
    const token = (authorizationHeader ?? '').trim().replace(/^bearer\s+/i, '');
    if (token === '') return { outcome: 'unauthorized' };
    let payload: JWTPayload;
    try {
      payload = await verify(token, keys, config);
    } catch (error) {
      return { outcome: 'unauthorized', reason: reasonOf(error) };
    }
    return authorizeClaims(payload, routeScopes);
  };
}

/**
 * The authorizer's decision on a verified token's claims: forbidden without one of the route's
 * scopes, else the `requestContext.authorizer.jwt` it passes on (`scopes` null when the route names none).
 *
 * @example
 * authorizeClaims({ sub: 'developer', scope: 'callbacks:read' }, ['callbacks:read']);
 * // { outcome: 'allowed', jwt: { claims: { sub: 'developer', scope: 'callbacks:read' }, scopes: ['callbacks:read'] } }
 */
export function authorizeClaims(payload: JWTPayload, routeScopes: readonly string[]): Authorization {
  const tokenScopes = scopesOf(payload);
  if (routeScopes.length > 0 && !routeScopes.some((scope) => tokenScopes.includes(scope))) {
    return { outcome: 'forbidden', scopes: routeScopes, reason: 'the token does not hold any of the scopes the route requires' };
  }
  return { outcome: 'allowed', jwt: { claims: stringClaims(payload), scopes: routeScopes.length > 0 ? tokenScopes : null } };
}

async function verify(token: string, keys: JWTVerifyGetKey, config: JwtAuthorizerConfig): Promise<JWTPayload> {
  const { payload, protectedHeader } = await jwtVerify(token, keys, { algorithms: RSA_ALGORITHMS, issuer: config.issuer, requiredClaims: ['exp'] });
  if (protectedHeader.kid === undefined) throw new TokenRejectedError('the token has no kid header');
  if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000) throw new TokenRejectedError('the token was issued in the future');
  // jose's audience option knows only `aud`; API Gateway reads `client_id` when, and only when, `aud` is absent.
  const audiences = payload.aud === undefined ? [payload['client_id']] : [payload.aud].flat();
  if (!audiences.some((audience) => typeof audience === 'string' && config.audience.includes(audience))) {
    throw new TokenRejectedError('the token does not have a valid audience');
  }
  return payload;
}

/**
 * The issuer's key set, found through its discovery document on the first request (not at start,
 * when the local issuer may not listen yet) and kept; a failed discovery is tried again next time.
 * jose's remote key set caches the keys and refetches them for an unknown `kid`.
 */
function discoveredKeys(issuer: string, logger: GatewayLogger): JWTVerifyGetKey {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const discoveryUrl = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(ISSUER_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`${discoveryUrl} answered ${response.status}`);
    const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
    if (typeof jwksUri !== 'string') throw new Error(`${discoveryUrl} names no jwks_uri`);
    return createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: ISSUER_TIMEOUT_MS });
  };
  return async (header, token) => {
    let keys: JWTVerifyGetKey;
    try {
      keySet ??= discover();
      keys = await keySet;
    } catch (error) {
      keySet = undefined;
      throw unreachableIssuer(issuer, error, logger);
    }
    try {
      return await keys(header, token);
    } catch (error) {
      // No key for the token's kid is the token's fault; anything else is the key set's.
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw unreachableIssuer(issuer, error, logger);
    }
  };
}

function unreachableIssuer(issuer: string, error: unknown, logger: GatewayLogger): TokenRejectedError {
  logger.error('JWT authorizer could not get the signing keys of its issuer', { issuer, error: error instanceof Error ? error.message : String(error) });
  return new TokenRejectedError('the signing keys of the issuer could not be retrieved');
}

/** Fixed wording only: nothing the token says reaches the header. */
function reasonOf(error: unknown): string {
  if (error instanceof TokenRejectedError) return error.message;
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token does not have a valid issuer';
    if (error.claim === 'nbf') return 'the token is not valid yet';
    if (error.claim === 'exp') return 'the token has no valid expiry';
    return `the token has an invalid ${error.claim === 'iat' ? 'iat' : 'claim'}`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with an RSA algorithm';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches the token';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  return 'the token is malformed';
}

/** `scope` (space-separated) or `scp` (a string or an array). */
function scopesOf(payload: JWTPayload): string[] {
  const claim = payload['scope'] ?? payload['scp'];
  if (typeof claim === 'string') return claim.split(' ').filter((scope) => scope !== '');
  if (Array.isArray(claim)) return claim.filter((scope): scope is string => typeof scope === 'string');
  return [];
}

/**
 * Every claim as a string, as API Gateway passes them: numbers in decimal, arrays as `[a b]`
 * (observed), objects as JSON text.
 */
function stringClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, claimText(value)]));
}

function claimText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(claimText).join(' ')}]`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
