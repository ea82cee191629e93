/**
 * The error codes of RFC 6749 §5.2 (token endpoint) and §4.1.2.1 (authorization endpoint) this
 * provider answers with.
 *
 * @example
 * const code: OAuthErrorCode = 'invalid_scope';
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied';

/**
 * A refusal a client caused, answered as `{"error", "error_description"}` (RFC 6749 §5.2) or, on
 * the authorization endpoint, as redirect parameters (§4.1.2.1).
 *
 * @example
 * throw new OAuthError('invalid_grant', 'The authorization code has expired');
 */
export class OAuthError extends Error {
  readonly status: 400 | 401;

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    options?: ErrorOptions,
  ) {
    super(description, options);
    this.name = 'OAuthError';
    // RFC 6749 §5.2: a failed client authentication is 401; every other refusal is 400.
    this.status = code === 'invalid_client' ? 401 : 400;
  }
}

/**
 * Thrown by `createLocalAuth` and `issueToken` for options the provider cannot run with: an
 * issuer that is not an http(s) URL, two clients with one id, a scope that is not a scope-token,
 * a key file that cannot be read.
 *
 * @example
 * await createLocalAuth({ issuer: 'not a url', keysDir, clients }).catch((error) => {
 *   if (error instanceof LocalAuthConfigError) console.error(error.message);
 * });
 */
export class LocalAuthConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalAuthConfigError';
  }
}
