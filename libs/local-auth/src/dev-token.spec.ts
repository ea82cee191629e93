import request from 'supertest';
import { DEFAULT_DEV_TOKEN_TTL_SECONDS } from './local-auth';
import { createTestProvider, removeKeys, type TestProvider } from './test-provider';

describe('POST /token with JSON: development tokens', () => {
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await createTestProvider({ now: () => new Date() });
  });
  afterAll(() => removeKeys(provider));

  const devToken = (body: unknown) => request(provider.app).post('/local-auth/token').set('Content-Type', 'application/json').send(JSON.stringify(body));

  it('issues a Cognito-shaped access token for the user and scopes asked for', async () => {
    const response = await devToken({ sub: 'alice', scope: 'apps:read apps:write' });

    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: DEFAULT_DEV_TOKEN_TTL_SECONDS });
    const claims = await provider.verify(response.body.access_token);
    expect(claims).toEqual({
      iss: 'http://127.0.0.1:3000/local-auth',
      sub: 'alice',
      username: 'alice',
      client_id: 'dev',
      scope: 'apps:read apps:write',
      token_use: 'access',
      iat: expect.any(Number),
      exp: (claims.iat ?? 0) + DEFAULT_DEV_TOKEN_TTL_SECONDS,
      auth_time: claims.iat,
      jti: expect.any(String),
    });
    expect(claims).not.toHaveProperty('aud');
  });

  it('signs with the served key: RS256, its kid, typ JWT', async () => {
    const response = await devToken({ sub: 'alice', scope: 'apps:read' });
    const jwks = (await request(provider.app).get('/local-auth/jwks.json')).body;

    const header = JSON.parse(Buffer.from(response.body.access_token.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'RS256', kid: jwks.keys[0].kid, typ: 'JWT' });
  });

  it('gives every scope of the dev client when scope is left out', async () => {
    const response = await devToken({ sub: 'alice' });

    expect((await provider.verify(response.body.access_token)).scope).toBe('apps:read apps:write callbacks:read');
  });

  it.each([
    ['no sub', { scope: 'apps:read' }],
    ['an empty sub', { sub: '', scope: 'apps:read' }],
    ['a sub of 129 characters', { sub: 'a'.repeat(129), scope: 'apps:read' }],
    ['a sub with a control character', { sub: 'ali\nce', scope: 'apps:read' }],
    ['a sub that is a number', { sub: 42, scope: 'apps:read' }],
    ['a scope that is a list', { sub: 'alice', scope: ['apps:read'] }],
  ])('answers 400 invalid_request for %s', async (_case, body) => {
    const response = await devToken(body);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
  });

  it.each([
    ['a scope the dev client may not have', 'apps:read events:write'],
    ['a scope with a quote', 'apps"read'],
    ['two spaces between scopes', 'apps:read  apps:write'],
    ['an empty scope', ''],
  ])('answers 400 invalid_scope for %s', async (_case, scope) => {
    const response = await devToken({ sub: 'alice', scope });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_scope', error_description: expect.any(String) });
  });

  it('issues the same tokens without HTTP through issueToken', async () => {
    const { access_token } = await provider.auth.issueToken('bob', ['callbacks:read']);

    expect(await provider.verify(access_token)).toEqual(expect.objectContaining({ sub: 'bob', client_id: 'dev', scope: 'callbacks:read' }));
  });

  it('refuses through issueToken a scope the client may not have', async () => {
    await expect(provider.auth.issueToken('bob', ['events:write'])).rejects.toMatchObject({ name: 'OAuthError', code: 'invalid_scope' });
  });
});
