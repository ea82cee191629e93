import type { HttpApiName } from '@sm/app-deploy';
import { stageHttpApis, type HttpApiConfig, type JwtAuthorizerConfig } from '@sm/local-gateway';
import type { StackFunction } from './stack';

/**
 * The stage's two HTTP APIs as `nx deploy` makes them of the apps' deploy.json files, served by the
 * local gateway: `api` with exactly their route keys, each route's authorization behind the JWT
 * authorizer (trusting `authorizer`, the local OpenID provider), and the integration timeouts the
 * deploy sets; `sites`, the public site routes on an origin of their own. One app alone (`nx serve
 * <app>`) gets the same: its own routes and authorization, as it would have deployed.
 */
export function toHttpApis(functions: StackFunction[], authorizer: JwtAuthorizerConfig): Record<HttpApiName, HttpApiConfig> {
  return stageHttpApis(functions, { authorizer });
}
