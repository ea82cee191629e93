import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Answers the n-th request (1-based); may also never answer or drop the connection. */
export type ScriptedHandler = (hit: number, request: ReceivedRequest, response: ServerResponse) => void;

export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: ReceivedRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * Starts a real HTTP server on 127.0.0.1 with an ephemeral port that answers as `handler` says,
 * recording every request it receives.
 */
export async function startTestServer(handler: ScriptedHandler): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      handler(requests.length, received, res);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    connections: () => connections,
    close: async () => {
      // Requests left hanging on purpose would otherwise keep close() waiting.
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * Gives each test its own servers and closes them after it.
 *
 * @example
 * const startServer = useTestServers();
 * it('...', async () => { const server = await startServer((hit, req, res) => res.end()); });
 */
export function useTestServers(): (handler: ScriptedHandler) => Promise<TestServer> {
  const open: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (handler) => {
    const server = await startTestServer(handler);
    open.push(server);
    return server;
  };
}

/** Answers with `status` and a JSON or text body; optional extra headers. */
export function answer(
  response: ServerResponse,
  status: number,
  body: unknown = '',
  headers: Record<string, string> = {},
): void {
  const isText = typeof body === 'string';
  response.writeHead(status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    ...headers,
  });
  response.end(isText ? body : JSON.stringify(body));
}
