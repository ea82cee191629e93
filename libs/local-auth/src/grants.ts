import { randomBytes } from 'node:crypto';
import { ExpiringStore } from './expiring-store';
import type { LocalAuthClient } from './local-auth-client';
import { OAuthError } from './oauth-error';
import { verifierMatches } from './pkce';
import { parseScope, requireAllowed } from './scopes';
import type { TokenSigner } from './token-signer';

/** RFC 6749 §5.1 successful token response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  id_token?: string;
  refresh_token?: string;
}

/** A validated authorization request the user has approved (see `parseAuthorizationRequest`). */
export interface ApprovedAuthorization {
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  codeChallenge: string;
  nonce?: string;
}

interface IssuedCode extends ApprovedAuthorization {
  sub: string;
  authTime: Date;
}

interface IssuedRefreshToken {
  clientId: string;
  sub: string;
  scopes: readonly string[];
  authTime: Date;
}

export interface GrantSettings {
  devTokenTtlSeconds: number;
  now: () => Date;
}

/** RFC 6749 §4.1.2 recommends a lifetime of at most 10 minutes; a local sign-in redeems in seconds. */
export const CODE_TTL_SECONDS = 60;
/** Amazon Cognito's default access and ID token lifetime. */
export const TOKEN_TTL_SECONDS = 3600;
export const REFRESH_TTL_SECONDS = 24 * 3600;
export const MAX_PENDING_CODES = 10_000;
export const MAX_REFRESH_TOKENS = 10_000;

/** A development user name: visible ASCII, so it reads the same in a claim, a log line and a URL. */
const SUBJECT = /^[\x21-\x7E]{1,128}$/;
export const isSubject = (value: string): boolean => SUBJECT.test(value);

const opaqueToken = (): string => randomBytes(32).toString('base64url');

/**
 * The grants of the token endpoint as plain functions of validated values. Each throws an
 * `OAuthError` for a refusal; none knows about HTTP.
 */
export function createGrants(signer: TokenSigner, settings: GrantSettings) {
  const { now } = settings;
  const codes = new ExpiringStore<IssuedCode>(MAX_PENDING_CODES, now);
  const refreshTokens = new ExpiringStore<IssuedRefreshToken>(MAX_REFRESH_TOKENS, now);

  async function accessOnly(sub: string, client: LocalAuthClient, scopes: readonly string[], ttlSeconds: number): Promise<TokenResponse> {
    const access_token = await signer.accessToken({ sub, clientId: client.clientId, scopes }, ttlSeconds);
    return { access_token, token_type: 'Bearer', expires_in: ttlSeconds };
  }

  /** Tokens for a signed-in user; `accessScopes` may narrow the grant's scopes (RFC 6749 §6), the refresh token keeps them all. */
  async function signedIn(grant: IssuedRefreshToken, accessScopes: readonly string[], nonce: string | undefined, client: LocalAuthClient): Promise<TokenResponse> {
    const response: TokenResponse = {
      access_token: await signer.accessToken({ ...grant, scopes: accessScopes }, TOKEN_TTL_SECONDS),
      token_type: 'Bearer',
      expires_in: TOKEN_TTL_SECONDS,
      id_token: await signer.idToken({ sub: grant.sub, clientId: grant.clientId, authTime: grant.authTime, nonce }, TOKEN_TTL_SECONDS),
    };
    if (client.grantTypes.includes('refresh_token')) {
      response.refresh_token = opaqueToken();
      refreshTokens.put(response.refresh_token, grant, REFRESH_TTL_SECONDS);
    }
    return response;
  }

  return {
    /** A development user's token for the client with the `dev` grant; scopes default to all of that client's. */
    async devToken(client: LocalAuthClient, sub: string, scopes: readonly string[]): Promise<TokenResponse> {
      if (!isSubject(sub)) throw new OAuthError('invalid_request', 'sub must be 1 to 128 visible ASCII characters');
      requireAllowed(scopes, client.scopes);
      return accessOnly(sub, client, scopes, settings.devTokenTtlSeconds);
    },

    /** RFC 6749 §4.4: the client acts for itself, so `sub` is its id; no refresh token (§4.4.3). */
    async clientCredentials(client: LocalAuthClient, scope: string | undefined): Promise<TokenResponse> {
      const scopes = scope === undefined ? client.scopes : parseScope(scope);
      requireAllowed(scopes, client.scopes);
      return accessOnly(client.clientId, client, scopes, TOKEN_TTL_SECONDS);
    },

    /** Stores a code for an approved sign-in and returns it (RFC 6749 §4.1.2). */
    issueCode(approved: ApprovedAuthorization, sub: string): string {
      const code = opaqueToken();
      codes.put(code, { ...approved, sub, authTime: now() }, CODE_TTL_SECONDS);
      return code;
    },

    /** RFC 6749 §4.1.3 and RFC 7636 §4.6. The code is spent by its first redemption, right or wrong. */
    async authorizationCode(client: LocalAuthClient, params: { code: string; redirectUri: string; codeVerifier: string }): Promise<TokenResponse> {
      const issued = codes.take(params.code);
      if (!issued) throw new OAuthError('invalid_grant', 'The authorization code is unknown, expired or already used');
      if (issued.clientId !== client.clientId) throw new OAuthError('invalid_grant', 'The authorization code was issued to another client');
      if (issued.redirectUri !== params.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri differs from the authorization request');
      if (!verifierMatches(params.codeVerifier, issued.codeChallenge)) throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
      return signedIn({ clientId: client.clientId, sub: issued.sub, scopes: issued.scopes, authTime: issued.authTime }, issued.scopes, issued.nonce, client);
    },

    /** RFC 6749 §6, rotating: the presented refresh token is spent and a new one returned. */
    async refreshToken(client: LocalAuthClient, params: { refreshToken: string; scope: string | undefined }): Promise<TokenResponse> {
      const issued = refreshTokens.take(params.refreshToken);
      if (!issued || issued.clientId !== client.clientId) throw new OAuthError('invalid_grant', 'The refresh token is unknown, expired, already used or issued to another client');
      const scopes = params.scope === undefined ? issued.scopes : parseScope(params.scope);
      requireAllowed(scopes, issued.scopes);
      return signedIn(issued, scopes, undefined, client);
    },
  };
}

export type Grants = ReturnType<typeof createGrants>;
