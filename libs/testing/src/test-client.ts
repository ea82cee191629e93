import type { RequestListener } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import request from 'supertest';
import { buildHttpApiEvent } from './http-api-event';
import { buildLambdaContext } from './lambda-context';
import type { TestCaller, TestIssuer } from './test-issuer';

export interface TestRequest {
  method: string;
  /** Path with optional query string. */
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Sends the request with a valid bearer token for this caller (or, to a handler, the verified claims API Gateway would pass on). */
  as?: TestCaller;
  /** The stage API the request goes to: the services' `api` (the default) or the user apps' `sites`. */
  api?: 'api' | 'sites';
}

export interface TestResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json: unknown;
}

/** Sends one request to a service, whatever sits in front of it, so one suite can run over several. */
export type TestClient = (request: TestRequest) => Promise<TestResponse>;

/**
 * A Lambda handler of API Gateway HTTP API (payload 2.0) events, answering a structured result.
 *
 * @example
 * const handler: StructuredHandler = createService({ name: 'notes-service', config, routes });
 */
export type StructuredHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Calls a Lambda handler directly with a built API Gateway event, the way API Gateway would.
 *
 * @example
 * const client = handlerClient(handler);
 * const response = await client({ method: 'GET', path: '/health' });
 */
export function handlerClient(handler: StructuredHandler, functionName = 'test-function', issuer?: TestIssuer): TestClient {
  return async ({ method, path, headers, body, as, api = 'api' }) => {
    const jwt = as === undefined ? undefined : { claims: claimsFor(as, issuer), scopes: [...as.scopes] };
    const event = buildHttpApiEvent({ method, path, headers: headers ?? {}, body, stageVariables: { httpApi: api }, ...(jwt ? { jwt } : {}) });
    const result = await handler(event, buildLambdaContext({ functionName }));
    const text = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? '');
    const responseHeaders = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
    return { status: result.statusCode ?? 200, headers: responseHeaders, text, json: parseJson(text) };
  };
}

/**
 * Sends real HTTP requests (supertest) to a request listener such as the local gateway.
 *
 * @example
 * const client = httpClient(createLocalGateway({ apis: [...] }));
 */
export function httpClient(listener: RequestListener, options: { sites?: RequestListener; issuer?: TestIssuer } = {}): TestClient {
  return async ({ method, path, headers, body, as, api = 'api' }) => {
    const target = api === 'sites' ? options.sites : listener;
    if (target === undefined) throw new Error('httpClient: no sites listener to send this request to');
    let pending = request(target)[method.toLowerCase() as 'get'](path);
    if (as !== undefined) {
      if (options.issuer === undefined) throw new Error('httpClient: a request `as` a caller needs the issuer the gateway trusts');
      pending = pending.set('authorization', `Bearer ${await options.issuer.token(as)}`);
    }
    for (const [name, value] of Object.entries(headers ?? {})) pending = pending.set(name, value);
    if (body !== undefined) {
      if (typeof body === 'string') pending = pending.send(body);
      else pending = pending.set('content-type', headers?.['content-type'] ?? 'application/json').send(JSON.stringify(body));
    }
    const response = await pending.buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks).toString('utf8')));
    });
    const text = String(response.body ?? '');
    const responseHeaders = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
    return { status: response.status, headers: responseHeaders, text, json: parseJson(text) };
  };
}

function claimsFor(caller: TestCaller, issuer: TestIssuer | undefined): Record<string, string> {
  return issuer?.claimsOf(caller) ?? { sub: caller.sub, scope: caller.scopes.join(' ') };
}

/**
 * A logger that drops everything, for tests whose subject logs by design (the local gateway's access lines).
 *
 * @example
 * createLocalGateway({ logger: silentLogger, apis });
 */
export const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
