import type { HttpApiName } from '@sm/app-deploy';
import type { Express } from 'express';
import type { GatewayFunctionHandler, GatewayLogger, JwtAuthorizerConfig } from './gateway-config';
import { createLocalGateway } from './local-gateway';
import { appHttpApis } from './stage-http-api';

/**
 * One app served as its deploy.json deploys it: a local gateway for each of the stage's APIs (`api`
 * behind `authorizer`, `sites` public), holding the app's routes only. What a route suite's gateway
 * transport sends its requests to.
 *
 * @example
 * const { api } = appGateways({ workspaceRoot, app: 'callback-service', handler, authorizer: issuer, logger: silentLogger });
 */
export function appGateways(options: {
  workspaceRoot: string;
  app: string;
  handler: GatewayFunctionHandler<unknown>;
  authorizer: JwtAuthorizerConfig;
  logger?: GatewayLogger;
}): Record<HttpApiName, Express> {
  const { api, sites } = appHttpApis(options);
  const logger = options.logger === undefined ? {} : { logger: options.logger };
  return { api: createLocalGateway({ ...logger, apis: [api] }), sites: createLocalGateway({ ...logger, apis: [sites] }) };
}
