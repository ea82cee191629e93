import type { AppRoute } from '@sm/app-deploy';
import type { HttpApiHandler } from '@sm/local-gateway';
import { toHttpApis } from './http-apis';

const handler: HttpApiHandler<unknown> = async () => ({ statusCode: 200 });
const route = (routeKey: string, extra: Partial<AppRoute> = {}): AppRoute => ({ routeKey, api: 'api', authorization: 'none', scopes: [], ...extra });
const a = { fn: { name: 'a', handler, timeoutSeconds: 10 }, routes: [route('POST /api/a'), route('GET /api/a', { authorization: 'jwt', scopes: ['a:read'] }), route('GET /a/health')] };
const b = { fn: { name: 'b', handler, timeoutSeconds: 45 }, routes: [route('GET /{proxy+}', { api: 'sites' }), route('GET /b/health')] };
const authorizer = { issuer: 'http://127.0.0.1:3000/local-auth', audience: ['console', 'dev'] };

describe('toHttpApis', () => {
  it('serves one app alone with its own routes and their authorization, as it would be deployed', () => {
    expect(toHttpApis([a], authorizer).api.routes.map((served) => [served.routeKey, served.authorization])).toEqual([
      ['POST /api/a', undefined],
      ['GET /api/a', { type: 'jwt', scopes: ['a:read'] }],
      ['GET /a/health', undefined],
    ]);
  });

  it('serves every route of every app on its API, with the integration timeouts the deploy sets and the authorizer on the services API', () => {
    const { api, sites } = toHttpApis([a, b], authorizer);

    expect(api.authorizer).toEqual(authorizer);
    expect(api.routes.map(({ routeKey, fn, timeoutInMillis }) => ({ routeKey, fn, timeoutInMillis }))).toEqual([
      { routeKey: 'POST /api/a', fn: a.fn, timeoutInMillis: 10_000 },
      { routeKey: 'GET /api/a', fn: a.fn, timeoutInMillis: 10_000 },
      { routeKey: 'GET /a/health', fn: a.fn, timeoutInMillis: 10_000 },
      { routeKey: 'GET /b/health', fn: b.fn, timeoutInMillis: 30_000 },
    ]);
    expect(sites).toEqual({ stageVariables: { httpApi: 'sites' }, routes: [{ routeKey: 'GET /{proxy+}', fn: b.fn, timeoutInMillis: 30_000 }] });
  });
});
