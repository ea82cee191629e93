import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnPrinting } from '@sm/testing';
import { BENCH_LOG_LEVEL, WORKSPACE_ROOT } from './workspace';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
/** Only the end of the stack's output is kept, for an error message. */
const OUTPUT_TAIL_CHARS = 20_000;
const TOKEN_PATH = '/token';

export interface EventSink {
  url: string;
  tokenUrl: string;
  /** Events accepted so far. */
  received(): number;
  close(): Promise<void>;
}

/**
 * Stands in for the integration-service: accepts every lifecycle event at once (202). The create
 * path then measures the react-app-manager's own work, not the delivery of `app.created` to
 * subscribers, which is the integration-service's (and is awaited on every create). For a service
 * given `tokenUrl` as its AUTH_TOKEN_URL, it also stands in for the token endpoint: every
 * client-credentials grant gets a token, which it does not check.
 */
export async function startEventSink(): Promise<EventSink> {
  let received = 0;
  const server: Server = createServer((request, response) => {
    request.resume().once('end', () => {
      if (request.method === 'POST' && request.url === TOKEN_PATH) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'bench-sink', token_type: 'Bearer', expires_in: 3600 }));
        return;
      }
      if (request.method === 'POST' && request.url === '/api/integration') received += 1;
      response.writeHead(202, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tokenUrl: `${url}${TOKEN_PATH}`,
    received: () => received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ReactAppStack {
  url: string;
  /** The development token the stack printed (every scope); the authorizer checks it on every create. */
  token: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npm start -- --function react-app-manager` in a child process: the app's own main.ts (its
 * composition root, with the stores it wires) behind the local gateway, on a free 127.0.0.1 port,
 * with a fresh data folder for the embedded engines, removed on stop.
 */
export async function startReactAppStack(eventsUrl: string): Promise<ReactAppStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-react-apps-'));
  const child = spawnPrinting(
    process.execPath,
    [join(WORKSPACE_ROOT, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'tsconfig.base.json', 'tools/local/src/start.ts', '--function', 'react-app-manager'],
    {
      cwd: WORKSPACE_ROOT,
      env: { PATH: process.env.PATH, PORT: '0', LOCAL_DATA_DIR: dataDir, LOG_LEVEL: BENCH_LOG_LEVEL, INTEGRATION_SERVICE_URL: eventsUrl },
      outputTailChars: OUTPUT_TAIL_CHARS,
    },
  );
  const stop = async () => {
    await child.kill('SIGTERM', STOP_TIMEOUT_MS);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const printed = (pattern: RegExp) => child.waitForOutput(pattern, { from: 0, timeoutMs: START_TIMEOUT_MS }).then(([, value = '']) => value);
  try {
    const [url, token] = await Promise.all([printed(/Local gateway listening on (http:\/\/127\.0\.0\.1:\d+)/), printed(/export TOKEN=(\S+)/)]);
    return { url, token, output: child.output, stop };
  } catch (error) {
    await stop();
    throw new Error(`the react-app-manager stack did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}
