import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, errors, jwtVerify, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';
import { SIGNING_ALG, type SigningKey } from './signing-key';

/** Who a token is for and what it allows: the plain values the grants decide. */
export interface AccessGrant {
  sub: string;
  clientId: string;
  scopes: readonly string[];
  /** When the user signed in (or, for tokens without a sign-in, when the token was issued). */
  authTime?: Date;
}

export interface IdTokenGrant {
  sub: string;
  clientId: string;
  authTime: Date;
  nonce?: string;
}

/** Signs and verifies the provider's tokens with jose; nothing here hand-rolls JWT cryptography. */
export interface TokenSigner {
  jwks: JSONWebKeySet;
  accessToken(grant: AccessGrant, ttlSeconds: number): Promise<string>;
  idToken(grant: IdTokenGrant, ttlSeconds: number): Promise<string>;
  /** The claims of a valid, unexpired access token of this issuer; undefined for anything else. */
  verifyAccessToken(token: string): Promise<JWTPayload | undefined>;
}

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export function createTokenSigner(issuer: string, key: SigningKey, now: () => Date): TokenSigner {
  const jwks: JSONWebKeySet = { keys: [key.publicJwk] };
  const keySet = createLocalJWKSet(jwks);
  const sign = (claims: JWTPayload, ttlSeconds: number): Promise<string> => {
    const iat = seconds(now());
    return new SignJWT({ ...claims, iss: issuer, iat, exp: iat + ttlSeconds })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  };
  return {
    jwks,
    // Shaped like an Amazon Cognito access token: no `aud`, the client in `client_id` (API
    // Gateway's JWT authorizer matches `client_id` against the audience when `aud` is absent).
    accessToken: (grant, ttlSeconds) =>
      sign(
        {
          sub: grant.sub,
          username: grant.sub,
          client_id: grant.clientId,
          scope: grant.scopes.join(' '),
          token_use: 'access',
          auth_time: seconds(grant.authTime ?? now()),
          jti: randomUUID(),
        },
        ttlSeconds,
      ),
    // OpenID Connect Core §2: `aud` is the client, `nonce` echoes the authorization request's.
    idToken: (grant, ttlSeconds) =>
      sign(
        {
          sub: grant.sub,
          aud: grant.clientId,
          auth_time: seconds(grant.authTime),
          token_use: 'id',
          ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
        },
        ttlSeconds,
      ),
    async verifyAccessToken(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, { issuer, algorithms: [SIGNING_ALG], typ: 'JWT', currentDate: now() });
        return payload.token_use === 'access' ? payload : undefined;
      } catch (error) {
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
