import { request } from 'node:http';

/** One request exactly as a client may send it: any method, an unnormalised path, raw header values. */
export interface RawRequest {
  method: string;
  /** Path and query as sent on the request line, `..` and malformed escapes included. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * API Gateway's quota for HTTP APIs: the request line and header values together take at most
 * 10 240 bytes. Past it the request reaches no route (locally, Node answers a bare 431 past 16 KiB),
 * so the fuzzed requests stay within it.
 */
export const REQUEST_LINE_AND_HEADERS_QUOTA_BYTES = 10_240;

export function withinRequestQuota(raw: Pick<RawRequest, 'method' | 'target' | 'headers'>): boolean {
  const headerBytes = Object.entries(raw.headers).reduce((total, [name, value]) => total + Buffer.byteLength(name) + Buffer.byteLength(value), 0);
  return Buffer.byteLength(`${raw.method} ${raw.target} HTTP/1.1`) + headerBytes <= REQUEST_LINE_AND_HEADERS_QUOTA_BYTES;
}

/** Longer than API Gateway's 30 s integration timeout, so the gateway always answers first. */
const CLIENT_TIMEOUT_MS = 40_000;

/**
 * Sends the request with node:http rather than fetch: fetch resolves `..`, re-encodes the path and
 * refuses bodies on GET, all of which hide what a hostile client can really send.
 *
 * @example
 * const response = await sendRaw(stack.url, { method: 'GET', target: '/apps/x/%2e%2e/y', headers: {} });
 */
export function sendRaw(baseUrl: string, raw: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  // Node frames a GET's or DELETE's body only when told its length; unframed, the body would be read as the next request.
  const headers = raw.body === undefined ? raw.headers : { ...raw.headers, 'content-length': String(raw.body.length) };
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { hostname, port, method: raw.method, path: raw.target, headers, agent: false, timeout: CLIENT_TIMEOUT_MS },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${CLIENT_TIMEOUT_MS} ms`)));
    outgoing.on('error', reject);
    outgoing.end(raw.body);
  });
}
