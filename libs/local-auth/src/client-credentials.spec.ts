import request from 'supertest';
import { basic, createTestProvider, removeKeys, SERVICE_SECRET, type TestProvider } from './test-provider';

describe('POST /token: client_credentials', () => {
  let provider: TestProvider;
  beforeAll(async () => {
    provider = await createTestProvider();
  });
  afterAll(() => removeKeys(provider));

  const tokenForm = (form: Record<string, string>, authorization?: string) => {
    const call = request(provider.app).post('/local-auth/token').type('form').send(form);
    return authorization === undefined ? call : call.set('Authorization', authorization);
  };

  it('issues a token to a client authenticated with HTTP Basic, sub being the client', async () => {
    const response = await tokenForm({ grant_type: 'client_credentials', scope: 'events:write' }, basic('react-app-manager', SERVICE_SECRET));

    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
    expect(await provider.verify(response.body.access_token)).toEqual(
      expect.objectContaining({ sub: 'react-app-manager', client_id: 'react-app-manager', scope: 'events:write', token_use: 'access' }),
    );
  });

  it('issues a token to a client authenticated with client_secret_post', async () => {
    const response = await tokenForm({ grant_type: 'client_credentials', client_id: 'react-app-manager', client_secret: SERVICE_SECRET });

    expect(response.status).toBe(200);
    expect((await provider.verify(response.body.access_token)).scope).toBe('events:write');
  });

  it('answers 401 invalid_client with a Basic challenge for a wrong secret', async () => {
    const response = await tokenForm({ grant_type: 'client_credentials' }, basic('react-app-manager', 'not-the-secret'));

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Basic realm="local-auth"');
    expect(response.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it.each([
    ['a wrong posted secret', { client_id: 'react-app-manager', client_secret: 'nope' }, undefined],
    ['no secret for a confidential client', { client_id: 'react-app-manager' }, undefined],
    ['an unknown client', { client_id: 'stranger', client_secret: 'whatever' }, undefined],
    ['no client at all', {}, undefined],
    ['a Basic header that is not base64 credentials', {}, 'Basic %%%'],
    ['a Bearer header', {}, 'Bearer abc'],
  ])('answers 401 invalid_client for %s', async (_case, form, authorization) => {
    const response = await tokenForm({ grant_type: 'client_credentials', ...form }, authorization);

    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_client');
  });

  it('answers 400 invalid_scope for a scope beyond the client', async () => {
    const response = await tokenForm({ grant_type: 'client_credentials', scope: 'events:write apps:write' }, basic('react-app-manager', SERVICE_SECRET));

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_scope', error_description: expect.stringContaining('apps:write') });
  });

  it('answers 400 invalid_request when Basic and posted secret are both used', async () => {
    const response = await tokenForm({ grant_type: 'client_credentials', client_secret: SERVICE_SECRET }, basic('react-app-manager', SERVICE_SECRET));

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
  });

  it('answers 400 unauthorized_client for a client without the grant', async () => {
    const response = await tokenForm({ grant_type: 'client_credentials', client_id: 'console' });

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('unauthorized_client');
  });

  it.each(['password', 'dev', 'urn:ietf:params:oauth:grant-type:jwt-bearer'])('answers 400 unsupported_grant_type for %s', async (grantType) => {
    const response = await tokenForm({ grant_type: grantType }, basic('react-app-manager', SERVICE_SECRET));

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('unsupported_grant_type');
  });

  it('answers 400 invalid_request for a repeated parameter', async () => {
    const response = await request(provider.app)
      .post('/local-auth/token')
      .type('form')
      .set('Authorization', basic('react-app-manager', SERVICE_SECRET))
      .send('grant_type=client_credentials&scope=events:write&scope=events:write');

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
  });

  it('lets a page on any origin read the answer, errors included', async () => {
    const response = await tokenForm({ grant_type: 'client_credentials' }, basic('react-app-manager', 'wrong'));

    expect(response.headers['access-control-allow-origin']).toBe('*');
  });
});
