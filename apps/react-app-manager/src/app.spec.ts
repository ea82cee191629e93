import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@sm/http';
import { describeAdaptersBuiltOnFirstUse, handlerClient } from '@sm/testing';
import { createReactAppManager, SERVICE_NAME } from './app';
import { integrationPublisherOf } from './app-events';
import type { ReactAppManagerConfig } from './config';
import { alice as reader, issuer, realBundler, testAdapters, testConfig, WARM_UP_TIMEOUT_MS, warmUp } from './test-setup';

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server on 127.0.0.1 answering the n-th request (1-based) with `answer(n)`. */
async function localServer(answer: (hit: number) => { status: number; body: unknown }) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body });
      const { status, body: answerBody } = answer(received.length);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answerBody));
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const close = () => new Promise<void>((closed) => server.close(() => closed()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close };
}

/** A Cognito stage's issuer names scopes after its resource server. */
const SCOPE_PREFIX = 'serverless-microservices/';
const alice = { sub: 'alice', scopes: [`${SCOPE_PREFIX}apps:write`] };

beforeAll(() => warmUp(realBundler), WARM_UP_TIMEOUT_MS);

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serviceWithIntegration(integrationStatus: (hit: number) => number) {
  const auth = await localServer((hit) => ({ status: 200, body: { access_token: `token-${hit}`, token_type: 'Bearer', expires_in: 3600 } }));
  const integration = await localServer((hit) => ({ status: integrationStatus(hit), body: {} }));
  servers.push(auth, integration);
  const config: ReactAppManagerConfig = {
    ...testConfig,
    INTEGRATION_SERVICE_URL: integration.url,
    AUTH_TOKEN_URL: `${auth.url}/oauth2/token`,
    AUTH_CLIENT_ID: 'react-app-manager',
    AUTH_CLIENT_SECRET: 'manager-secret',
    AUTH_SCOPE_PREFIX: SCOPE_PREFIX,
  };
  const handler = createReactAppManager(config, testAdapters(config, { publisher: integrationPublisherOf(config, createLogger({ service: SERVICE_NAME, level: 'SILENT' })) }));
  return { client: handlerClient(handler, SERVICE_NAME, issuer), auth, integration };
}

describe('lifecycle events through integrationPublisherOf, as main.ts wires it', () => {
  it('posts them to the integration-service with its own token, from the client-credentials grant, fetched once', async () => {
    const { client, auth, integration } = await serviceWithIntegration(() => 202);

    await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'first', template: 'blank' } });
    await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'second', template: 'blank' } });

    expect(auth.received).toEqual([
      {
        url: '/oauth2/token',
        headers: expect.objectContaining({ authorization: `Basic ${Buffer.from('react-app-manager:manager-secret').toString('base64')}` }),
        body: 'grant_type=client_credentials&scope=serverless-microservices%2Fevents%3Awrite',
      },
    ]);
    expect(integration.received.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/api/integration', 'Bearer token-1'],
      ['/api/integration', 'Bearer token-1'],
    ]);
  });

  it('fetches a new token and posts once more when the integration-service refuses the token', async () => {
    const { client, auth, integration } = await serviceWithIntegration((hit) => (hit === 1 ? 401 : 202));

    const response = await client({ as: alice, method: 'POST', path: '/api/apps', body: { name: 'retried', template: 'blank' } });

    expect(response.status).toBe(201);
    expect(auth.received).toHaveLength(2);
    expect(integration.received.map((request) => request.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(integration.received[0]?.body).toBe(integration.received[1]?.body);
  });
});

describe('createReactAppManager', () => {
  describeAdaptersBuiltOnFirstUse({
    app: SERVICE_NAME,
    adapters: () => testAdapters(),
    start: (build) => handlerClient(createReactAppManager(testConfig, { logger: testAdapters().logger, build }), SERVICE_NAME, issuer),
    request: { method: 'GET', path: '/api/apps', as: reader },
    answers: 200,
  });
});
