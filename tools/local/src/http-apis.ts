import type { HttpApiConfig } from '@sm/local-gateway';
import type { StackFunction } from './stack';

/**
 * One gateway in front of several functions, like one HTTP API in front of several Lambdas. Every
 * app's routes share the root API except those two apps both declare (each has `GET /health`),
 * which a real HTTP API would refuse; every app is also reachable whole under an API mapping
 * named after it (`/callback-service/health`), as custom domains map APIs.
 */
export function toHttpApis(functions: StackFunction[]): HttpApiConfig[] {
  const declared = functions.flatMap((stackFunction) => stackFunction.routes);
  const shared = new Set(declared.filter((routeKey, index) => declared.indexOf(routeKey) !== index));
  if (functions.length === 1 && functions[0]) {
    return [{ routes: [{ routeKey: '$default', fn: functions[0].fn }] }];
  }
  return [
    {
      routes: functions.flatMap(({ fn, routes }) => routes.filter((routeKey) => !shared.has(routeKey)).map((routeKey) => ({ routeKey, fn }))),
    },
    ...functions.map(({ fn }) => ({ basePath: fn.name, routes: [{ routeKey: '$default', fn }] })),
  ];
}
