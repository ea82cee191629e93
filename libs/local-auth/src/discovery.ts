import { GRANT_TYPES, OPENID_SCOPES, type LocalAuthClient } from './local-auth-client';
import { SIGNING_ALG } from './signing-key';

/** OpenID Connect Discovery 1.0 §3, with the endpoints under the issuer URL. */
export function discoveryDocument(issuer: string, clients: ReadonlyMap<string, LocalAuthClient>) {
  const clientScopes = [...clients.values()].flatMap((client) => client.scopes);
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks.json`,
    userinfo_endpoint: `${issuer}/userinfo`,
    end_session_endpoint: `${issuer}/logout`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: GRANT_TYPES.filter((grant) => grant !== 'dev'),
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    id_token_signing_alg_values_supported: [SIGNING_ALG],
    scopes_supported: [...new Set([...OPENID_SCOPES, ...clientScopes])],
    subject_types_supported: ['public'],
    claims_supported: ['sub', 'username', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce'],
  };
}
