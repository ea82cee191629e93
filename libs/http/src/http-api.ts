import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { Router } from '@aws-lambda-powertools/event-handler/http';
import type { Middleware } from '@aws-lambda-powertools/event-handler/types';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { BadRequestError, MethodNotAllowedError, NotFoundError } from './errors';
import { isClientError, toProblemResult } from './problem';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route handler receives: the parts of the API Gateway event it needs, already decoded. */
export interface HttpRequest {
  method: string;
  /** The route as declared, e.g. `/api/callbacks/{id}`. */
  route: string;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  body: string | undefined;
  isBase64Encoded: boolean;
  correlationId: string;
  /** A logger carrying this request's correlation id and Lambda request id. */
  logger: Logger;
  event: APIGatewayProxyEventV2;
  context: Context;
}

/**
 * What a route handler returns: a string is sent as is, bytes (`Uint8Array`, `Buffer`) base64-encoded
 * with `isBase64Encoded` so API Gateway decodes them, and other objects and arrays as JSON.
 */
export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteDefinition {
  method: HttpMethod;
  /**
   * API Gateway syntax: `/api/callbacks/{id}`, and a greedy last segment `/apps/{name}/{path+}`
   * whose parameter holds the rest of the path, slashes included.
   */
  path: `/${string}`;
  handler: (request: HttpRequest) => Promise<HttpResult>;
}

export interface HttpApiOptions {
  logger: Logger;
  routes: RouteDefinition[];
}

export type HttpApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** State one request carries through the middleware; Powertools' request store would type-erase it. */
interface RequestState {
  correlationId: string;
  logger: Logger;
}

const CORRELATION_HEADER = 'x-correlation-id';
const KNOWN_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const CORRELATION_ID = /^[\w.:@-]{1,128}$/;

const GREEDY_PARAM = /\{(\w+)\+\}$/;

/** The regular expression source matching a declared path: `{param}` is one segment, `{param+}` the rest. */
function pathPattern(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
      return param[2] ? `(?<${param[1]}>.+)` : `(?<${param[1]}>[^/]+)`;
    })
    .join('/');
}

/** Powertools' `:param` syntax, or a regular expression with named groups for a greedy `{param+}`. */
function toPowertoolsPath(path: string): `/${string}` | RegExp {
  if (GREEDY_PARAM.test(path)) return new RegExp(pathPattern(path));
  return path.replace(/\{(\w+)\}/g, ':$1') as `/${string}`;
}

function toResponse(result: HttpResult): Response {
  const headers = new Headers(result.headers);
  if (result.body === undefined) return new Response(null, { status: result.status, headers });
  if (result.body instanceof Uint8Array) return new Response(result.body, { status: result.status, headers });
  if (typeof result.body === 'string') return new Response(result.body, { status: result.status, headers });
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(result.body), { status: result.status, headers });
}

/** The one error mapper: client errors become their problem, anything else a logged, generic 500. */
function mapError(error: unknown, logger: Logger): Response {
  if (!isClientError(error)) logger.error('request failed', error as Error);
  const problem = toProblemResult(error);
  return new Response(problem.body, { status: problem.statusCode, headers: problem.headers });
}

/**
 * Builds a Lambda handler for API Gateway HTTP API (payload 2.0) events from a route table.
 *
 * Built on Powertools' `Router` for matching and path parameters. Where Powertools cannot meet our
 * contract we add to it: its router answers 404 for a known path with another method, so the
 * not-found hook computes 405 with `Allow` from the route table; its error bodies are not RFC 9457,
 * so one middleware maps every error to problem+json; and its request store loses types, so the
 * correlation id and per-request logger travel in a WeakMap keyed by the request.
 *
 * @example
 * export const handler = createHttpApi({
 *   logger,
 *   routes: [{ method: 'GET', path: '/health', handler: async () => ({ status: 200, body: { status: 'ok' } }) }],
 * });
 */
export function createHttpApi(options: HttpApiOptions): HttpApiHandler {
  const { logger, routes } = options;
  const router = new Router({ logger });
  const state = new WeakMap<Request, RequestState>();
  const matchers = routes.map((route) => ({
    route,
    regex: new RegExp(`^${pathPattern(route.path)}/?$`),
  }));

  // Fixed order: logger context and correlation id, then the handler (which parses and validates),
  // then the one error mapper, then the access log line. The mapper sits inside the route wrapper,
  // not in this middleware: Powertools treats a middleware whose next() rejected as a broken chain
  // ("called next() without awaiting") and answers its own non-problem 500.
  const requestLifecycle: Middleware = async ({ reqCtx, next }) => {
    const started = performance.now();
    const event = reqCtx.event as APIGatewayProxyEventV2;
    const incoming = event.headers?.[CORRELATION_HEADER];
    const correlationId = incoming !== undefined && CORRELATION_ID.test(incoming) ? incoming : randomUUID();
    const requestLogger = logger.createChild({
      persistentKeys: { correlation_id: correlationId, lambda_request_id: reqCtx.context.awsRequestId },
    });
    requestLogger.addContext(reqCtx.context);
    state.set(reqCtx.req, { correlationId, logger: requestLogger });
    await next();
    reqCtx.res.headers.set(CORRELATION_HEADER, correlationId);
    requestLogger.info('request', {
      method: event.requestContext.http.method,
      path: event.rawPath,
      route: reqCtx.route ?? 'unmatched',
      status: reqCtx.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  };
  router.use(requestLifecycle);

  for (const route of routes) {
    router.route(
      async (reqCtx) => {
        const event = reqCtx.event as APIGatewayProxyEventV2;
        const requestState = state.get(reqCtx.req);
        if (!requestState) throw new Error('request lifecycle middleware did not run');
        try {
          const result = await route.handler({
            method: route.method,
            route: route.path,
            params: reqCtx.params,
            query: event.queryStringParameters ?? {},
            headers: event.headers ?? {},
            body: event.body,
            isBase64Encoded: event.isBase64Encoded,
            correlationId: requestState.correlationId,
            logger: requestState.logger,
            event,
            context: reqCtx.context,
          });
          // Powertools sends a Response body as UTF-8 text unless told it is binary.
          if (result.body instanceof Uint8Array) reqCtx.isBase64Encoded = true;
          return toResponse(result);
        } catch (error) {
          return mapError(error, requestState.logger);
        }
      },
      { method: route.method, path: toPowertoolsPath(route.path) },
    );
  }

  const unmatched = (method: string, path: string) => {
    const allowed = [...new Set(matchers.filter(({ regex }) => regex.test(path)).map(({ route }) => route.method))];
    return allowed.length > 0
      ? new MethodNotAllowedError(method, path, allowed)
      : new NotFoundError(`no route matches ${method} ${path}`);
  };
  router.errorHandler(Error, async (error) => mapError(error, logger));
  // Powertools decodes path parameters while it matches routes, before any middleware: a malformed
  // escape such as `%E0%A4%A` throws URIError there. It is the client's path that is wrong.
  router.errorHandler(URIError, async () => mapError(new BadRequestError('the path is not valid percent-encoded UTF-8'), logger));
  // Powertools hands the not-found hook's return value back as the response (a throw here would
  // become its own non-problem 500), so the problem is returned, not thrown.
  router.notFound(async (_error, reqCtx) => {
    const event = reqCtx.event as APIGatewayProxyEventV2;
    return toProblemResult(unmatched(event.requestContext.http.method, event.rawPath));
  });

  return async (event, context) => {
    // Powertools answers methods outside its verb list with a bare 405 before any middleware runs.
    const method = event.requestContext.http.method;
    if (!KNOWN_METHODS.has(method)) {
      const result = toProblemResult(unmatched(method, event.rawPath));
      result.headers = { ...result.headers, [CORRELATION_HEADER]: event.headers?.[CORRELATION_HEADER] ?? randomUUID() };
      return result;
    }
    try {
      return await router.resolve(event, context);
    } catch (error) {
      // Only an event API Gateway would never send (e.g. a header value with a newline) gets here.
      const problem = toProblemResult(error);
      logger.error('event could not be resolved', error as Error);
      return problem;
    }
  };
}
