import { MAX_INTEGRATION_TIMEOUT_MS } from '@sm/app-deploy';
import type { HttpApiConfig, LambdaFunctionConfig } from './gateway-config';
import { DEFAULT_TIMEOUT_SECONDS } from './lambda-context';

/**
 * One function and the route keys that reach it, as an app's deploy.json declares them.
 *
 * @example
 * const deployed: DeployedFunction = { fn: { name: 'callback-service', handler, timeoutSeconds: 10 }, routes: ['ANY /api/callback'] };
 */
export interface DeployedFunction {
  fn: LambdaFunctionConfig;
  routes: readonly string[];
}

/**
 * The one HTTP API a stage's deploy makes of several functions: every route key on the root API,
 * each reaching its function through an integration whose timeout is the function's, capped at
 * HTTP API's 30 seconds.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 *
 * @example
 * const api = stageHttpApi([{ fn, routes: ['ANY /api/callback', 'GET /callback-service/health'] }]);
 */
export function stageHttpApi(functions: readonly DeployedFunction[]): HttpApiConfig {
  return {
    routes: functions.flatMap(({ fn, routes }) => {
      const timeoutInMillis = Math.min((fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000, MAX_INTEGRATION_TIMEOUT_MS);
      return routes.map((routeKey) => ({ routeKey, fn, timeoutInMillis }));
    }),
  };
}
