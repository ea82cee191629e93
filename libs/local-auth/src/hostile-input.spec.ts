import fc from 'fast-check';
import request from 'supertest';
import { basic, createTestProvider, removeKeys, SERVICE_SECRET, type TestProvider } from './test-provider';

describe('hostile input', () => {
  let provider: TestProvider;
  let consoleError: jest.SpyInstance;
  beforeAll(async () => {
    provider = await createTestProvider();
  });
  afterAll(() => removeKeys(provider));
  beforeEach(() => {
    consoleError = jest.spyOn(console, 'error');
  });
  afterEach(() => {
    // A logged failure is a 500 some client caused.
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
  });

  const token = () => request(provider.app).post('/local-auth/token');

  it.each([
    ['malformed JSON', 'application/json', '{"sub": "alice",'],
    ['a JSON array', 'application/json', '["alice"]'],
    ['JSON null', 'application/json', 'null'],
    ['a body in an unknown charset', 'application/json; charset=klingon', '{"sub":"alice"}'],
    ['text/plain', 'text/plain', 'grant_type=client_credentials'],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\nclient_credentials\r\n--x--'],
    ['a body over 16 KB', 'application/json', JSON.stringify({ sub: 'alice', scope: 'a'.repeat(17 * 1024) })],
    ['a form over 16 KB', 'application/x-www-form-urlencoded', `grant_type=client_credentials&scope=${'a'.repeat(17 * 1024)}`],
    ['a form with prototype keys', 'application/x-www-form-urlencoded', '__proto__[grant_type]=client_credentials&constructor=x'],
    ['a form with broken percent-encoding', 'application/x-www-form-urlencoded', 'grant_type=%E0%A4%A&client_id=%'],
  ])('answers 400 invalid_request JSON to %s', async (_case, contentType, body) => {
    const response = await token().set('Content-Type', contentType).send(body);

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ error: expect.stringMatching(/^(invalid_request|unsupported_grant_type)$/), error_description: expect.any(String) });
    expect(response.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers 400 invalid_request to a POST without a body', async () => {
    const response = await token();

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
  });

  it('answers 400 with a page to a sign-in form over 16 KB', async () => {
    const response = await request(provider.app).post('/local-auth/authorize').type('form').send(`username=${'a'.repeat(17 * 1024)}`);

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  // fast-check's failure message names the seed and the counterexample to replay.
  it('never answers a 5xx to arbitrary token requests', async () => {
    const clients = fc.constantFrom('react-app-manager', 'console', 'dev', 'stranger', '');
    const form = fc.dictionary(
      fc.constantFrom('grant_type', 'client_id', 'client_secret', 'scope', 'code', 'code_verifier', 'redirect_uri', 'refresh_token', 'sub'),
      fc.oneof(fc.string(), fc.constantFrom('client_credentials', 'authorization_code', 'refresh_token', 'events:write', SERVICE_SECRET)),
    );
    const authorization = fc.option(fc.oneof(fc.string(), clients.map((id) => basic(id, SERVICE_SECRET))), { nil: undefined });
    const json = fc.jsonValue().map((value) => JSON.stringify(value));
    const body = fc.oneof(
      form.map((fields) => ({ type: 'application/x-www-form-urlencoded', text: new URLSearchParams(fields).toString() })),
      json.map((text) => ({ type: 'application/json', text })),
      fc.record({ type: fc.constantFrom('application/json', 'application/x-www-form-urlencoded'), text: fc.string() }),
    );

    await fc.assert(
      fc.asyncProperty(body, authorization, async ({ type, text }, header) => {
        const call = token().set('Content-Type', type);
        const response = await (header === undefined ? call : call.set('Authorization', header)).send(text);
        expect(response.status).toBeLessThan(500);
        expect(typeof response.body.error === 'string' || typeof response.body.access_token === 'string').toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never answers a 5xx to arbitrary sign-in and logout requests', async () => {
    const names = fc.constantFrom('response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'username', 'decision', 'post_logout_redirect_uri');
    const query = fc.array(fc.tuple(names, fc.oneof(fc.string(), fc.constantFrom('code', 'console', 'http://127.0.0.1:3000/console/callback', 'openid', 'S256'))), { maxLength: 12 });

    await fc.assert(
      fc.asyncProperty(query, fc.constantFrom('GET /authorize', 'POST /authorize', 'GET /logout', 'GET /userinfo'), async (pairs, route) => {
        const [method, path] = route.split(' ');
        const encoded = new URLSearchParams(pairs).toString();
        const response =
          method === 'GET'
            ? await request(provider.app).get(`/local-auth${path}?${encoded}`).set('Authorization', `Bearer ${encoded}`)
            : await request(provider.app).post(`/local-auth${path}`).type('form').send(encoded);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });
});
