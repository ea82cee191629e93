import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { rawResponse, requestTimeout } from './request-timeout';

/**
 * How long a client may take to send its request line and headers, and its whole request. Node's
 * own defaults (60 s and 300 s) would let a client that stops sending hold a connection far longer
 * than API Gateway's 30 s integration timeout; these answer it well within that.
 */
export interface ServerTimeouts {
  /** Node's `headersTimeout`; 10 s by default. */
  headersMs: number;
  /** Node's `requestTimeout`, the whole request with its body; 25 s by default, past the gateway's own body timeouts. */
  requestMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 25_000 };

/**
 * The HTTP server the local gateway listens on: a client that does not send its headers, or its
 * whole request, in time gets a 408 problem and its connection closed. Attach the gateway with
 * `server.on('request', createLocalGateway(...))`.
 *
 * @example
 * const server = createGatewayServer();
 * server.on('request', createLocalGateway({ apis }));
 * server.listen(3000);
 */
export function createGatewayServer(timeouts: ServerTimeouts = DEFAULT_SERVER_TIMEOUTS): Server {
  const server = createServer({
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    // Node checks these timeouts every 30 s by default, which would let a 10 s timeout run 40 s.
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(timeouts.headersMs / 4))),
  });
  server.on('clientError', answerClientError);
  return server;
}

/** What Node answers by default (408 on a timeout, 431 on oversized headers, else 400), the 408 as a problem. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.end(rawResponse(requestTimeout('The request was not received in time')), () => socket.destroy());
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  socket.end(rawResponse({ statusCode: status, headers: { connection: 'close' }, cookies: [], body: Buffer.alloc(0) }), () => socket.destroy());
}
