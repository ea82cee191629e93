import request from 'supertest';
import { CONSOLE_REDIRECT, createTestProvider, pkcePair, removeKeys, type TestProvider } from './test-provider';

/** The console's sign-in: the authorization request it sends, with a fresh PKCE pair. */
function signInRequest(overrides: Record<string, string> = {}) {
  const pkce = pkcePair();
  const query = {
    response_type: 'code',
    client_id: 'console',
    redirect_uri: CONSOLE_REDIRECT,
    scope: 'openid apps:read',
    state: 'state-123',
    nonce: 'nonce-456',
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  return { query, verifier: pkce.verifier };
}

describe('authorization code with PKCE', () => {
  let provider: TestProvider;
  let clock: Date;
  beforeAll(async () => {
    clock = new Date();
    provider = await createTestProvider({ now: () => clock });
  });
  afterAll(() => removeKeys(provider));
  beforeEach(() => {
    clock = new Date();
  });

  async function signIn(query: Record<string, string>, username = 'alice'): Promise<URL> {
    const response = await request(provider.app).post('/local-auth/authorize').type('form').send({ ...query, username, decision: 'allow' });
    expect(response.status).toBe(303);
    return new URL(response.headers.location ?? '');
  }

  const exchange = (form: Record<string, string>) => request(provider.app).post('/local-auth/token').type('form').send({ grant_type: 'authorization_code', client_id: 'console', redirect_uri: CONSOLE_REDIRECT, ...form });

  describe('GET /authorize', () => {
    it('shows an accessible sign-in page that says it is for local development', async () => {
      const { query } = signInRequest();

      const response = await request(provider.app).get('/local-auth/authorize').query(query);

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.text).toContain('<label for="username">');
      expect(response.text).toContain('<input id="username" name="username"');
      expect(response.text).toContain('<button type="submit" name="decision" value="allow">Sign in</button>');
      expect(response.text).toContain('<li><code>apps:read</code></li>');
      expect(response.text).toMatch(/no password/);
    });

    it('forbids framing and allows the form to post only here and to the client', async () => {
      const response = await request(provider.app).get('/local-auth/authorize').query(signInRequest().query);

      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(response.headers['content-security-policy']).toMatch(/form-action 'self' http:\/\/127\.0\.0\.1:3000(;|$)/);
    });

    it('escapes what it shows back', async () => {
      const response = await request(provider.app).get('/local-auth/authorize').query(signInRequest({ state: '"><script>alert(1)</script>' }).query);

      expect(response.status).toBe(200);
      expect(response.text).not.toContain('<script>');
      expect(response.text).toContain('&quot;&gt;&lt;script&gt;');
    });

    it.each([
      ['an unknown client', { client_id: 'stranger' }],
      ['a client that may not sign users in', { client_id: 'react-app-manager' }],
      ['an unregistered redirect_uri', { redirect_uri: 'http://evil.example/callback' }],
      ['a redirect_uri that only starts like a registered one', { redirect_uri: `${CONSOLE_REDIRECT}/x` }],
      ['no redirect_uri', { redirect_uri: '' }],
    ])('shows an error page and never redirects for %s', async (_case, overrides) => {
      const response = await request(provider.app).get('/local-auth/authorize').query(signInRequest(overrides).query);

      expect(response.status).toBe(400);
      expect(response.headers.location).toBeUndefined();
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    });

    it.each([
      ['unsupported_response_type', { response_type: 'token' }],
      ['invalid_request', { code_challenge: '' }],
      ['invalid_request', { code_challenge_method: 'plain' }],
      ['invalid_scope', { scope: 'apps:read' }],
      ['invalid_scope', { scope: 'openid events:write' }],
    ])('redirects back with error=%s and the state', async (error, overrides) => {
      const response = await request(provider.app).get('/local-auth/authorize').query(signInRequest(overrides).query);

      expect(response.status).toBe(302);
      const location = new URL(response.headers.location ?? '');
      expect(location.origin + location.pathname).toBe(CONSOLE_REDIRECT);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('state-123');
    });
  });

  describe('POST /authorize', () => {
    it('redirects with 303 to the client with a code and the state', async () => {
      const location = await signIn(signInRequest().query);

      expect(location.origin + location.pathname).toBe(CONSOLE_REDIRECT);
      expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(location.searchParams.get('state')).toBe('state-123');
    });

    it('redirects with access_denied when the user cancels', async () => {
      const response = await request(provider.app).post('/local-auth/authorize').type('form').send({ ...signInRequest().query, decision: 'deny' });

      expect(response.status).toBe(303);
      const location = new URL(response.headers.location ?? '');
      expect(location.searchParams.get('error')).toBe('access_denied');
      expect(location.searchParams.get('state')).toBe('state-123');
      expect(location.searchParams.has('code')).toBe(false);
    });

    it('shows the page again with an error for a user name with spaces', async () => {
      const response = await request(provider.app).post('/local-auth/authorize').type('form').send({ ...signInRequest().query, username: 'alice smith', decision: 'allow' });

      expect(response.status).toBe(400);
      expect(response.text).toContain('aria-invalid="true"');
      expect(response.text).toContain('role="alert"');
    });

    it('refuses a form whose redirect_uri was changed in the browser', async () => {
      const response = await request(provider.app)
        .post('/local-auth/authorize')
        .type('form')
        .send({ ...signInRequest({ redirect_uri: 'http://evil.example/' }).query, username: 'alice', decision: 'allow' });

      expect(response.status).toBe(400);
      expect(response.headers.location).toBeUndefined();
    });
  });

  describe('POST /token: authorization_code', () => {
    it('exchanges the code and verifier for access, ID and refresh tokens', async () => {
      const { query, verifier } = signInRequest();
      const code = (await signIn(query)).searchParams.get('code') ?? '';

      const response = await exchange({ code, code_verifier: verifier });

      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, id_token: expect.any(String), refresh_token: expect.any(String) });
      expect(await provider.verify(response.body.access_token)).toEqual(
        expect.objectContaining({ sub: 'alice', username: 'alice', client_id: 'console', scope: 'openid apps:read', token_use: 'access' }),
      );
    });

    it('issues an ID token for the client that echoes the nonce', async () => {
      const { query, verifier } = signInRequest();
      const code = (await signIn(query)).searchParams.get('code') ?? '';

      const { id_token } = (await exchange({ code, code_verifier: verifier })).body;

      const claims = await provider.verify(id_token, { audience: 'console' });
      expect(claims).toEqual(
        expect.objectContaining({ sub: 'alice', aud: 'console', nonce: 'nonce-456', iat: expect.any(Number), exp: expect.any(Number), auth_time: expect.any(Number) }),
      );
    });

    it('answers invalid_grant for a wrong verifier', async () => {
      const { query } = signInRequest();
      const code = (await signIn(query)).searchParams.get('code') ?? '';

      const response = await exchange({ code, code_verifier: pkcePair().verifier });

      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_grant');
    });

    it('answers invalid_grant for a code used twice', async () => {
      const { query, verifier } = signInRequest();
      const code = (await signIn(query)).searchParams.get('code') ?? '';
      await exchange({ code, code_verifier: verifier });

      const response = await exchange({ code, code_verifier: verifier });

      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_grant');
    });

    it('answers invalid_grant for a redirect_uri other than the request’s', async () => {
      const { query, verifier } = signInRequest();
      const code = (await signIn(query)).searchParams.get('code') ?? '';

      const response = await exchange({ code, code_verifier: verifier, redirect_uri: 'http://127.0.0.1:3000/console/other' });

      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_grant');
    });

    it('answers invalid_grant for a code older than 60 seconds', async () => {
      const { query, verifier } = signInRequest();
      const code = (await signIn(query)).searchParams.get('code') ?? '';
      clock = new Date(clock.getTime() + 61_000);

      const response = await exchange({ code, code_verifier: verifier });

      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_grant');
    });

    it('answers 400 invalid_request without a code_verifier', async () => {
      const { query } = signInRequest();
      const code = (await signIn(query)).searchParams.get('code') ?? '';

      const response = await exchange({ code });

      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_request');
    });
  });

  describe('POST /token: refresh_token', () => {
    async function tokens() {
      const { query, verifier } = signInRequest();
      const code = (await signIn(query)).searchParams.get('code') ?? '';
      return (await exchange({ code, code_verifier: verifier })).body;
    }
    const refresh = (form: Record<string, string>) => request(provider.app).post('/local-auth/token').type('form').send({ grant_type: 'refresh_token', client_id: 'console', ...form });

    it('issues new tokens and a new refresh token for a refresh token', async () => {
      const { refresh_token } = await tokens();

      const response = await refresh({ refresh_token });

      expect(response.status).toBe(200);
      expect(response.body.refresh_token).toEqual(expect.any(String));
      expect(response.body.refresh_token).not.toBe(refresh_token);
      expect(await provider.verify(response.body.access_token)).toEqual(expect.objectContaining({ sub: 'alice', scope: 'openid apps:read' }));
    });

    it('answers invalid_grant for a refresh token used twice (rotation)', async () => {
      const { refresh_token } = await tokens();
      await refresh({ refresh_token });

      const response = await refresh({ refresh_token });

      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_grant');
    });

    it('narrows the access token to a subset of the granted scopes', async () => {
      const { refresh_token } = await tokens();

      const response = await refresh({ refresh_token, scope: 'apps:read' });

      expect((await provider.verify(response.body.access_token)).scope).toBe('apps:read');
    });

    it('answers invalid_scope for a scope that was not granted', async () => {
      const { refresh_token } = await tokens();

      const response = await refresh({ refresh_token, scope: 'apps:write' });

      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_scope');
    });
  });

  describe('GET /userinfo', () => {
    it('answers the user of a valid access token', async () => {
      const { access_token } = await provider.auth.issueToken('alice', ['apps:read']);

      const response = await request(provider.app).get('/local-auth/userinfo').set('Authorization', `Bearer ${access_token}`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ sub: 'alice', username: 'alice' });
    });

    it('answers 401 invalid_token for an ID token', async () => {
      const { query, verifier } = signInRequest();
      const code = (await signIn(query)).searchParams.get('code') ?? '';
      const { id_token } = (await exchange({ code, code_verifier: verifier })).body;

      const response = await request(provider.app).get('/local-auth/userinfo').set('Authorization', `Bearer ${id_token}`);

      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    });

    it('answers 401 with a bare challenge without a token', async () => {
      const response = await request(provider.app).get('/local-auth/userinfo');

      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="local-auth"');
    });
  });

  describe('GET /logout', () => {
    it('redirects to a registered post_logout_redirect_uri with the state', async () => {
      const response = await request(provider.app).get('/local-auth/logout').query({ client_id: 'console', post_logout_redirect_uri: 'http://127.0.0.1:3000/console/', state: 's1' });

      expect(response.status).toBe(302);
      expect(response.headers.location).toBe('http://127.0.0.1:3000/console/?state=s1');
    });

    it('shows a signed-out page without a redirect URI', async () => {
      const response = await request(provider.app).get('/local-auth/logout');

      expect(response.status).toBe(200);
      expect(response.text).toContain('Signed out');
    });

    it('never redirects to an unregistered URI', async () => {
      const response = await request(provider.app).get('/local-auth/logout').query({ client_id: 'console', post_logout_redirect_uri: 'http://evil.example/' });

      expect(response.status).toBe(400);
      expect(response.headers.location).toBeUndefined();
    });
  });
});
