import type { ApprovedAuthorization } from './grants';
import { OPENID_SCOPES, type LocalAuthClient } from './local-auth-client';
import { OAuthError } from './oauth-error';
import { requiredParam, singleParam, type Params } from './params';
import { parseScope, requireAllowed } from './scopes';

/** An authorization request the sign-in page may show, with the `state` to hand back. */
export interface AuthorizationRequest extends ApprovedAuthorization {
  client: LocalAuthClient;
  state?: string;
}

/**
 * RFC 6749 §4.1.2.1: with an unknown client or a redirect URI that is not registered the user is
 * told and never redirected (an open redirector otherwise); any other fault goes back to the client.
 */
export type AuthorizationOutcome =
  | { kind: 'valid'; request: AuthorizationRequest }
  | { kind: 'unredirectable'; message: string }
  | { kind: 'refused'; redirectUri: string; error: OAuthError; state?: string };

/** RFC 6749 Appendix A: state and nonce are VSCHAR; the length bound is this provider's. */
const VSCHAR_VALUE = /^[\x20-\x7E]{1,1024}$/;
/** An S256 challenge is the base64url of a SHA-256 digest: 43 characters (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function parseAuthorizationRequest(params: Params, clients: ReadonlyMap<string, LocalAuthClient>): AuthorizationOutcome {
  let client: LocalAuthClient | undefined;
  let redirectUri: string;
  try {
    client = clients.get(requiredParam(params, 'client_id'));
    redirectUri = requiredParam(params, 'redirect_uri');
  } catch (error) {
    if (error instanceof OAuthError) return { kind: 'unredirectable', message: error.description };
    throw error;
  }
  if (!client || !client.grantTypes.includes('authorization_code')) return { kind: 'unredirectable', message: 'Unknown client, or one that may not sign users in' };
  if (!(client.redirectUris ?? []).includes(redirectUri)) return { kind: 'unredirectable', message: 'redirect_uri is not registered for this client' };

  let state: string | undefined;
  try {
    const given = singleParam(params, 'state');
    if (given !== undefined && !VSCHAR_VALUE.test(given)) throw new OAuthError('invalid_request', 'state must be 1 to 1024 visible ASCII characters');
    state = given;
    return { kind: 'valid', request: { client, clientId: client.clientId, redirectUri, state, ...approvable(params, client) } };
  } catch (error) {
    if (error instanceof OAuthError) return { kind: 'refused', redirectUri, error, state };
    throw error;
  }
}

function approvable(params: Params, client: LocalAuthClient): Pick<ApprovedAuthorization, 'scopes' | 'codeChallenge' | 'nonce'> {
  if (singleParam(params, 'response_type') !== 'code') throw new OAuthError('unsupported_response_type', 'response_type must be code');
  if (singleParam(params, 'code_challenge_method') !== 'S256') throw new OAuthError('invalid_request', 'PKCE is required: code_challenge_method must be S256');
  const codeChallenge = requiredParam(params, 'code_challenge');
  if (!S256_CHALLENGE.test(codeChallenge)) throw new OAuthError('invalid_request', 'code_challenge must be a base64url SHA-256 digest');
  const scope = singleParam(params, 'scope');
  if (scope === undefined) throw new OAuthError('invalid_scope', 'scope is required and includes openid');
  const scopes = parseScope(scope);
  if (!scopes.includes('openid')) throw new OAuthError('invalid_scope', 'scope must include openid');
  requireAllowed(scopes, [...OPENID_SCOPES, ...client.scopes]);
  const nonce = singleParam(params, 'nonce');
  if (nonce !== undefined && !VSCHAR_VALUE.test(nonce)) throw new OAuthError('invalid_request', 'nonce must be 1 to 1024 visible ASCII characters');
  return { scopes, codeChallenge, ...(nonce === undefined ? {} : { nonce }) };
}
