import { MAX_INTEGRATION_TIMEOUT_MS } from '@sm/app-deploy';
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import { createApiMappings } from './api-mappings';
import type { MappedRequest } from './api-mappings';
import type { GatewayLogger, HttpApiConfig, HttpApiRoute, LocalGatewayOptions } from './gateway-config';
import { GatewayConfigError } from './gateway-config-error';
import { createJwtAuthorizer, validateAuthorizer } from './jwt-authorizer';
import type { Authorization, JwtContext } from './jwt-authorizer';
import { invokeFunction, REQUEST_PAYLOAD_LIMIT_BYTES, RESPONSE_PAYLOAD_LIMIT_BYTES } from './invoke-function';
import type { Invocation } from './invoke-function';
import { ClientClosedError, DEFAULT_BODY_TIMEOUTS, PAYLOAD_LIMIT_BYTES, readBody, type BodyTimeouts } from './read-body';
import { requestTimeout } from './request-timeout';
import { createRouteTable, decodePath } from './route-table';
import type { RouteMatch, RouteTable } from './route-table';
import { newRequestId, toEvent } from './to-event';
import { forbidden, gatewayError, toResponse, unauthorized } from './to-response';
import type { GatewayResponse } from './to-response';

/** Lambda's maximum function timeout. */
const MAX_FUNCTION_TIMEOUT_SECONDS = 900;

/** A route with its authorizer's check bound to the route's scopes, when it has authorization. */
type GuardedRoute = HttpApiRoute & { authorize?: (authorizationHeader: string | undefined) => Promise<Authorization> };
type RoutedApi = HttpApiConfig & { table: RouteTable<GuardedRoute> };

/**
 * An express app that stands where API Gateway HTTP API stands: it maps each request to an API
 * (API mappings, stages), a route and a Lambda handler, invokes the handler with the payload 2.0
 * event and context Lambda would pass, and answers the way API Gateway answers. Invalid or
 * conflicting configuration throws here, at construction.
 *
 * @example
 * const app = createLocalGateway({
 *   apis: [{ basePath: 'callback-service', routes: [{ routeKey: 'ANY /api/{proxy+}', fn: { name: 'callback-service', handler } }] }],
 * });
 * app.listen(3000);
 */
export function createLocalGateway(options: LocalGatewayOptions): Express {
  const logger = options.logger ?? console;
  const bodyTimeouts = { ...DEFAULT_BODY_TIMEOUTS, ...options.bodyTimeouts };
  const resolveApi = createApiMappings(options.apis.map((api) => routedApi(api, logger)));
  const app = express();
  app.disable('x-powered-by');

  app.use(async (req: Request, res: Response) => {
    const receivedAt = new Date();
    const requestId = newRequestId();
    const [requestPath = '/', rawQueryString = ''] = req.originalUrl.split(/\?(.*)/s);
    const eventPath = decodePath(requestPath);
    const mapped = resolveApi(eventPath);
    const match = mapped?.api.table.match(req.method, mapped.routePath);

    let response: GatewayResponse;
    try {
      response = mapped && match ? await invokeRoute(req, mapped, match, { rawQueryString, requestId, receivedAt, bodyTimeouts }, logger) : await afterBody(req, bodyTimeouts, gatewayError(404));
    } catch (error) {
      if (!(error instanceof ClientClosedError)) throw error;
      // No one is left to answer, and the function was never invoked.
      logger.info(`${req.method} ${eventPath} client closed the connection before sending the whole body`, {
        method: req.method,
        path: eventPath,
        routeKey: match?.routeKey,
        requestId,
      });
      return;
    }
    send(res, response, requestId);
    logger.info(`${req.method} ${eventPath} ${response.statusCode}`, {
      method: req.method,
      path: eventPath,
      routeKey: match?.routeKey,
      status: response.statusCode,
      durationMs: Date.now() - receivedAt.getTime(),
      function: match?.target.fn.name,
      requestId,
    });
  });

  // Only failures of the gateway itself land here; handler failures are answered above.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    logger.error('local gateway failed', { error: describeError(error) });
    if (res.headersSent) next(error);
    else send(res, gatewayError(500), newRequestId());
  });
  return app;
}

/**
 * Answers a request the gateway refuses (no route, the authorizer's 401 or 403) once its body has
 * arrived, as a proxy that receives the whole request does: answering mid-upload would leave the
 * client writing into a closed connection (EPIPE instead of the answer). The body is discarded; it
 * is still held to the payload limit and the body timeouts.
 */
async function afterBody(req: Request, bodyTimeouts: BodyTimeouts, refusal: GatewayResponse): Promise<GatewayResponse> {
  const reading = await readBody(req, PAYLOAD_LIMIT_BYTES, bodyTimeouts);
  if (reading.outcome === 'too-large') return gatewayError(413);
  if (reading.outcome === 'timeout') return requestTimeout(`The request body was not received within ${reading.afterMs} ms`);
  return refusal;
}

/**
 * Sends the request through the route's JWT authorizer, if it has one; then reads the body within
 * API Gateway's payload limit, builds the event and invokes the route's function. A refused request
 * never reaches the function.
 */
async function invokeRoute(
  req: Request,
  mapped: MappedRequest<RoutedApi>,
  match: RouteMatch<GuardedRoute>,
  received: { rawQueryString: string; requestId: string; receivedAt: Date; bodyTimeouts: BodyTimeouts },
  logger: GatewayLogger,
): Promise<GatewayResponse> {
  let jwt: JwtContext | undefined;
  if (match.target.authorize) {
    const decision = await match.target.authorize(req.headers.authorization);
    if (decision.outcome === 'unauthorized') return afterBody(req, received.bodyTimeouts, unauthorized(decision.reason));
    if (decision.outcome === 'forbidden') return afterBody(req, received.bodyTimeouts, forbidden(decision.scopes, decision.reason));
    jwt = decision.jwt;
  }
  const reading = await readBody(req, PAYLOAD_LIMIT_BYTES, received.bodyTimeouts);
  if (reading.outcome === 'too-large') return gatewayError(413);
  if (reading.outcome === 'timeout') return requestTimeout(`The request body was not received within ${reading.afterMs} ms`);
  const { body } = reading;
  const event = toEvent(
    {
      method: req.method,
      eventPath: mapped.eventPath,
      rawQueryString: received.rawQueryString,
      rawHeaders: req.rawHeaders,
      sourceIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
      localPort: req.socket.localPort ?? 0,
      protocol: req.protocol === 'https' ? 'https' : 'http',
      httpVersion: req.httpVersion,
      body,
    },
    {
      apiId: mapped.api.apiId ?? 'local',
      stage: mapped.api.stage ?? '$default',
      routeKey: match.routeKey,
      pathParameters: match.pathParameters,
      requestId: received.requestId,
      receivedAt: received.receivedAt,
      ...(mapped.api.stageVariables ? { stageVariables: mapped.api.stageVariables } : {}),
      ...(jwt ? { jwt } : {}),
    },
  );
  const { fn, timeoutInMillis = MAX_INTEGRATION_TIMEOUT_MS } = match.target;
  return answer(await invokeFunction(fn, event, timeoutInMillis), fn.name, logger);
}

function routedApi(api: HttpApiConfig, logger: GatewayLogger): RoutedApi {
  for (const route of api.routes) {
    const { timeoutSeconds } = route.fn;
    if (timeoutSeconds !== undefined && !(timeoutSeconds > 0 && timeoutSeconds <= MAX_FUNCTION_TIMEOUT_SECONDS)) {
      throw new GatewayConfigError(`Function "${route.fn.name}": timeoutSeconds must be above 0 and at most ${MAX_FUNCTION_TIMEOUT_SECONDS}`);
    }
    const { timeoutInMillis } = route;
    if (timeoutInMillis !== undefined && !(Number.isInteger(timeoutInMillis) && timeoutInMillis >= 50 && timeoutInMillis <= MAX_INTEGRATION_TIMEOUT_MS)) {
      throw new GatewayConfigError(`Route "${route.routeKey}": timeoutInMillis must be an integer from 50 to ${MAX_INTEGRATION_TIMEOUT_MS}`);
    }
  }
  if (api.authorizer) validateAuthorizer(api.authorizer);
  const authorizer = api.authorizer && createJwtAuthorizer(api.authorizer, logger);
  const guarded = (route: HttpApiRoute): GuardedRoute => {
    const { authorization } = route;
    if (!authorization) return route;
    if (!authorizer) throw new GatewayConfigError(`Route "${route.routeKey}": JWT authorization needs an authorizer on its API`);
    return { ...route, authorize: (authorizationHeader) => authorizer(authorizationHeader, authorization.scopes) };
  };
  return { ...api, table: createRouteTable(api.routes.map((route) => ({ routeKey: route.routeKey, target: guarded(route) }))) };
}

/** API Gateway's answer to each way an invocation can end; the details go to the log only. */
function answer(invocation: Invocation, functionName: string, logger: GatewayLogger): GatewayResponse {
  const fields = { function: functionName, awsRequestId: invocation.awsRequestId };
  switch (invocation.outcome) {
    case 'result': {
      const mapping = toResponse(invocation.payload);
      if (mapping.ok) return mapping.response;
      logger.error('Malformed Lambda proxy response', { ...fields, reason: mapping.reason });
      return gatewayError(502);
    }
    case 'error':
      logger.error('Invoke Error', { ...fields, error: describeError(invocation.error) });
      return gatewayError(500);
    // Lambda refuses the invoke with 413, which API Gateway passes on as its own 413; a result over
    // the limit reaches it as an error, answered 502 (observed: jun711.github.io/aws/handling-aws-api-gateway-and-lambda-413-error/).
    case 'request-too-large':
      logger.error(`RequestTooLargeException: the event is ${invocation.bytes} bytes, over Lambda's ${REQUEST_PAYLOAD_LIMIT_BYTES}`, fields);
      return gatewayError(413);
    case 'response-too-large':
      logger.error(`Function.ResponseSizeTooLarge: the result is ${invocation.bytes} bytes, over Lambda's ${RESPONSE_PAYLOAD_LIMIT_BYTES}`, fields);
      return gatewayError(502);
    case 'function-timeout':
      logger.error(`Task timed out after ${invocation.timeoutSeconds.toFixed(2)} seconds`, fields);
      return gatewayError(500);
    case 'integration-timeout':
      logger.error(`Integration timed out after ${invocation.timeoutInMillis} ms`, fields);
      return gatewayError(503);
  }
}

function send(res: Response, response: GatewayResponse, requestId: string): void {
  res.status(response.statusCode);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.cookies.length > 0) res.append('set-cookie', response.cookies);
  res.setHeader('apigw-requestid', requestId);
  res.end(response.body);
}

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { message: String(error) };
}
