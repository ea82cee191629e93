import { createHash, timingSafeEqual } from 'node:crypto';
import type { LocalAuthClient } from './local-auth-client';
import { OAuthError } from './oauth-error';

/** What a token request presents to identify its client (RFC 6749 §2.3). */
export interface ClientCredentials {
  /** The `Authorization` header, if any. */
  authorization: string | undefined;
  /** `client_id` and `client_secret` form parameters (`client_secret_post`). */
  clientId: string | undefined;
  clientSecret: string | undefined;
}

const unknownClient = () => new OAuthError('invalid_client', 'Client authentication failed');

/**
 * Identifies and authenticates the client: HTTP Basic (`client_secret_basic`, RFC 6749 §2.3.1,
 * id and secret form-urlencoded before base64), `client_secret_post`, or `none` for a public
 * client, which names itself with `client_id`. Using two methods at once is refused (§2.3).
 */
export function authenticateClient(clients: ReadonlyMap<string, LocalAuthClient>, presented: ClientCredentials): LocalAuthClient {
  const basic = presented.authorization === undefined ? undefined : parseBasic(presented.authorization);
  if (basic && (presented.clientSecret !== undefined || (presented.clientId !== undefined && presented.clientId !== basic.clientId))) {
    throw new OAuthError('invalid_request', 'Use one client authentication method');
  }
  const clientId = basic?.clientId ?? presented.clientId;
  const secret = basic?.secret ?? presented.clientSecret;
  if (clientId === undefined) throw unknownClient();
  const client = clients.get(clientId);
  if (!client) throw unknownClient();
  if (client.secret === undefined ? secret !== undefined : secret === undefined || !secretsEqual(secret, client.secret)) throw unknownClient();
  return client;
}

function parseBasic(header: string): { clientId: string; secret: string } {
  const [, credentials] = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header) ?? [];
  if (credentials === undefined) throw unknownClient();
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw unknownClient();
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw unknownClient();
  }
}

const formDecode = (value: string): string => decodeURIComponent(value.replaceAll('+', ' '));

/** Compares digests, so neither the content nor the length of the secret shows in the time taken. */
function secretsEqual(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
