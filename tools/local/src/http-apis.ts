import { stageHttpApis, type HttpApiConfig } from '@sm/local-gateway';
import type { StackFunction } from './stack';

/**
 * One gateway in front of several functions, as `nx deploy` puts every app of a stage behind one
 * HTTP API: exactly the route keys of the apps' deploy.json files, on the root API, with the
 * integration timeouts the deploy sets and no API mapping the cloud does not have (each app's
 * health is a route of its own, `GET /<app>/health`). One app alone owns the whole gateway
 * (`$default`), as `nx serve <app>` does.
 */
export function toHttpApis(functions: StackFunction[]): HttpApiConfig[] {
  if (functions.length === 1 && functions[0]) {
    return [{ routes: [{ routeKey: '$default', fn: functions[0].fn }] }];
  }
  return [stageHttpApis(functions).api];
}
