export { createLocalAuth, DEFAULT_DEV_TOKEN_TTL_SECONDS } from './local-auth';
export type { LocalAuth, LocalAuthOptions } from './local-auth';
export { LocalAuthClientSchema } from './local-auth-client';
export type { LocalAuthClient } from './local-auth-client';
export { LocalAuthConfigError, OAuthError } from './oauth-error';
export type { OAuthErrorCode } from './oauth-error';
export type { TokenResponse } from './grants';
