import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Express } from 'express';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import request from 'supertest';
import { createTestIssuer, TEST_CLIENT_ID, type TestCaller } from '@sm/testing';
import type { HttpApiConfig, HttpApiRoute, LambdaFunctionConfig } from './gateway-config';
import { GatewayConfigError } from './gateway-config-error';
import { createLocalGateway } from './local-gateway';

const logger = { info: jest.fn(), error: jest.fn() };
const issuer = createTestIssuer();
const alice: TestCaller = { sub: 'alice', scopes: ['callbacks:read'] };
const INVALID_TOKEN = /^Bearer scope="" error="invalid_token" error_description="[^"]+"$/;

function recordingFunction(): { fn: LambdaFunctionConfig; invocations: APIGatewayProxyEventV2[] } {
  const invocations: APIGatewayProxyEventV2[] = [];
  return {
    invocations,
    fn: {
      name: 'callbacks',
      handler: async (event) => {
        invocations.push(event);
        return { statusCode: 204 };
      },
    },
  };
}

/** A gateway with one route guarded by the test issuer's authorizer, needing one of `scopes`. */
function guardedGateway(scopes: string[] = ['callbacks:read'], api: Partial<HttpApiConfig> = {}) {
  const { fn, invocations } = recordingFunction();
  const routes: HttpApiRoute[] = [
    { routeKey: 'GET /api/callbacks', fn, authorization: { type: 'jwt', scopes } },
    { routeKey: 'POST /api/callbacks', fn, authorization: { type: 'jwt', scopes } },
    { routeKey: 'POST /api/callback', fn },
  ];
  const app = createLocalGateway({ logger, apis: [{ authorizer: { issuer: issuer.issuer, audience: issuer.audience, keys: issuer.keys }, routes, ...api }] });
  return { app, invocations };
}

function onlyEvent(invocations: APIGatewayProxyEventV2[]): APIGatewayProxyEventV2 {
  expect(invocations).toHaveLength(1);
  const [event] = invocations;
  if (!event) throw new Error('the function was not invoked');
  return event;
}

function jwtOf(event: APIGatewayProxyEventV2): unknown {
  return (event.requestContext as { authorizer?: { jwt?: unknown } }).authorizer?.jwt;
}

async function expectRefused(app: Express, authorization: string, invocations: APIGatewayProxyEventV2[], description?: string): Promise<void> {
  const response = await request(app).get('/api/callbacks').set('authorization', authorization);
  expect(response.status).toBe(401);
  expect(response.body).toEqual({ message: 'Unauthorized' });
  expect(response.headers['content-type']).toBe('application/json');
  expect(response.headers['www-authenticate']).toMatch(INVALID_TOKEN);
  if (description !== undefined) expect(response.headers['www-authenticate']).toContain(`error_description="${description}"`);
  expect(invocations).toHaveLength(0);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

describe('createLocalGateway: the JWT authorizer lets through', () => {
  it('a valid token, passing every claim as a string and the token scopes to the function', async () => {
    // prepare
    const { app, invocations } = guardedGateway(['callbacks:read', 'callbacks:admin']);
    const token = await issuer.token({ sub: 'alice', scopes: ['callbacks:read', 'events:write'] });

    // act
    const response = await request(app).get('/api/callbacks').set('authorization', `Bearer ${token}`);

    // assess
    expect(response.status).toBe(204);
    expect(jwtOf(onlyEvent(invocations))).toEqual({
      claims: {
        sub: 'alice',
        client_id: TEST_CLIENT_ID,
        scope: 'callbacks:read events:write',
        token_use: 'access',
        iss: issuer.issuer,
        iat: expect.stringMatching(/^\d+$/),
        exp: expect.stringMatching(/^\d+$/),
        jti: expect.any(String),
      },
      scopes: ['callbacks:read', 'events:write'],
    });
  });

  it('numbers as decimal text, booleans as text, arrays as [a b] and objects as JSON text in the claims', async () => {
    // prepare
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice, { auth_time: 1_700_000_000, email_verified: true, groups: ['admins', 'devs'], address: { country: 'NL' } });

    // act
    await request(app).get('/api/callbacks').set('authorization', `Bearer ${token}`);

    // assess
    expect(jwtOf(onlyEvent(invocations))).toMatchObject({
      claims: { auth_time: '1700000000', email_verified: 'true', groups: '[admins devs]', address: '{"country":"NL"}' },
    });
  });

  it('a token without the Bearer prefix, and one with a lower-case scheme', async () => {
    // prepare
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice);

    // act
    const bare = await request(app).get('/api/callbacks').set('authorization', token);
    const lowerCase = await request(app).get('/api/callbacks').set('authorization', `bearer ${token}`);

    // assess
    expect([bare.status, lowerCase.status]).toEqual([204, 204]);
    expect(invocations).toHaveLength(2);
  });

  it('a token for one of two route scopes', async () => {
    // prepare
    const { app, invocations } = guardedGateway(['callbacks:read', 'callbacks:admin']);
    const token = await issuer.token({ sub: 'alice', scopes: ['callbacks:admin'] });

    // act
    const response = await request(app).get('/api/callbacks').set('authorization', `Bearer ${token}`);

    // assess
    expect(response.status).toBe(204);
    expect(invocations).toHaveLength(1);
  });

  it('scopes from an scp claim, as a string or an array', async () => {
    // prepare
    const { app, invocations } = guardedGateway();
    const asString = await issuer.token(alice, { scope: undefined, scp: 'callbacks:read' });
    const asArray = await issuer.token(alice, { scope: undefined, scp: ['events:read', 'callbacks:read'] });

    // act
    const first = await request(app).get('/api/callbacks').set('authorization', `Bearer ${asString}`);
    const second = await request(app).get('/api/callbacks').set('authorization', `Bearer ${asArray}`);

    // assess
    expect([first.status, second.status]).toEqual([204, 204]);
    expect(invocations.map((event) => (jwtOf(event) as { scopes: unknown }).scopes)).toEqual([['callbacks:read'], ['events:read', 'callbacks:read']]);
  });

  it('a token without aud whose client_id is an audience entry', async () => {
    // prepare
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice, { aud: undefined, client_id: TEST_CLIENT_ID });

    // act
    const response = await request(app).get('/api/callbacks').set('authorization', `Bearer ${token}`);

    // assess
    expect(response.status).toBe(204);
    expect(invocations).toHaveLength(1);
  });

  it('a token whose aud is an audience entry', async () => {
    // prepare
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice, { client_id: undefined, aud: ['other', TEST_CLIENT_ID] });

    // act
    const response = await request(app).get('/api/callbacks').set('authorization', `Bearer ${token}`);

    // assess
    expect(response.status).toBe(204);
    expect(invocations).toHaveLength(1);
  });

  it('any valid token, with scopes null, to a route that names no scopes', async () => {
    // prepare
    const { app, invocations } = guardedGateway([]);
    const token = await issuer.token({ sub: 'alice', scopes: [] });

    // act
    const response = await request(app).get('/api/callbacks').set('authorization', `Bearer ${token}`);

    // assess
    expect(response.status).toBe(204);
    expect(jwtOf(onlyEvent(invocations))).toMatchObject({ scopes: null });
  });

  it('a public route without a token, and passes it no authorizer', async () => {
    // prepare
    const { app, invocations } = guardedGateway();

    // act
    const response = await request(app).post('/api/callback');

    // assess
    expect(response.status).toBe(204);
    expect(onlyEvent(invocations).requestContext).not.toHaveProperty('authorizer');
  });
});

describe('createLocalGateway: the JWT authorizer answers 401 {"message":"Unauthorized"}', () => {
  it('with www-authenticate "Bearer" for a request without a token, reading no body and invoking nothing', async () => {
    // prepare
    const { app, invocations } = guardedGateway();

    // act
    const response = await request(app).post('/api/callbacks').send({ text: 'never read' });

    // assess
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message: 'Unauthorized' });
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(invocations).toHaveLength(0);
    expect(logger.info).toHaveBeenCalledWith('POST /api/callbacks 401', expect.objectContaining({ status: 401, routeKey: 'POST /api/callbacks' }));
  });

  it('for a Basic credential', async () => {
    const { app, invocations } = guardedGateway();

    await expectRefused(app, 'Basic YWxpY2U6c2VjcmV0', invocations, 'the token is malformed');
  });

  it('for a token signed by a foreign key under the same kid', async () => {
    const { app, invocations } = guardedGateway();
    const forged = await createTestIssuer(issuer.issuer).token(alice);

    await expectRefused(app, `Bearer ${forged}`, invocations, 'the token signature is invalid');
  });

  it('for an expired token', async () => {
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice, { iat: now() - 7200, exp: now() - 60 });

    await expectRefused(app, `Bearer ${token}`, invocations, 'the token has expired');
  });

  it('for a token without exp', async () => {
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice, { exp: undefined });

    await expectRefused(app, `Bearer ${token}`, invocations);
  });

  it('for a token not valid yet (nbf in the future)', async () => {
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice, { nbf: now() + 600 });

    await expectRefused(app, `Bearer ${token}`, invocations, 'the token is not valid yet');
  });

  it('for a token issued in the future', async () => {
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice, { iat: now() + 600 });

    await expectRefused(app, `Bearer ${token}`, invocations, 'the token was issued in the future');
  });

  it('for a token whose aud is wrong even though its client_id is right, as API Gateway reads aud first', async () => {
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice, { aud: 'another-client', client_id: TEST_CLIENT_ID });

    await expectRefused(app, `Bearer ${token}`, invocations, 'the token does not have a valid audience');
  });

  it('for a token with neither aud nor a known client_id', async () => {
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice, { client_id: 'another-client' });

    await expectRefused(app, `Bearer ${token}`, invocations, 'the token does not have a valid audience');
  });

  it('for a token from another issuer', async () => {
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice, { iss: 'https://evil.test/local-auth' });

    await expectRefused(app, `Bearer ${token}`, invocations, 'the token does not have a valid issuer');
  });

  it('for an unsigned token (alg none)', async () => {
    const { app, invocations } = guardedGateway();
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(tokenPayload())}.`;

    await expectRefused(app, `Bearer ${unsigned}`, invocations);
  });

  it('for a token signed with HS256 and a shared secret', async () => {
    const { app, invocations } = guardedGateway();
    const token = await new SignJWT(tokenPayload()).setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' }).sign(new TextEncoder().encode('a-shared-secret-of-32-characters'));

    await expectRefused(app, `Bearer ${token}`, invocations, 'the token is not signed with an RSA algorithm');
  });

  it('for a token signed with an EC key', async () => {
    const { app, invocations } = guardedGateway();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const token = await new SignJWT(tokenPayload()).setProtectedHeader({ alg: 'ES256', kid: 'test-key-1' }).sign(privateKey);

    await expectRefused(app, `Bearer ${token}`, invocations, 'the token is not signed with an RSA algorithm');
  });
});

describe('createLocalGateway: the JWT authorizer answers 403 {"message":"Forbidden"}', () => {
  it('naming the route scopes for a valid token that holds none of them, invoking nothing', async () => {
    // prepare
    const { app, invocations } = guardedGateway(['callbacks:read', 'callbacks:admin']);
    const token = await issuer.token({ sub: 'alice', scopes: ['events:write'] });

    // act
    const response = await request(app).post('/api/callbacks').set('authorization', `Bearer ${token}`).send({ text: 'never read' });

    // assess
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ message: 'Forbidden' });
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['www-authenticate']).toBe(
      'Bearer scope="callbacks:read callbacks:admin" error="insufficient_scope" error_description="the token does not hold any of the scopes the route requires"',
    );
    expect(invocations).toHaveLength(0);
  });

  it('for a valid token without any scope claim', async () => {
    // prepare
    const { app, invocations } = guardedGateway();
    const token = await issuer.token(alice, { scope: undefined });

    // act
    const response = await request(app).get('/api/callbacks').set('authorization', `Bearer ${token}`);

    // assess
    expect(response.status).toBe(403);
    expect(invocations).toHaveLength(0);
  });
});

describe("createLocalGateway: the JWT authorizer with the issuer's published keys", () => {
  let server: Server;
  let issuerUrl: string;
  let privateKey: CryptoKey;
  let discoveryStatus = 200;
  const served: string[] = [];

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'remote-1', alg: 'RS256', use: 'sig' }] };
    server = createServer((req, res) => {
      served.push(req.url ?? '');
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth`;
      if (req.url === '/auth/.well-known/openid-configuration' && discoveryStatus === 200) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks.json` }));
      } else if (req.url === '/auth/jwks.json') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
      else res.writeHead(discoveryStatus === 200 ? 404 : discoveryStatus).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    served.length = 0;
    discoveryStatus = 200;
  });

  const remoteGateway = () => {
    const { fn, invocations } = recordingFunction();
    const route: HttpApiRoute = { routeKey: 'GET /api/callbacks', fn, authorization: { type: 'jwt', scopes: ['callbacks:read'] } };
    return { app: createLocalGateway({ logger, apis: [{ authorizer: { issuer: issuerUrl, audience: [TEST_CLIENT_ID] }, routes: [route] }] }), invocations };
  };
  const remoteToken = (header: { alg: string; kid?: string } = { alg: 'RS256', kid: 'remote-1' }) =>
    new SignJWT({ ...tokenPayload(), iss: issuerUrl }).setProtectedHeader(header).sign(privateKey);

  it('verifies tokens against the JWKS its discovery document names, fetching discovery once', async () => {
    // prepare
    const { app, invocations } = remoteGateway();
    const token = await remoteToken();

    // act
    const first = await request(app).get('/api/callbacks').set('authorization', `Bearer ${token}`);
    const second = await request(app).get('/api/callbacks').set('authorization', `Bearer ${token}`);

    // assess
    expect([first.status, second.status]).toEqual([204, 204]);
    expect(invocations).toHaveLength(2);
    expect(served.filter((url) => url.endsWith('openid-configuration'))).toHaveLength(1);
  });

  it('fetches nothing from the issuer before the first guarded request', () => {
    remoteGateway();

    expect(served).toEqual([]);
  });

  it('answers 401 for a token without kid', async () => {
    const { app, invocations } = remoteGateway();
    const token = await remoteToken({ alg: 'RS256' });

    await expectRefused(app, `Bearer ${token}`, invocations, 'the token has no kid header');
  });

  it('answers 401 for a kid the issuer does not publish', async () => {
    const { app, invocations } = remoteGateway();
    const token = await remoteToken({ alg: 'RS256', kid: 'rotated-away' });

    await expectRefused(app, `Bearer ${token}`, invocations, 'no key of the issuer matches the token');
  });

  it('answers 401 and logs why when the issuer cannot be reached, and tries again on the next request', async () => {
    // prepare
    const { app, invocations } = remoteGateway();
    const token = await remoteToken();
    discoveryStatus = 503;

    // act
    const refused = await request(app).get('/api/callbacks').set('authorization', `Bearer ${token}`);
    discoveryStatus = 200;
    const accepted = await request(app).get('/api/callbacks').set('authorization', `Bearer ${token}`);

    // assess
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('error_description="the signing keys of the issuer could not be retrieved"');
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('signing keys'), expect.objectContaining({ issuer: issuerUrl, error: expect.stringContaining('503') }));
    expect(accepted.status).toBe(204);
    expect(invocations).toHaveLength(1);
  });
});

describe('createLocalGateway: the JWT authorizer configuration', () => {
  const { fn } = recordingFunction();
  const guarded: HttpApiRoute = { routeKey: 'GET /api/callbacks', fn, authorization: { type: 'jwt', scopes: ['callbacks:read'] } };

  it('refuses a route with JWT authorization on an API without an authorizer', () => {
    expect(() => createLocalGateway({ logger, apis: [{ routes: [guarded] }] })).toThrow(GatewayConfigError);
  });

  it.each([
    ['an issuer that is not a URL', { issuer: 'cognito', audience: ['console'] }],
    ['an ftp issuer', { issuer: 'ftp://issuer.test', audience: ['console'] }],
    ['an empty audience', { issuer: 'https://issuer.test', audience: [] }],
  ])('refuses an authorizer with %s', (_case, authorizer) => {
    expect(() => createLocalGateway({ logger, apis: [{ authorizer, routes: [guarded] }] })).toThrow(GatewayConfigError);
  });
});

describe('createLocalGateway: stage variables', () => {
  it("passes the API's stage variables as event.stageVariables", async () => {
    // prepare
    const { app, invocations } = guardedGateway(['callbacks:read'], { stageVariables: { httpApi: 'api' } });

    // act
    await request(app).post('/api/callback');

    // assess
    expect(onlyEvent(invocations).stageVariables).toEqual({ httpApi: 'api' });
  });

  it('omits stageVariables when the API has none', async () => {
    // prepare
    const { app, invocations } = guardedGateway();

    // act
    await request(app).post('/api/callback');

    // assess
    expect(onlyEvent(invocations)).not.toHaveProperty('stageVariables');
  });
});

/** The claims of a valid token for alice, for tokens signed by hand. */
function tokenPayload(): JWTPayload {
  const claims = issuer.claimsOf(alice);
  return { ...claims, iat: Number(claims.iat), exp: Number(claims.exp) };
}
