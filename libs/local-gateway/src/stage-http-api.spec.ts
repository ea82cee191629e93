import type { AppRoute } from '@sm/app-deploy';
import type { GatewayFunctionHandler } from './gateway-config';
import { stageHttpApis } from './stage-http-api';

const handler: GatewayFunctionHandler<unknown> = async () => ({ statusCode: 200 });
const publicRoute = (routeKey: string, api: AppRoute['api'] = 'api'): AppRoute => ({ routeKey, api, authorization: 'none', scopes: [] });

describe('stageHttpApis', () => {
  it("gives each route the function's timeout as its integration timeout, capped at 30 seconds", () => {
    // prepare
    const short = { name: 'short', handler, timeoutSeconds: 10 };
    const long = { name: 'long', handler, timeoutSeconds: 60 };

    // act
    const { api } = stageHttpApis([
      { fn: short, routes: [publicRoute('GET /short')] },
      { fn: long, routes: [publicRoute('GET /long')] },
    ]);

    // assess
    expect(api.routes.map(({ routeKey, timeoutInMillis }) => ({ routeKey, timeoutInMillis }))).toEqual([
      { routeKey: 'GET /short', timeoutInMillis: 10_000 },
      { routeKey: 'GET /long', timeoutInMillis: 30_000 },
    ]);
  });

  it("takes Lambda's default of 3 seconds for a function that names no timeout", () => {
    // act
    const { api } = stageHttpApis([{ fn: { name: 'fn', handler }, routes: [publicRoute('GET /fn')] }]);

    // assess
    expect(api.routes[0]?.timeoutInMillis).toBe(3_000);
  });

  it('puts each route on its API, with its authorization, and the authorizer on the services API only', () => {
    // prepare
    const fn = { name: 'fn', handler };
    const authorizer = { issuer: 'http://127.0.0.1:3000/local-auth', audience: ['console'] };

    // act
    const { api, sites } = stageHttpApis(
      [{ fn, routes: [{ routeKey: 'GET /api/things', api: 'api', authorization: 'jwt', scopes: ['things:read'] }, publicRoute('GET /{proxy+}', 'sites')] }],
      { authorizer },
    );

    // assess
    expect(api).toEqual({
      stageVariables: { httpApi: 'api' },
      authorizer,
      routes: [{ routeKey: 'GET /api/things', fn, timeoutInMillis: 3_000, authorization: { type: 'jwt', scopes: ['things:read'] } }],
    });
    expect(sites).toEqual({ stageVariables: { httpApi: 'sites' }, routes: [{ routeKey: 'GET /{proxy+}', fn, timeoutInMillis: 3_000 }] });
  });
});
