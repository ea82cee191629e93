import { createLocalGateway } from '@sm/local-gateway';
import { httpClient, silentLogger, type TestClient } from '@sm/testing';
import { gatewayFunction } from './gateway-function';
import { fixturePool, type FixturePool } from './test-pools';

describe('a function pool behind the local gateway', () => {
  let pool: FixturePool;
  afterEach(() => pool.close());

  const gateway = (handler: string, options: { timeoutSeconds?: number } = {}): TestClient => {
    pool = fixturePool(handler, options);
    return httpClient(createLocalGateway({ logger: silentLogger, apis: [{ routes: [{ routeKey: '$default', fn: gatewayFunction(pool) }] }] }));
  };

  it("answers with the function's response to the API Gateway event", async () => {
    const client = gateway('handlers.http');

    const response = await client({ method: 'GET', path: '/orders/7' });

    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ path: '/orders/7', requestId: response.headers['apigw-requestid'] });
  });

  it('answers 500 Internal Server Error, as API Gateway does, when the function times out', async () => {
    const client = gateway('handlers.sleeps', { timeoutSeconds: 0.5 });

    const response = await client({ method: 'GET', path: '/?ms=5000' });

    expect({ status: response.status, json: response.json }).toEqual({ status: 500, json: { message: 'Internal Server Error' } });
  });

  it('answers 500 Internal Server Error when the handler throws', async () => {
    const client = gateway('handlers.fails');

    const response = await client({ method: 'GET', path: '/' });

    expect({ status: response.status, json: response.json }).toEqual({ status: 500, json: { message: 'Internal Server Error' } });
  });

  it('answers 500 Internal Server Error when init fails', async () => {
    const client = gateway('init-fails.handler');

    const response = await client({ method: 'GET', path: '/' });

    expect({ status: response.status, json: response.json }).toEqual({ status: 500, json: { message: 'Internal Server Error' } });
  });
});
