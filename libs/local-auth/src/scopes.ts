import { OAuthError } from './oauth-error';

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), tokens separated by one space. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+(?: [\x21\x23-\x5B\x5D-\x7E]+)*$/;

export function isScopeToken(value: string): boolean {
  return SCOPE_TOKEN.test(value);
}

/** Parses a `scope` parameter; malformed or empty is `invalid_scope` (RFC 6749 §5.2). */
export function parseScope(scope: string): string[] {
  if (!SCOPE.test(scope)) throw new OAuthError('invalid_scope', 'scope must be scope-tokens separated by single spaces');
  return [...new Set(scope.split(' '))];
}

/** Every requested scope must be one the client may ask for. */
export function requireAllowed(requested: readonly string[], allowed: readonly string[]): void {
  const refused = requested.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) throw new OAuthError('invalid_scope', `scope not allowed for this client: ${refused.join(' ')}`);
}
