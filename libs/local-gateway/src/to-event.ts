import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { JwtContext } from './jwt-authorizer';
import { LOCAL_ACCOUNT_ID } from './local-account';

/** The parts of an HTTP request the event is built from, as received on the socket. */
export interface ReceivedRequest {
  method: string;
  /** Percent-decoded, as HTTP API passes `rawPath` on (see decodePath), without the API mapping. */
  eventPath: string;
  rawQueryString: string;
  /** Node's `rawHeaders`: names and values alternating, repeats kept. */
  rawHeaders: string[];
  sourceIp: string;
  localPort: number;
  protocol: 'http' | 'https';
  httpVersion: string;
  body: Buffer;
}

/** What API Gateway decided before invoking: which API, stage and route, when, and under which id. */
export interface GatewayDecision {
  apiId: string;
  stage: string;
  routeKey: string;
  pathParameters?: Record<string, string>;
  requestId: string;
  receivedAt: Date;
  /** The stage's variables, passed on as `stageVariables` when there are any. */
  stageVariables?: Record<string, string>;
  /** What the route's JWT authorizer verified; absent on public routes. */
  jwt?: JwtContext;
}

// API Gateway drops hop-by-hop headers (the recorded event has no `connection`) and sets
// content-length itself (the recorded browser GET has "0").
const DROPPED_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length']);
// HTTP APIs have no binaryMediaTypes: AWS documents only that "if the content type of the request is
// binary, the body is base64-encoded" (http-api-develop-integrations-lambda.html). Which types pass as
// text was measured against real HTTP APIs (ministackorg/ministack#766): text/* and application/json,
// xml and javascript; every other type, a missing one, form posts and +json/+xml types come base64.
const TEXT_MEDIA_TYPE = /^(text\/[^/]+|application\/(json|xml|javascript))$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Builds the payload 2.0 event API Gateway HTTP API sends for a request.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 *
 * @example
 * const event = toEvent(received, { apiId: 'local', stage: '$default', routeKey: '$default', requestId: newRequestId(), receivedAt: new Date() });
 */
export function toEvent(request: ReceivedRequest, decision: GatewayDecision): APIGatewayProxyEventV2 {
  const { headers, cookies } = splitHeaders(request.rawHeaders);
  headers['content-length'] = String(request.body.length);
  headers['x-amzn-trace-id'] ??= traceId(decision.receivedAt);
  // The X-Forwarded headers are API Gateway's own (reserved: a parameter mapping cannot change them,
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html#http-api-mapping-reserved-headers):
  // the address it received the request from is appended to what the client sent, so the last entry
  // is one no client can choose, and port and protocol are those the client reached it on.
  const forwardedFor = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor === undefined ? request.sourceIp : `${forwardedFor}, ${request.sourceIp}`;
  headers['x-forwarded-port'] = String(request.localPort);
  headers['x-forwarded-proto'] = request.protocol;
  const domainName = (headers['host'] ?? '').replace(/:\d+$/, '');

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: decision.routeKey,
    rawPath: request.eventPath,
    rawQueryString: request.rawQueryString,
    headers,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: decision.apiId,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? '',
      http: {
        method: request.method,
        path: request.eventPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: decision.requestId,
      routeKey: decision.routeKey,
      stage: decision.stage,
      time: formatRequestTime(decision.receivedAt),
      timeEpoch: decision.receivedAt.getTime(),
    },
    isBase64Encoded: isBinary(headers['content-type']),
  };
  if (cookies.length > 0) event.cookies = cookies;
  if (request.rawQueryString !== '') event.queryStringParameters = parseQuery(request.rawQueryString);
  if (decision.pathParameters) event.pathParameters = decision.pathParameters;
  if (decision.stageVariables && Object.keys(decision.stageVariables).length > 0) event.stageVariables = { ...decision.stageVariables };
  // The aws-lambda types keep `authorizer` to APIGatewayProxyEventV2WithJWTAuthorizer; handlers read it from the plain event.
  if (decision.jwt) Object.assign(event.requestContext, { authorizer: { jwt: decision.jwt } });
  if (request.body.length > 0) event.body = request.body.toString(event.isBase64Encoded ? 'base64' : 'utf8');
  return event;
}

/**
 * A request id shaped like API Gateway's, e.g. "JKJaXmPLvHcESHA=" (11 random bytes in base64).
 *
 * @example
 * const requestId = newRequestId();
 */
export function newRequestId(): string {
  return Buffer.from(randomHex(22), 'hex').toString('base64');
}

/**
 * Random hex digits from `randomUUID`, which draws on a pre-filled entropy pool: `randomBytes` per
 * request showed up at 3% of the gateway's time under load. Version/variant digits are skipped.
 */
function randomHex(digits: number): string {
  let hex = '';
  while (hex.length < digits) {
    const uuid = randomUUID();
    hex += uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(15, 18) + uuid.slice(20, 23) + uuid.slice(24);
  }
  return hex.slice(0, digits);
}

/**
 * Lower-cases names, comma-joins repeats and moves the cookie header(s) to `cookies`. Maps, not
 * object keys, collect them, so names like `constructor` or `__proto__` stay plain entries.
 */
function splitHeaders(rawHeaders: string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers = new Map<string, string>();
  const cookies: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] ?? '').toLowerCase();
    const value = rawHeaders[index + 1] ?? '';
    if (name === 'cookie') cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter(Boolean));
    else if (!DROPPED_HEADERS.has(name)) appendJoined(headers, name, value);
  }
  return { headers: Object.fromEntries(headers), cookies };
}

/** Decoded values, repeated keys comma-joined. */
function parseQuery(rawQueryString: string): Record<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(rawQueryString)) appendJoined(params, key, value);
  return Object.fromEntries(params);
}

function appendJoined(values: Map<string, string>, key: string, value: string): void {
  const earlier = values.get(key);
  values.set(key, earlier === undefined ? value : `${earlier},${value}`);
}

/**
 * HTTP API base64-encodes every body but text ones, and flags a missing content-type as binary even
 * without a body: the recorded browser GET (libs/testing's fixture) has `isBase64Encoded: true`
 * and no `body`.
 */
function isBinary(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return !TEXT_MEDIA_TYPE.test(mediaType);
}

/** "10/Mar/2020:05:16:23 +0000", always UTC. */
function formatRequestTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()] ?? ''}/${date.getUTCFullYear()}`;
  return `${day}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** X-Ray's format: Root=1-<epoch seconds in hex>-<96 random bits in hex>. */
function traceId(date: Date): string {
  return `Root=1-${Math.floor(date.getTime() / 1000).toString(16)}-${randomHex(24)}`;
}
