export { answerAfterBody } from './answer-after-body';
export { appGateways } from './app-gateways';
export { GatewayConfigError } from './gateway-config-error';
export { createGatewayServer, DEFAULT_SERVER_TIMEOUTS } from './gateway-server';
export type { ServerTimeouts } from './gateway-server';
export { createLocalGateway } from './local-gateway';
export { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-account';
export { ClientClosedError, DEFAULT_BODY_TIMEOUTS, readBody } from './read-body';
export { CallerForbiddenError, describedRequestEvent } from './request-event';
export type { DescribedRequest } from './request-event';
export { appHttpApis, HTTP_API_STAGE_VARIABLE, stageHttpApis } from './stage-http-api';
export type { DeployedFunction } from './stage-http-api';
export type { BodyReading, BodySource, BodyTimeouts } from './read-body';
export type {
  GatewayLogger,
  HttpApiConfig,
  GatewayFunctionHandler,
  HttpApiRoute,
  JwtAuthorizerConfig,
  LambdaFunctionConfig,
  LocalGatewayOptions,
} from './gateway-config';
