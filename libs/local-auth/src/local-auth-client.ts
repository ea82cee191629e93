import * as z from 'zod';
import { isScopeToken } from './scopes';

/** The grants a client may use; `dev` is the JSON development-token grant of `POST /token`. */
export const GRANT_TYPES = ['client_credentials', 'authorization_code', 'refresh_token', 'dev'] as const;

const redirectUri = z.url({ protocol: /^https?$/ }).refine((uri) => !uri.includes('#'), 'a redirect URI has no fragment (RFC 6749 §3.1.2)');

/**
 * A client registered with the local provider. A client with a `secret` is confidential and must
 * authenticate at the token endpoint (HTTP Basic or `client_secret_post`); one without is public
 * (`none`, PKCE protects its codes). `scopes` are the API scopes it may ask for; clients with the
 * `authorization_code` grant may also ask for `openid` and `profile`. `postLogoutRedirectUris` are
 * where `GET /logout` may send the browser back.
 *
 * @example
 * const service = LocalAuthClientSchema.parse({ clientId: 'react-app-manager', secret, grantTypes: ['client_credentials'], scopes: ['events:write'] });
 */
export const LocalAuthClientSchema = z
  .object({
    clientId: z.string().regex(/^[\x21-\x7E]{1,128}$/, 'a client id is 1 to 128 visible ASCII characters'),
    secret: z.string().min(1).optional(),
    grantTypes: z.array(z.enum(GRANT_TYPES)).min(1),
    redirectUris: z.array(redirectUri).optional(),
    postLogoutRedirectUris: z.array(redirectUri).optional(),
    scopes: z.array(z.string().refine(isScopeToken, 'a scope is an RFC 6749 scope-token')),
  })
  .refine((client) => !client.grantTypes.includes('authorization_code') || (client.redirectUris ?? []).length > 0, {
    message: 'a client with the authorization_code grant registers at least one redirect URI',
  })
  .refine((client) => !client.grantTypes.includes('client_credentials') || client.secret !== undefined, {
    message: 'a client with the client_credentials grant is confidential: it has a secret',
  });

/**
 * @example
 * const console: LocalAuthClient = {
 *   clientId: 'console',
 *   grantTypes: ['authorization_code', 'refresh_token'],
 *   redirectUris: ['http://127.0.0.1:3000/console/callback'],
 *   scopes: ['apps:read', 'apps:write'],
 * };
 */
export type LocalAuthClient = z.infer<typeof LocalAuthClientSchema>;

/** Scopes any OpenID sign-in may ask for besides the client's API scopes. */
export const OPENID_SCOPES = ['openid', 'profile'] as const;
