import type { HttpApiHandler } from '@sm/local-gateway';
import { toHttpApis } from './http-apis';

const handler: HttpApiHandler<unknown> = async () => ({ statusCode: 200 });
const a = { fn: { name: 'a', handler, timeoutSeconds: 10 }, routes: ['ANY /api/a', 'GET /a/health'] };
const b = { fn: { name: 'b', handler, timeoutSeconds: 45 }, routes: ['ANY /api/b/{proxy+}', 'GET /b/health'] };

describe('toHttpApis', () => {
  it('puts one app alone behind $default', () => {
    expect(toHttpApis([a])).toEqual([{ routes: [{ routeKey: '$default', fn: a.fn }] }]);
  });

  it('serves every route key of every app on one root API, with the integration timeouts the deploy sets', () => {
    expect(toHttpApis([a, b])).toEqual([
      {
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
