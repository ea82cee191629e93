import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a server child tells its parent once it listens. */
export interface ListeningMessage {
  port: number;
  /** A bearer token the server's authorizer accepts, when it has protected routes to measure. */
  token?: string;
}

/**
 * Serves on an ephemeral 127.0.0.1 port and reports it over IPC. The child ends when the parent
 * disconnects (or dies), so no server outlives a run; exiting normally lets `--cpu-prof` write its profile.
 */
export function serveInChild(listener: RequestListener, token?: string): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('a bench server runs as a forked child with an IPC channel');
  const server = createServer(listener);
  server.listen(0, '127.0.0.1', () => {
    const message: ListeningMessage = { port: (server.address() as AddressInfo).port, ...(token === undefined ? {} : { token }) };
    send(message);
  });
  process.once('disconnect', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
