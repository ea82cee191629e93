import type { AppRoute } from '@sm/app-deploy';
import type { LocalAuthClient } from './local-auth-client';

/** Where the local OpenID provider answers on the API's port (its issuer is `<api url>/local-auth`). */
export const LOCAL_AUTH_PATH = '/local-auth';

/** The development user `npm start` prints a token for. */
export const DEV_USER = 'developer';

/** How long the printed development token (and any token of the JSON development grant) is valid: 12 hours. */
export const DEV_TOKEN_TTL_SECONDS = 12 * 60 * 60;

/** The web console's public client (authorization code with PKCE), served at `/console/` on the API's origin. */
export const CONSOLE_CLIENT_ID = 'console';

/** The client id the services use for the client-credentials grant (react-app-manager's calls to the integration-service). */
export const SERVICE_CLIENT_ID = 'react-app-manager';

/**
 * Every scope the apps' routes name, sorted: what the development user's token holds.
 *
 * @example
 * routeScopes(routes); // ['apps:read', 'apps:write', 'callbacks:read', 'events:read', 'events:write']
 */
export function routeScopes(routes: readonly AppRoute[]): string[] {
  return [...new Set(routes.flatMap((route) => route.scopes))].sort();
}

/**
 * The local provider's clients, as the README's once-per-account steps create them in Amazon
 * Cognito: `console` (public, authorization code with PKCE, redirecting to the console on the API's
 * origin), `dev` (the JSON development grant scripts and tests use) and the react-app-manager's
 * confidential client (client credentials, `events:write` only). The API's authorizer accepts the
 * tokens of all three (its audience).
 *
 * @example
 * localAuthClients({ url: 'http://127.0.0.1:3000', scopes, serviceSecret });
 */
export function localAuthClients(options: { url: string; scopes: readonly string[]; serviceSecret: string }): LocalAuthClient[] {
  const { url, scopes, serviceSecret } = options;
  return [
    {
      clientId: CONSOLE_CLIENT_ID,
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [`${url}/console/`],
      postLogoutRedirectUris: [`${url}/console/`],
      scopes: ['openid', 'profile', ...scopes],
    },
    { clientId: 'dev', grantTypes: ['dev'], scopes: [...scopes] },
    { clientId: SERVICE_CLIENT_ID, secret: serviceSecret, grantTypes: ['client_credentials'], scopes: ['events:write'] },
  ];
}
