import { HTTP_API_NAMES, MAX_INTEGRATION_TIMEOUT_MS, readAppDeploy, type AppRoute, type HttpApiName } from '@sm/app-deploy';
import type { HttpApiConfig, GatewayFunctionHandler, HttpApiRoute, JwtAuthorizerConfig, LambdaFunctionConfig } from './gateway-config';
import { DEFAULT_TIMEOUT_SECONDS } from './execution-environment';

/**
 * One function and the routes that reach it, as an app's deploy.json declares them.
 *
 * @example
 * const deployed: DeployedFunction = { fn: { name: 'callback-service', handler, timeoutSeconds: 10 }, routes: [{ routeKey: 'POST /api/callback', api: 'api', authorization: 'none', scopes: [] }] };
 */
export interface DeployedFunction {
  fn: LambdaFunctionConfig;
  routes: readonly AppRoute[];
}

/**
 * The stage variable that tells a function which of the stage's APIs a request came through; the
 * deploy sets it on each API's `$default` stage and `event.stageVariables` carries it.
 */
export const HTTP_API_STAGE_VARIABLE = 'httpApi';

/**
 * The HTTP APIs a stage's deploy makes of several functions: `api`, with its JWT authorizer, holds
 * the services' routes; `sites` holds the public site routes on an origin of its own. Each route
 * reaches its function through an integration whose timeout is the function's, capped at HTTP API's
 * 30 seconds, and carries the authorization deploy.json gives it.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 *
 * @example
 * const { api, sites } = stageHttpApis([{ fn, routes }], { authorizer: { issuer, audience: ['console'] } });
 */
export function stageHttpApis(functions: readonly DeployedFunction[], options: { authorizer?: JwtAuthorizerConfig } = {}): Record<HttpApiName, HttpApiConfig> {
  const apiOf = (name: HttpApiName): HttpApiConfig => ({
    stageVariables: { [HTTP_API_STAGE_VARIABLE]: name },
    ...(name === 'api' && options.authorizer ? { authorizer: options.authorizer } : {}),
    routes: functions.flatMap(({ fn, routes }) => {
      const timeoutInMillis = Math.min((fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000, MAX_INTEGRATION_TIMEOUT_MS);
      return routes
        .filter((route) => route.api === name)
        .map((route): HttpApiRoute => ({
          routeKey: route.routeKey,
          fn,
          timeoutInMillis,
          ...(route.authorization === 'jwt' ? { authorization: { type: 'jwt', scopes: route.scopes } } : {}),
        }));
    }),
  });
  return Object.fromEntries(HTTP_API_NAMES.map((name) => [name, apiOf(name)])) as Record<HttpApiName, HttpApiConfig>;
}

/**
 * One app's part of the stage's HTTP APIs, read from its deploy.json: its routes with their
 * authorization behind `authorizer`, and its function's timeout and memory. What a route suite
 * serves to test an app through the gateway as it will be deployed.
 *
 * @example
 * const { api, sites } = appHttpApis({ workspaceRoot, app: 'callback-service', handler, authorizer: issuer });
 */
export function appHttpApis(options: { workspaceRoot: string; app: string; handler: GatewayFunctionHandler<unknown>; authorizer: JwtAuthorizerConfig }): Record<HttpApiName, HttpApiConfig> {
  const deploy = readAppDeploy(options.workspaceRoot, options.app);
  const fn = { name: options.app, handler: options.handler, timeoutSeconds: deploy.function.timeoutSeconds, memoryMB: deploy.function.memoryMB };
  return stageHttpApis([{ fn, routes: deploy.routes }], { authorizer: options.authorizer });
}
