import { validateHeaderName, validateHeaderValue } from 'node:http';

/** What the gateway writes back: one `set-cookie` header per cookie, the body as bytes. */
export interface GatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

/** The result, or why API Gateway would refuse it. */
export type ResponseMapping = { ok: true; response: GatewayResponse } | { ok: false; reason: string };

const GATEWAY_MESSAGES = {
  404: 'Not Found',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
  502: 'Internal Server Error',
  503: 'Service Unavailable',
} as const;

/**
 * The response API Gateway itself answers with, e.g. `{"message":"Not Found"}`.
 *
 * @example
 * const notFound = gatewayError(404);
 */
export function gatewayError(statusCode: keyof typeof GATEWAY_MESSAGES): GatewayResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(JSON.stringify({ message: GATEWAY_MESSAGES[statusCode] })),
  };
}

/**
 * The JWT authorizer's refusal of a missing or invalid token: 401 `{"message":"Unauthorized"}`
 * with the reason in `www-authenticate` (only `Bearer` when no token was sent).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html
 *
 * @example
 * unauthorized('the token does not have a valid audience');
 */
export function unauthorized(reason?: string): GatewayResponse {
  const challenge = reason === undefined ? 'Bearer' : `Bearer scope="" error="invalid_token" error_description="${reason}"`;
  return authorizerError(401, 'Unauthorized', challenge);
}

/**
 * The JWT authorizer's refusal of a valid token that holds none of the route's scopes: 403
 * `{"message":"Forbidden"}`, naming the scopes in `www-authenticate` (RFC 6750 section 3.1).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 *
 * @example
 * forbidden(['callbacks:read'], 'the token does not hold any of the scopes the route requires');
 */
export function forbidden(scopes: readonly string[], reason: string): GatewayResponse {
  return authorizerError(403, 'Forbidden', `Bearer scope="${scopes.join(' ')}" error="insufficient_scope" error_description="${reason}"`);
}

function authorizerError(statusCode: 401 | 403, message: string, challenge: string): GatewayResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'www-authenticate': challenge },
    cookies: [],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/**
 * Maps a Lambda result (as parsed from its JSON) to an HTTP response by payload 2.0 rules: an
 * object with `statusCode` is a structured response; anything else is a 200 application/json
 * whose body is the result (a string as is, any other value as JSON).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 *
 * @example
 * toResponse({ statusCode: 201, body: '{"id":"1"}' }); // { ok: true, response: { statusCode: 201, ... } }
 * toResponse({ hello: 'world' }); // 200 with body '{"hello":"world"}'
 */
export function toResponse(payload: unknown): ResponseMapping {
  if (!isRecord(payload) || !('statusCode' in payload)) {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return { ok: true, response: { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(body) } };
  }
  const { statusCode, headers = {}, cookies = [], body = '', isBase64Encoded = false } = payload;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    return { ok: false, reason: `statusCode must be an integer from 100 to 599, got ${JSON.stringify(statusCode)}` };
  }
  if (typeof body !== 'string') return { ok: false, reason: 'body must be a string' };
  if (typeof isBase64Encoded !== 'boolean') return { ok: false, reason: 'isBase64Encoded must be a boolean' };
  if (!isStringArray(cookies)) return { ok: false, reason: 'cookies must be an array of strings' };
  if (!cookies.every((cookie) => isValidHeader('set-cookie', cookie))) {
    return { ok: false, reason: 'a cookie is not a valid set-cookie header value' };
  }
  const mappedHeaders = toHeaders(headers);
  if (typeof mappedHeaders === 'string') return { ok: false, reason: mappedHeaders };
  if (!Object.keys(mappedHeaders).some((name) => name.toLowerCase() === 'content-type')) {
    mappedHeaders['content-type'] = 'application/json';
  }
  return {
    ok: true,
    response: {
      statusCode,
      headers: mappedHeaders,
      cookies,
      body: Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8'),
    },
  };
}

/** Header values may be strings, numbers or booleans; returns the reason when they are not. */
function toHeaders(headers: unknown): Record<string, string> | string {
  if (!isRecord(headers)) return 'headers must be an object';
  const mapped: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      return `header "${name}" must be a string, number or boolean`;
    }
    if (!isValidHeader(name, String(value))) return `header "${name}" is not a valid HTTP header`;
    mapped[name] = String(value);
  }
  return mapped;
}

function isValidHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
