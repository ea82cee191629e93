import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { LocalAuthConfigError } from './oauth-error';

export const SIGNING_ALG = 'RS256';
export const KEY_FILE = 'signing-key.json';

/** The provider's one signing key: the private key for jose, and the public JWK the JWKS serves. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * Reads the private JWK from `keysDir`, or generates and stores one on first start, so tokens
 * survive a restart. The file is created 0600 in a 0700 folder: it is the only secret the
 * provider holds.
 */
export async function loadSigningKey(keysDir: string): Promise<SigningKey> {
  const path = join(keysDir, KEY_FILE);
  const stored = await readJwk(path);
  return toSigningKey(stored ?? (await storeNewJwk(keysDir, path)), path);
}

async function readJwk(path: string): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LocalAuthConfigError(`Cannot read the signing key ${path}`, { cause: error });
  }
  try {
    return JSON.parse(text) as JWK;
  } catch (error) {
    throw new LocalAuthConfigError(`The signing key ${path} is not JSON; delete it to generate a new key`, { cause: error });
  }
}

async function storeNewJwk(keysDir: string, path: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  // Written aside and then linked into place: a crash never leaves half a key, and when two
  // providers start on one folder at once, the second keeps the key the first stored.
  const partial = `${path}.${randomUUID()}.tmp`;
  await writeFile(partial, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(partial, path);
    return jwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const stored = await readJwk(path);
    if (!stored) throw error;
    return stored;
  } finally {
    await unlink(partial);
  }
}

async function toSigningKey(jwk: JWK, path: string): Promise<SigningKey> {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string' || typeof jwk.d !== 'string') {
    throw new LocalAuthConfigError(`The signing key ${path} is not an RSA private JWK; delete it to generate a new key`);
  }
  let privateKey: CryptoKey;
  try {
    privateKey = (await importJWK(jwk, SIGNING_ALG)) as CryptoKey;
  } catch (error) {
    throw new LocalAuthConfigError(`The signing key ${path} cannot be imported; delete it to generate a new key`, { cause: error });
  }
  const publicMembers = { kty: jwk.kty, n: jwk.n, e: jwk.e };
  // RFC 7638 thumbprint: the same key always has the same kid, across restarts and instances.
  const kid = await calculateJwkThumbprint(publicMembers);
  return { kid, privateKey, publicJwk: { ...publicMembers, kid, alg: SIGNING_ALG, use: 'sig' } };
}
