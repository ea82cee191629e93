export { GatewayConfigError } from './gateway-config-error';
export { createLocalGateway } from './local-gateway';
export type {
  GatewayLogger,
  HttpApiConfig,
  HttpApiHandler,
  HttpApiRoute,
  LambdaFunctionConfig,
  LocalGatewayOptions,
} from './gateway-config';
