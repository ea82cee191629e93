import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createLocalJWKSet, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/**
 * Who a test request comes from: a user (or a service's client id) and the scopes its token holds.
 *
 * @example
 * const alice: TestCaller = { sub: 'alice', scopes: ['apps:read', 'apps:write'] };
 */
export interface TestCaller {
  sub: string;
  scopes: readonly string[];
}

/** The client id test tokens are issued to; the test authorizer's one audience. */
export const TEST_CLIENT_ID = 'test-client';

/**
 * An OpenID issuer for tests: an RS256 key of its own, the authorizer configuration that trusts it
 * (issuer, audience, key set) and tokens shaped like Amazon Cognito's access tokens (`client_id`
 * instead of `aud`, space-separated `scope`, `token_use: access`).
 *
 * @example
 * const issuer = createTestIssuer();
 * const token = await issuer.token({ sub: 'alice', scopes: ['apps:read'] });
 */
export interface TestIssuer {
  issuer: string;
  audience: string[];
  keys: JWTVerifyGetKey;
  /** `claims` are added over (or, as `undefined`, removed from) the token's claims. */
  token(caller: TestCaller, claims?: Record<string, unknown>): Promise<string>;
  /** The claims a token for `caller` holds, as strings, the way `requestContext.authorizer.jwt.claims` carries them. */
  claimsOf(caller: TestCaller): Record<string, string>;
}

const KID = 'test-key-1';

/**
 * Creates a test issuer with a fresh key (synchronously, so suites can build services at import).
 *
 * @example
 * const issuer = createTestIssuer('https://issuer.test');
 */
export function createTestIssuer(issuer = 'https://issuer.test/local-auth'): TestIssuer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' };
  const payloadOf = (caller: TestCaller): JWTPayload => {
    const now = Math.floor(Date.now() / 1000);
    return { sub: caller.sub, client_id: TEST_CLIENT_ID, scope: caller.scopes.join(' '), token_use: 'access', iss: issuer, iat: now, exp: now + 3600, jti: randomUUID() };
  };
  return {
    issuer,
    audience: [TEST_CLIENT_ID],
    keys: createLocalJWKSet({ keys: [jwk] }),
    async token(caller, claims = {}) {
      const payload: Record<string, unknown> = { ...payloadOf(caller), ...claims };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      return new SignJWT(payload as JWTPayload).setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' }).sign(privateKey);
    },
    claimsOf(caller) {
      return Object.fromEntries(Object.entries(payloadOf(caller)).map(([name, value]) => [name, String(value)]));
    },
  };
}
