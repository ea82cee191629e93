import { createClientCredentialsTokenSource, withBearerToken } from './client-credentials';
import { createHttpClient } from './http-client';
import { HttpClientError } from './http-client-error';
import { answer, useTestServers, type ReceivedRequest } from './test-server';

/** A token endpoint that issues `token-<n>` on its n-th request, valid for `expiresIn` seconds. */
const issuing =
  (expiresIn = 3600) =>
  (hit: number, _request: ReceivedRequest, response: Parameters<typeof answer>[0]) =>
    answer(response, 200, { access_token: `token-${hit}`, token_type: 'Bearer', expires_in: expiresIn });

const options = { clientId: 'react-app-manager', clientSecret: 's3cret:with/odd chars', scope: 'events:write' };

describe('createClientCredentialsTokenSource', () => {
  const startServer = useTestServers();

  it('asks the token endpoint with the client-credentials grant, form-encoded, authenticated with client_secret_basic', async () => {
    const server = await startServer(issuing());
    const tokens = createClientCredentialsTokenSource({ ...options, tokenUrl: `${server.url}/oauth2/token` });

    const token = await tokens.token();

    expect(token).toBe('token-1');
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/oauth2/token' });
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({ grant_type: 'client_credentials', scope: 'events:write' });
    const basic = Buffer.from((request?.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
    expect(basic).toBe('react-app-manager:s3cret%3Awith%2Fodd+chars');
  });

  it('reuses the token until 60 seconds before it expires, then fetches another', async () => {
    const server = await startServer(issuing(3600));
    let clock = 1_000_000;
    const tokens = createClientCredentialsTokenSource({ ...options, tokenUrl: server.url, now: () => clock });

    const first = await tokens.token();
    clock += 3_539_000;
    const stillFresh = await tokens.token();
    clock += 1_000;
    const renewed = await tokens.token();

    expect([first, stillFresh, renewed]).toEqual(['token-1', 'token-1', 'token-2']);
    expect(server.requests).toHaveLength(2);
  });

  it('renews a short-lived token 10% of its lifetime before it expires', async () => {
    const server = await startServer(issuing(100));
    let clock = 0;
    const tokens = createClientCredentialsTokenSource({ ...options, tokenUrl: server.url, now: () => clock });

    await tokens.token();
    clock = 89_999;
    const beforeMargin = await tokens.token();
    clock = 90_000;
    const inMargin = await tokens.token();

    expect([beforeMargin, inMargin]).toEqual(['token-1', 'token-2']);
  });

  it('shares one fetch between callers that ask at once', async () => {
    const server = await startServer(issuing());
    const tokens = createClientCredentialsTokenSource({ ...options, tokenUrl: server.url });

    const all = await Promise.all(Array.from({ length: 5 }, () => tokens.token()));

    expect(all).toEqual(Array.from({ length: 5 }, () => 'token-1'));
    expect(server.requests).toHaveLength(1);
  });

  it('fetches a new token after invalidate, and ignores the invalidation of a token it no longer holds', async () => {
    const server = await startServer(issuing());
    const tokens = createClientCredentialsTokenSource({ ...options, tokenUrl: server.url });
    const first = await tokens.token();

    tokens.invalidate(first);
    const second = await tokens.token();
    tokens.invalidate(first);
    const stillSecond = await tokens.token();
    tokens.invalidate();
    const third = await tokens.token();

    expect([second, stillSecond, third]).toEqual(['token-2', 'token-2', 'token-3']);
  });

  it('rejects with HttpClientError carrying the status when the endpoint refuses, and asks again on the next call', async () => {
    const server = await startServer((hit, request, response) =>
      hit === 1 ? answer(response, 400, { error: 'invalid_client' }) : issuing()(hit, request, response),
    );
    const tokens = createClientCredentialsTokenSource({ ...options, tokenUrl: server.url });

    const refused = tokens.token();

    await expect(refused).rejects.toBeInstanceOf(HttpClientError);
    await expect(refused).rejects.toMatchObject({ status: 400 });
    expect(await tokens.token()).toBe('token-2');
  });

  it.each([
    ['no access_token', { token_type: 'Bearer', expires_in: 3600 }],
    ['another token type', { access_token: 'abc', token_type: 'mac', expires_in: 3600 }],
    ['no expires_in', { access_token: 'abc', token_type: 'Bearer' }],
    ['a body that is not JSON', 'access_token=abc'],
  ])('rejects with HttpClientError a token response with %s', async (_case, body) => {
    const server = await startServer((_hit, _request, response) => answer(response, 200, body));
    const tokens = createClientCredentialsTokenSource({ ...options, tokenUrl: server.url });

    await expect(tokens.token()).rejects.toThrow(/without a Bearer access_token/);
  });
});

describe('withBearerToken', () => {
  const startServer = useTestServers();

  it('sends the token as a bearer token', async () => {
    const auth = await startServer(issuing());
    const service = await startServer((_hit, _request, response) => answer(response, 202, { accepted: true }));
    const client = withBearerToken(createHttpClient({ service: 'integration-service' }), createClientCredentialsTokenSource({ ...options, tokenUrl: auth.url }));

    const response = await client.request({ method: 'POST', url: service.url, body: { id: 'evt_1' } });

    expect(response.status).toBe(202);
    expect(service.requests[0]?.headers.authorization).toBe('Bearer token-1');
  });

  it('fetches a new token once and sends the request again when the service answers 401', async () => {
    const auth = await startServer(issuing());
    const service = await startServer((hit, _request, response) => answer(response, hit === 1 ? 401 : 202));
    const client = withBearerToken(createHttpClient({ service: 'integration-service' }), createClientCredentialsTokenSource({ ...options, tokenUrl: auth.url }));

    const response = await client.request({ method: 'POST', url: service.url, body: { id: 'evt_1' } });

    expect(response.status).toBe(202);
    expect(service.requests.map((request) => request.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('answers the second 401 rather than asking again', async () => {
    const auth = await startServer(issuing());
    const service = await startServer((_hit, _request, response) => answer(response, 401));
    const client = withBearerToken(createHttpClient({ service: 'integration-service' }), createClientCredentialsTokenSource({ ...options, tokenUrl: auth.url }));

    const response = await client.request({ method: 'POST', url: service.url, body: { id: 'evt_1' } });

    expect(response.status).toBe(401);
    expect(service.requests).toHaveLength(2);
    expect(auth.requests).toHaveLength(2);
  });
});
