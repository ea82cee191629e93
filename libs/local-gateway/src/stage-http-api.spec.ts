import type { HttpApiHandler } from './gateway-config';
import { stageHttpApi } from './stage-http-api';

const handler: HttpApiHandler<unknown> = async () => ({ statusCode: 200 });

describe('stageHttpApi', () => {
  it("gives each route the function's timeout as its integration timeout, capped at 30 seconds", () => {
    // prepare
    const short = { name: 'short', handler, timeoutSeconds: 10 };
    const long = { name: 'long', handler, timeoutSeconds: 60 };

    // act
    const api = stageHttpApi([
      { fn: short, routes: ['GET /short'] },
      { fn: long, routes: ['GET /long'] },
    ]);

    // assess
    expect(api.routes.map(({ routeKey, timeoutInMillis }) => ({ routeKey, timeoutInMillis }))).toEqual([
      { routeKey: 'GET /short', timeoutInMillis: 10_000 },
      { routeKey: 'GET /long', timeoutInMillis: 30_000 },
    ]);
  });

  it("takes Lambda's default of 3 seconds for a function that names no timeout", () => {
    // act
    const api = stageHttpApi([{ fn: { name: 'fn', handler }, routes: ['GET /fn'] }]);

    // assess
    expect(api.routes[0]?.timeoutInMillis).toBe(3_000);
  });
});
