import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalAuth, type LocalAuthOptions } from './local-auth';
import type { LocalAuthClient } from './local-auth-client';
import { LocalAuthConfigError } from './oauth-error';

describe('createLocalAuth options', () => {
  let keysDir: string;
  beforeAll(async () => {
    keysDir = await mkdtemp(join(tmpdir(), 'local-auth-'));
  });
  afterAll(() => rm(keysDir, { recursive: true, force: true }));

  const dev: LocalAuthClient = { clientId: 'dev', grantTypes: ['dev'], scopes: ['apps:read'] };
  const start = (options: Partial<LocalAuthOptions>) => createLocalAuth({ issuer: 'http://127.0.0.1:3000/local-auth', keysDir, clients: [dev], ...options });

  it.each<[string, Partial<LocalAuthOptions>]>([
    ['an issuer that is not a URL', { issuer: 'local-auth' }],
    ['an issuer with a query', { issuer: 'http://127.0.0.1:3000/local-auth?x=1' }],
    ['two clients with one id', { clients: [dev, dev] }],
    ['two clients with the dev grant', { clients: [dev, { ...dev, clientId: 'dev2' }] }],
    ['a scope that is not a scope-token', { clients: [{ ...dev, scopes: ['apps read'] }] }],
    ['a sign-in client without a redirect URI', { clients: [{ clientId: 'console', grantTypes: ['authorization_code'], scopes: [] }] }],
    ['a redirect URI with a fragment', { clients: [{ clientId: 'console', grantTypes: ['authorization_code'], redirectUris: ['http://127.0.0.1/cb#x'], scopes: [] }] }],
    ['a client_credentials client without a secret', { clients: [{ clientId: 'svc', grantTypes: ['client_credentials'], scopes: [] }] }],
    ['a development token lifetime of zero', { devTokenTtlSeconds: 0 }],
  ])('refuses %s', async (_case, options) => {
    await expect(start(options)).rejects.toBeInstanceOf(LocalAuthConfigError);
  });

  it('issues development tokens for the lifetime given', async () => {
    const auth = await start({ devTokenTtlSeconds: 60 });

    expect(await auth.issueToken('alice', ['apps:read'])).toEqual(expect.objectContaining({ expires_in: 60 }));
  });

  it('refuses issueToken without a dev client unless a client is named', async () => {
    const auth = await start({ clients: [{ clientId: 'svc', secret: 's', grantTypes: ['client_credentials'], scopes: ['events:write'] }] });

    await expect(auth.issueToken('alice', [])).rejects.toBeInstanceOf(LocalAuthConfigError);
    await expect(auth.issueToken('svc', ['events:write'], 'svc')).resolves.toEqual(expect.objectContaining({ token_type: 'Bearer' }));
  });
});
