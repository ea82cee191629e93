import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { LocalAuthConfigError } from './oauth-error';
import { KEY_FILE } from './signing-key';
import { createTestProvider, removeKeys } from './test-provider';

describe('signing keys', () => {
  it('stores the private key in a file only its owner can read', async () => {
    const provider = await createTestProvider();

    const { mode } = await stat(join(provider.keysDir, KEY_FILE));

    expect(mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(join(provider.keysDir, KEY_FILE), 'utf8'))).toEqual(expect.objectContaining({ kty: 'RSA', d: expect.any(String) }));
    await removeKeys(provider);
  });

  it('keeps the key across restarts, so earlier tokens still verify', async () => {
    const first = await createTestProvider();
    const { access_token } = await first.auth.issueToken('alice', ['apps:read']);

    const second = await createTestProvider({ keysDir: first.keysDir });

    expect(await second.verify(access_token)).toEqual(expect.objectContaining({ sub: 'alice' }));
    expect((await request(second.app).get('/local-auth/jwks.json')).body).toEqual((await request(first.app).get('/local-auth/jwks.json')).body);
    await removeKeys(first);
  });

  it('keeps one key when two providers start on one empty folder at once', async () => {
    const keysDir = join(await mkdtemp(join(tmpdir(), 'local-auth-')), 'nested');

    const [first, second] = await Promise.all([createTestProvider({ keysDir }), createTestProvider({ keysDir })]);

    const { access_token } = await first.auth.issueToken('alice', ['apps:read']);
    expect(await second.verify(access_token)).toEqual(expect.objectContaining({ sub: 'alice' }));
    await rm(join(keysDir, '..'), { recursive: true, force: true });
  });

  it('refuses to start on a damaged key file rather than replace it', async () => {
    const keysDir = await mkdtemp(join(tmpdir(), 'local-auth-'));
    await writeFile(join(keysDir, KEY_FILE), '{"kty":', { mode: 0o600 });

    await expect(createTestProvider({ keysDir })).rejects.toBeInstanceOf(LocalAuthConfigError);
    await rm(keysDir, { recursive: true, force: true });
  });
});
