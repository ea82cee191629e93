import type { AppRoute } from '@sm/app-deploy';
import type { HttpApiHandler } from '@sm/local-gateway';
import { toHttpApis } from './http-apis';

const handler: HttpApiHandler<unknown> = async () => ({ statusCode: 200 });
const publicRoute = (routeKey: string): AppRoute => ({ routeKey, api: 'api', authorization: 'none', scopes: [] });
const a = { fn: { name: 'a', handler, timeoutSeconds: 10 }, routes: [publicRoute('ANY /api/a'), publicRoute('GET /a/health')] };
const b = { fn: { name: 'b', handler, timeoutSeconds: 45 }, routes: [publicRoute('ANY /api/b/{proxy+}'), publicRoute('GET /b/health')] };

describe('toHttpApis', () => {
  it('puts one app alone behind $default', () => {
    expect(toHttpApis([a])).toEqual([{ routes: [{ routeKey: '$default', fn: a.fn }] }]);
  });

  it('serves every route key of every app on one root API, with the integration timeouts the deploy sets', () => {
    expect(toHttpApis([a, b])).toEqual([
      {
        stageVariables: { httpApi: 'api' },
        routes: [
          { routeKey: 'ANY /api/a', fn: a.fn, timeoutInMillis: 10_000 },
          { routeKey: 'GET /a/health', fn: a.fn, timeoutInMillis: 10_000 },
          { routeKey: 'ANY /api/b/{proxy+}', fn: b.fn, timeoutInMillis: 30_000 },
          { routeKey: 'GET /b/health', fn: b.fn, timeoutInMillis: 30_000 },
        ],
      },
    ]);
  });
});
