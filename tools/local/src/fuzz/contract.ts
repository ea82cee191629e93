import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { RawRequest, RawResponse } from './raw-request';

/** What API Gateway itself answers, in its own shape (`{"message": …}`), before or instead of any function. */
const GATEWAY_ANSWERS = new Map([
  // The JWT authorizer's refusals: no or an invalid token, and none of the route's scopes.
  [401, 'Unauthorized'],
  [403, 'Forbidden'],
  [404, 'Not Found'],
  [413, 'Request Entity Too Large'],
]);

const PROBLEM_FIELDS = ['type', 'title', 'detail'] as const;

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}…(${text.length} chars)`;
}

/** A request in a line or two: a 1 MiB body or a 100 000-deep nesting shows as its start, size and hash. */
export function describeRequest(raw: RawRequest): string {
  const headers = Object.entries(raw.headers)
    .map(([name, value]) => `${name}: ${JSON.stringify(clip(value, 80))}`)
    .join(', ');
  const body = raw.body ?? Buffer.alloc(0);
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const shown = body.length === 0 ? 'no body' : `body ${body.length} bytes sha256:${digest} ${JSON.stringify(clip(body.toString('utf8'), 300))}`;
  return `${raw.method} ${clip(raw.target, 300)} {${headers}} ${shown}`;
}

/** Makes fast-check print the request as `describeRequest` does in a counterexample, not as a buffer dump. */
export function printable<T extends RawRequest>(raw: T): T {
  return Object.assign(raw, { [fc.toStringMethod]: () => describeRequest(raw) });
}

export function describeResponse(response: RawResponse): string {
  return `${response.status} ${String(response.headers['content-type'] ?? '(no content-type)')} ${JSON.stringify(clip(response.body.toString('utf8'), 400))}`;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function problemViolation(response: RawResponse): string | undefined {
  const problem = parseJson(response.body);
  if (problem === null || typeof problem !== 'object') return 'the problem body is not a JSON object';
  const fields = problem as Record<string, unknown>;
  const missing = PROBLEM_FIELDS.filter((field) => typeof fields[field] !== 'string');
  if (missing.length > 0) return `the problem body lacks string ${missing.join(', ')}`;
  if (fields.status !== response.status) return `the problem's status ${String(fields.status)} is not the response's ${response.status}`;
  return undefined;
}

function gatewayViolation(response: RawResponse): string | undefined {
  const message = GATEWAY_ANSWERS.get(response.status);
  if (message === undefined) return `a ${response.status} that is neither problem+json nor one API Gateway answers itself`;
  const body = parseJson(response.body) as Record<string, unknown> | undefined;
  if (body?.message !== message || Object.keys(body).length !== 1) return `API Gateway's ${response.status} body is {"message":"${message}"}`;
  return undefined;
}

/**
 * The local OpenID provider answers in OAuth's own shapes, which its clients parse: RFC 6749 §5.2's
 * `{"error", "error_description"}` JSON from the token and userinfo endpoints, and an HTML page from
 * the authorization endpoint, which must show the user the error rather than redirect (§4.1.2.1).
 */
function oauthViolation(request: RawRequest, response: RawResponse, contentType: string): string | undefined {
  const path = request.target.split('?')[0] ?? '';
  if (contentType.startsWith('text/html') && /^\/local-auth\/(authorize|logout)\/?$/.test(path)) return undefined;
  if (GATEWAY_ANSWERS.get(response.status) !== undefined && gatewayViolation(response) === undefined) return undefined;
  if (request.method === 'HEAD') return contentType.startsWith('application/json') ? undefined : `a ${response.status} to HEAD typed ${contentType}`;
  const body = parseJson(response.body) as Record<string, unknown> | undefined;
  if (!contentType.startsWith('application/json') || typeof body?.error !== 'string') return `the local OpenID provider's ${response.status} is not an RFC 6749 error: ${contentType}`;
  return undefined;
}

/**
 * What every answer to anything must satisfy: below 500, and every 4xx either RFC 9457 problem+json
 * with type, title, status and detail, or API Gateway's own 404 (no route) or 413 (over 10 MB) in its
 * documented `{"message"}` shape. A 503 is a failure too: requests are sent one at a time, so a full
 * build queue, the only 503 the contract allows, cannot happen here.
 */
export function contractViolation(request: RawRequest, response: RawResponse): string | undefined {
  if (response.status >= 500) return `answered ${response.status}`;
  if (response.status < 400) return undefined;
  if (response.status === 405 && response.headers.allow === undefined) return 'a 405 without Allow';
  const contentType = String(response.headers['content-type'] ?? '');
  if (/^\/local-auth(\/|\?|$)/.test(request.target)) return oauthViolation(request, response, contentType);
  if (request.method === 'HEAD') {
    return contentType.startsWith('application/problem+json') || GATEWAY_ANSWERS.has(response.status) ? undefined : `a ${response.status} to HEAD typed ${contentType}`;
  }
  if (contentType.startsWith('application/problem+json')) return problemViolation(response);
  if (contentType.startsWith('application/json')) return gatewayViolation(response);
  return `a ${response.status} typed ${JSON.stringify(contentType)}, not application/problem+json`;
}
