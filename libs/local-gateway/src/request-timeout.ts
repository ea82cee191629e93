import { STATUS_CODES } from 'node:http';
import type { GatewayResponse } from './to-response';

/**
 * The 408 a client gets when it does not send its request in time, as an RFC 9457 problem, with
 * `connection: close`: RFC 9110 §15.5.9 says the server intends to close the connection, and a
 * connection whose request never completed cannot carry another one.
 *
 * @example
 * send(res, requestTimeout('the body was not received within 10000 ms'));
 */
export function requestTimeout(detail: string): GatewayResponse {
  const problem = { type: 'urn:problem-type:request-timeout', title: 'Request Timeout', status: 408, detail };
  return {
    statusCode: 408,
    headers: { 'content-type': 'application/problem+json', connection: 'close' },
    cookies: [],
    body: Buffer.from(JSON.stringify(problem)),
  };
}

/**
 * A whole HTTP/1.1 response as bytes, for the moments when there is only a socket to write to:
 * Node's `clientError` event, before any request object exists.
 *
 * @example
 * socket.end(rawResponse(requestTimeout('the headers were not received within 10000 ms')));
 */
export function rawResponse(response: GatewayResponse): Buffer {
  const head = [
    `HTTP/1.1 ${response.statusCode} ${STATUS_CODES[response.statusCode] ?? ''}`,
    ...Object.entries(response.headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${response.body.length}`,
  ];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), response.body]);
}
