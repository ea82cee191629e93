import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { JWTVerifyGetKey } from 'jose';
import type { BodyTimeouts } from './read-body';

/**
 * A Lambda handler behind an HTTP API route (payload format 2.0). `TResult` widens what the
 * handler may return beyond the structured result and a string, since API Gateway infers a
 * response from any JSON value.
 *
 * @example
 * const handler: GatewayFunctionHandler = async (event) => ({ statusCode: 200, body: event.rawPath });
 */
export type GatewayFunctionHandler<TResult = never> = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2<TResult>>;

/**
 * One Lambda function: its name, its handler and the limits Lambda would enforce.
 *
 * @example
 * const fn: LambdaFunctionConfig = { name: 'callback-service', handler, timeoutSeconds: 10 };
 */
export interface LambdaFunctionConfig {
  name: string;
  handler: GatewayFunctionHandler<unknown>;
  /** Lambda's function timeout; 3 by default, as in Lambda. */
  timeoutSeconds?: number;
  /** Reported through `context.memoryLimitInMB`; 128 by default, as in Lambda. */
  memoryMB?: number;
}

/**
 * One route of an HTTP API and the Lambda integration behind it.
 *
 * @example
 * const route: HttpApiRoute = { routeKey: 'GET /api/callbacks/{id}', fn };
 */
export interface HttpApiRoute {
  /** `METHOD /path` with `{param}` and a trailing `{proxy+}` allowed, `ANY` as method, or `$default`. */
  routeKey: string;
  fn: LambdaFunctionConfig;
  /** The integration timeout (API Gateway's `TimeoutInMillis`, 50 to 30000); 30000 by default. */
  timeoutInMillis?: number;
  /**
   * The route's `AuthorizationType`: `JWT` sends every request through the API's JWT authorizer
   * first, and a token needs at least one of `scopes` (`AuthorizationScopes`) when any are given.
   * Public (`NONE`) when absent.
   */
  authorization?: { type: 'jwt'; scopes: readonly string[] };
}

/**
 * An HTTP API's JWT authorizer (`AuthorizerType: JWT`, identity source the `Authorization` header):
 * the issuer tokens must come from, and the audiences (`aud`, or `client_id` without `aud`) they
 * must be for.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 *
 * @example
 * const authorizer: JwtAuthorizerConfig = { issuer: 'http://127.0.0.1:3000/local-auth', audience: ['console'] };
 */
export interface JwtAuthorizerConfig {
  issuer: string;
  audience: readonly string[];
  /**
   * Finds the public key of a token (by its `kid`); the issuer's JWKS, found through its
   * discovery document, by default. Tests pass a local key set.
   */
  keys?: JWTVerifyGetKey;
}

/**
 * One HTTP API: its routes, its stage and, optionally, the API mapping that puts it under a
 * custom domain's base path.
 *
 * @example
 * const api: HttpApiConfig = { basePath: 'callback-service', routes: [{ routeKey: '$default', fn }] };
 */
export interface HttpApiConfig {
  /** `requestContext.apiId`; "local" by default. */
  apiId?: string;
  /**
   * API mapping key: requests under `/<basePath>` reach this API with the prefix removed, and the
   * stage comes from the mapping rather than the URL. Without it, the API answers on the
   * execute-api style URL, where a named stage is the first path segment.
   */
  basePath?: string;
  /** `$default` by default. */
  stage?: string;
  /** The stage's variables, passed to every function as `event.stageVariables`. */
  stageVariables?: Record<string, string>;
  /** Required when any route has `authorization`. */
  authorizer?: JwtAuthorizerConfig;
  routes: HttpApiRoute[];
}

/**
 * Receives one line per request and the details of every failed invocation; the Powertools
 * logger and `console` both fit.
 *
 * @example
 * const logger: GatewayLogger = console;
 */
export interface GatewayLogger {
  info(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

/**
 * Everything the local gateway serves.
 *
 * @example
 * const options: LocalGatewayOptions = { apis: [{ routes: [{ routeKey: '$default', fn }] }] };
 */
export interface LocalGatewayOptions {
  apis: HttpApiConfig[];
  /** `console` by default. */
  logger?: GatewayLogger;
  /** How long a client may pause while sending its body, and take in all; 10 s and 20 s by default. */
  bodyTimeouts?: Partial<BodyTimeouts>;
}
