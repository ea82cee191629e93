import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import recorded from './fixtures/api-gateway-http-api-v2.json';

/** The payload 2.0 event from the AWS Lambda developer guide (sample-apps/nodejs-apig/event-v2.json). */
export const recordedHttpApiEvent: APIGatewayProxyEventV2 = recorded;

export interface HttpApiEventInput {
  method?: string;
  /** Path with optional query string, e.g. `/api/callbacks?limit=2`; the path as HTTP API delivers it (`rawPath`), percent-decoded. */
  path?: string;
  /** Route key the gateway matched, e.g. `GET /api/callbacks/{id}`; defaults to `$default`. */
  routeKey?: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  cookies?: string[];
  /** A string is sent as is; any other value is sent as JSON with content-type application/json. */
  body?: unknown;
  isBase64Encoded?: boolean;
  /** `event.stageVariables`, as the stage of the API the request came through sets them. */
  stageVariables?: Record<string, string>;
  /** What API Gateway's JWT authorizer passes on for a verified token (`requestContext.authorizer.jwt`). */
  jwt?: { claims: Record<string, string>; scopes: string[] | null };
}

/**
 * Builds an API Gateway HTTP API (payload 2.0) event on top of the recorded AWS fixture,
 * the way API Gateway would for the given request on the `$default` stage.
 *
 * @example
 * const event = buildHttpApiEvent({ method: 'POST', path: '/api/callback', body: { text: 'hi' } });
 */
export function buildHttpApiEvent(input: HttpApiEventInput = {}): APIGatewayProxyEventV2 {
  const method = (input.method ?? 'GET').toUpperCase();
  const [rawPath = '/', rawQueryString = ''] = (input.path ?? '/').split(/\?(.*)/s);
  const headers: Record<string, string> = {
    host: recorded.headers.host,
    'user-agent': 'jest',
    'x-forwarded-for': recorded.requestContext.http.sourceIp,
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  };
  let body: string | undefined;
  if (typeof input.body === 'string') body = input.body;
  else if (input.body !== undefined) {
    body = JSON.stringify(input.body);
    headers['content-type'] = 'application/json';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;

  const routeKey = input.routeKey ?? '$default';
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      ...recorded.requestContext,
      http: { ...recorded.requestContext.http, method, path: rawPath, userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: input.isBase64Encoded ?? false,
  };
  if (input.cookies) event.cookies = input.cookies;
  if (input.stageVariables) event.stageVariables = input.stageVariables;
  if (input.jwt) Object.assign(event.requestContext, { authorizer: { jwt: input.jwt } });
  if (rawQueryString) event.queryStringParameters = parseQuery(rawQueryString);
  if (input.pathParameters) event.pathParameters = input.pathParameters;
  if (body !== undefined) event.body = input.isBase64Encoded ? Buffer.from(body).toString('base64') : body;
  return event;
}

function parseQuery(raw: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = key in params ? `${params[key]},${value}` : value;
  }
  return params;
}
