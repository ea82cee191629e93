import type { RequestListener } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import request from 'supertest';
import { buildHttpApiEvent } from './http-api-event';
import { buildLambdaContext } from './lambda-context';

export interface TestRequest {
  method: string;
  /** Path with optional query string. */
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
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

type StructuredHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

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
export function handlerClient(handler: StructuredHandler, functionName = 'test-function'): TestClient {
  return async ({ method, path, headers, body }) => {
    const result = await handler(buildHttpApiEvent({ method, path, headers: headers ?? {}, body }), buildLambdaContext({ functionName }));
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
export function httpClient(listener: RequestListener): TestClient {
  return async ({ method, path, headers, body }) => {
    let pending = request(listener)[method.toLowerCase() as 'get'](path);
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

/**
 * A logger that drops everything, for tests whose subject logs by design (the local gateway's access lines).
 *
 * @example
 * createLocalGateway({ logger: silentLogger, apis });
 */
export const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
