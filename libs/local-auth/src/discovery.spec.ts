import request from 'supertest';
import { createTestProvider, ISSUER, removeKeys, type TestProvider } from './test-provider';

describe('discovery and JWKS', () => {
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await createTestProvider();
  });
  afterAll(() => removeKeys(provider));

  it('describes the provider with endpoints under the issuer', async () => {
    const response = await request(provider.app).get('/local-auth/.well-known/openid-configuration');

    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      expect.objectContaining({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/authorize`,
        token_endpoint: `${ISSUER}/token`,
        jwks_uri: `${ISSUER}/jwks.json`,
        userinfo_endpoint: `${ISSUER}/userinfo`,
        end_session_endpoint: `${ISSUER}/logout`,
        response_types_supported: ['code'],
        grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        id_token_signing_alg_values_supported: ['RS256'],
        subject_types_supported: ['public'],
      }),
    );
  });

  it('lists openid, profile and every client scope once', async () => {
    const response = await request(provider.app).get('/local-auth/.well-known/openid-configuration');

    expect([...response.body.scopes_supported].sort()).toEqual(['apps:read', 'apps:write', 'callbacks:read', 'events:write', 'openid', 'profile']);
  });

  it('serves one RS256 signing key with a kid and no private members', async () => {
    const response = await request(provider.app).get('/local-auth/jwks.json');

    expect(response.status).toBe(200);
    expect(response.body.keys).toHaveLength(1);
    const [key] = response.body.keys;
    expect(key).toEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: expect.any(String), alg: 'RS256', use: 'sig' });
  });

  it.each(['/.well-known/openid-configuration', '/jwks.json'])('lets a page on any origin read %s', async (path) => {
    const response = await request(provider.app).get(`/local-auth${path}`).set('Origin', 'http://127.0.0.1:5173');

    expect(response.headers['access-control-allow-origin']).toBe('*');
  });

  it.each(['/.well-known/openid-configuration', '/jwks.json', '/token', '/userinfo'])('answers the CORS preflight of %s', async (path) => {
    const response = await request(provider.app)
      .options(`/local-auth${path}`)
      .set('Origin', 'http://127.0.0.1:5173')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type');

    expect(response.status).toBe(204);
    expect(response.headers).toEqual(
      expect.objectContaining({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'Authorization, Content-Type',
      }),
    );
  });
});
