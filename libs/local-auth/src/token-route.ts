import type { Request } from 'express';
import { authenticateClient } from './client-authentication';
import type { Grants, TokenResponse } from './grants';
import type { LocalAuthClient } from './local-auth-client';
import { OAuthError } from './oauth-error';
import { isPkceValue } from './pkce';
import { parseForm, requiredParam, singleParam, type Params } from './params';
import { parseScope } from './scopes';

const FORM_GRANTS = ['client_credentials', 'authorization_code', 'refresh_token'] as const;
type FormGrant = (typeof FORM_GRANTS)[number];
const isFormGrant = (value: string): value is FormGrant => (FORM_GRANTS as readonly string[]).includes(value);

/**
 * Turns a `POST /token` request into a grant: JSON is the development-token grant, a form is one
 * of RFC 6749's grants. `req.body` is the raw text `readTextBody` left.
 */
export function tokenRequest(clients: ReadonlyMap<string, LocalAuthClient>, grants: Grants, devClient: LocalAuthClient | undefined) {
  return (req: Request): Promise<TokenResponse> => {
    const body: unknown = req.body;
    if (typeof body === 'string' && req.is('application/json')) return devGrant(body);
    if (typeof body === 'string' && req.is('application/x-www-form-urlencoded')) return formGrant(req, parseForm(body));
    throw new OAuthError('invalid_request', 'Send application/x-www-form-urlencoded (RFC 6749) or, for a development token, application/json');
  };

  function devGrant(text: string): Promise<TokenResponse> {
    if (!devClient) throw new OAuthError('unsupported_grant_type', 'No client takes development tokens');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new OAuthError('invalid_request', 'The body is not JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new OAuthError('invalid_request', 'The body is a JSON object {"sub", "scope"}');
    const { sub, scope } = body as Record<string, unknown>;
    if (typeof sub !== 'string') throw new OAuthError('invalid_request', 'sub is required: the development user name');
    if (scope !== undefined && typeof scope !== 'string') throw new OAuthError('invalid_request', 'scope is a string of space-separated scopes');
    return grants.devToken(devClient, sub, scope === undefined ? devClient.scopes : parseScope(scope));
  }

  function formGrant(req: Request, params: Params): Promise<TokenResponse> {
    const grantType = requiredParam(params, 'grant_type');
    if (!isFormGrant(grantType)) throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported`);
    const client = authenticateClient(clients, {
      authorization: req.get('authorization'),
      clientId: singleParam(params, 'client_id'),
      clientSecret: singleParam(params, 'client_secret'),
    });
    if (!client.grantTypes.includes(grantType)) throw new OAuthError('unauthorized_client', `This client may not use the ${grantType} grant`);
    switch (grantType) {
      case 'client_credentials':
        return grants.clientCredentials(client, singleParam(params, 'scope'));
      case 'authorization_code': {
        const codeVerifier = requiredParam(params, 'code_verifier');
        if (!isPkceValue(codeVerifier)) throw new OAuthError('invalid_request', 'code_verifier must be 43 to 128 unreserved characters (RFC 7636)');
        return grants.authorizationCode(client, { code: requiredParam(params, 'code'), redirectUri: requiredParam(params, 'redirect_uri'), codeVerifier });
      }
      case 'refresh_token':
        return grants.refreshToken(client, { refreshToken: requiredParam(params, 'refresh_token'), scope: singleParam(params, 'scope') });
    }
  }
}
