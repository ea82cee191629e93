import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import type { HttpApiConfig, HttpApiRoute } from './gateway-config';
import { authorizeClaims, type JwtContext } from './jwt-authorizer';
import { createRouteTable, decodePath } from './route-table';
import { newRequestId, toEvent } from './to-event';

/**
 * One request to an HTTP API, described rather than received: what `nx run <app>:event` is told.
 *
 * @example
 * const request: DescribedRequest = { method: 'POST', target: '/api/callback?x=1', rawHeaders: ['host', '127.0.0.1:3000'], body: Buffer.from('{}') };
 */
export interface DescribedRequest {
  method: string;
  /** The request target as a client sends it: the path, percent-encoded, and the query string. */
  target: string;
  /** Names and values alternating, as Node's `rawHeaders`. */
  rawHeaders: string[];
  body: Buffer;
  /** The verified claims of the caller's token, as the API's JWT authorizer would pass them on. */
  caller?: JWTPayload;
}

/** The route's JWT authorizer would answer 403 to the caller, so the gateway would invoke no function. */
export class CallerForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallerForbiddenError';
  }
}

/**
 * The payload 2.0 event the local gateway would pass to the route's function for a request reaching
 * `api` (one without a base path, on its `$default` stage) from 127.0.0.1: the route key picked by
 * the same route table, its path parameters, the API's stage variables and, for a caller, the JWT
 * authorizer's context. Undefined where the gateway would answer 404 (no route); throws
 * CallerForbiddenError where it would answer 403.
 *
 * @example
 * const event = describedRequestEvent(stageHttpApis(functions).api, { method: 'GET', target: '/api/callbacks/7', rawHeaders: [], body: Buffer.alloc(0) });
 * event?.pathParameters; // { id: '7' }
 */
export function describedRequestEvent(api: HttpApiConfig, request: DescribedRequest, receivedAt = new Date()): APIGatewayProxyEventV2 | undefined {
  const [requestPath = '/', rawQueryString = ''] = request.target.split(/\?(.*)/s);
  const eventPath = decodePath(requestPath);
  const table = createRouteTable(api.routes.map((route) => ({ routeKey: route.routeKey, target: route })));
  const match = table.match(request.method, eventPath);
  if (!match) return undefined;
  const jwt = request.caller && callerContext(match.target, request.caller);
  const host = headerValue(request.rawHeaders, 'host') ?? '';
  return toEvent(
    {
      method: request.method,
      eventPath,
      rawQueryString,
      rawHeaders: request.rawHeaders,
      sourceIp: '127.0.0.1',
      localPort: Number(/:(\d+)$/.exec(host)?.[1] ?? 80),
      protocol: 'http',
      httpVersion: '1.1',
      body: request.body,
    },
    {
      apiId: api.apiId ?? 'local',
      stage: api.stage ?? '$default',
      routeKey: match.routeKey,
      pathParameters: match.pathParameters,
      requestId: newRequestId(),
      receivedAt,
      ...(api.stageVariables ? { stageVariables: api.stageVariables } : {}),
      ...(jwt ? { jwt } : {}),
    },
  );
}

/** A public route gets no authorizer context at all, whatever the caller, as on API Gateway. */
function callerContext(route: HttpApiRoute, caller: JWTPayload): JwtContext | undefined {
  if (!route.authorization) return undefined;
  const decision = authorizeClaims(caller, route.authorization.scopes);
  if (decision.outcome !== 'allowed') {
    throw new CallerForbiddenError(`The authorizer would answer 403 to ${route.routeKey}: it needs one of the scopes ${route.authorization.scopes.join(', ')}`);
  }
  return decision.jwt;
}

function headerValue(rawHeaders: string[], name: string): string | undefined {
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === name) return rawHeaders[index + 1];
  }
  return undefined;
}
