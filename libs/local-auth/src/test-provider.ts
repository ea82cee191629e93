import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import request from 'supertest';
import { createLocalAuth, type LocalAuth, type LocalAuthOptions } from './local-auth';
import type { LocalAuthClient } from './local-auth-client';

export const ISSUER = 'http://127.0.0.1:3000/local-auth';
export const CONSOLE_REDIRECT = 'http://127.0.0.1:3000/console/callback';
export const SERVICE_SECRET = 'service-secret-for-tests';

export const TEST_CLIENTS: LocalAuthClient[] = [
  { clientId: 'dev', grantTypes: ['dev'], scopes: ['apps:read', 'apps:write', 'callbacks:read'] },
  {
    clientId: 'console',
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: [CONSOLE_REDIRECT],
    postLogoutRedirectUris: ['http://127.0.0.1:3000/console/'],
    scopes: ['apps:read', 'apps:write'],
  },
  { clientId: 'react-app-manager', secret: SERVICE_SECRET, grantTypes: ['client_credentials'], scopes: ['events:write'] },
];

/** A provider on a fresh key folder, mounted the way the local stack mounts it. */
export interface TestProvider {
  auth: LocalAuth;
  app: express.Express;
  keysDir: string;
  /** Verifies a token against the JWKS the provider serves, the way the authorizer will. */
  verify(token: string, options?: { audience?: string }): Promise<JWTPayload>;
}

export async function createTestProvider(options: Partial<LocalAuthOptions> = {}): Promise<TestProvider> {
  const keysDir = options.keysDir ?? (await mkdtemp(join(tmpdir(), 'local-auth-')));
  const auth = await createLocalAuth({ issuer: ISSUER, clients: TEST_CLIENTS, ...options, keysDir });
  const app = mount(auth);
  return {
    auth,
    app,
    keysDir,
    async verify(token, { audience } = {}) {
      const jwks = (await request(app).get('/local-auth/jwks.json')).body;
      const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: ISSUER, algorithms: ['RS256'], ...(audience ? { audience } : {}) });
      return payload;
    },
  };
}

export function mount(auth: LocalAuth): express.Express {
  const app = express();
  app.use('/local-auth', auth.router);
  return app;
}

export const removeKeys = (provider: TestProvider): Promise<void> => rm(provider.keysDir, { recursive: true, force: true });

/** RFC 7636 §4.1/§4.2: a random verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const basic = (clientId: string, secret: string): string => `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
