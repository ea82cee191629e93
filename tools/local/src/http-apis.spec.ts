import type { HttpApiHandler } from '@sm/local-gateway';
import { toHttpApis } from './http-apis';

const handler: HttpApiHandler<unknown> = async () => ({ statusCode: 200 });
const a = { fn: { name: 'a', handler }, routes: ['ANY /api/a', 'GET /health'] };
const b = { fn: { name: 'b', handler }, routes: ['ANY /api/b/{proxy+}', 'GET /health'] };

describe('toHttpApis', () => {
  it('puts one app alone behind $default', () => {
    expect(toHttpApis([a])).toEqual([{ routes: [{ routeKey: '$default', fn: a.fn }] }]);
  });

  it('shares the root API between apps, leaving out routes two apps declare, and maps each app under its name', () => {
    expect(toHttpApis([a, b])).toEqual([
      { routes: [{ routeKey: 'ANY /api/a', fn: a.fn }, { routeKey: 'ANY /api/b/{proxy+}', fn: b.fn }] },
      { basePath: 'a', routes: [{ routeKey: '$default', fn: a.fn }] },
      { basePath: 'b', routes: [{ routeKey: '$default', fn: b.fn }] },
    ]);
  });
});
