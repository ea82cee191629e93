import { EventEmitter, once } from 'node:events';
import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { LambdaFunctionConfig } from './gateway-config';
import { createGatewayServer } from './gateway-server';
import { createLocalGateway } from './local-gateway';

interface Exchange {
  /** Everything the gateway wrote before it ended the connection. */
  response: string;
}

/** A gateway on a free port whose timeouts are small enough for a test, and a function that counts its invocations. */
async function startGateway(logger = { info: jest.fn(), error: jest.fn() }) {
  const invocations: string[] = [];
  const fn: LambdaFunctionConfig = {
    name: 'upload',
    handler: async (event) => {
      invocations.push(event.body ?? '');
      return { statusCode: 204 };
    },
  };
  const server = createGatewayServer({ headersMs: 100, requestMs: 2_000 });
  server.on('request', createLocalGateway({ apis: [{ routes: [{ routeKey: '$default', fn }] }], logger, bodyTimeouts: { idleMs: 50, totalMs: 1_000 } }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, invocations, logger };
}

function connectTo(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  return once(socket, 'connect').then(() => socket);
}

/** Writes `bytes` and never more, then collects what the gateway answers until it ends the connection. */
async function sendAndWatch(port: number, bytes: string): Promise<Exchange> {
  const socket = await connectTo(port);
  let response = '';
  socket.on('data', (chunk: Buffer) => (response += chunk.toString()));
  socket.write(bytes);
  await once(socket, 'end');
  socket.destroy();
  return { response };
}

function problemOf(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('createGatewayServer: slow clients', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeEach(async () => {
    gateway = await startGateway();
  });
  afterEach(() => stop(gateway.server));

  it('answers 408 problem+json and closes the connection when a chunked body stops inside its first chunk', async () => {
    // act
    const { response } = await sendAndWatch(gateway.port, 'POST /upload HTTP/1.1\r\nHost: local\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly half');

    // assess
    expect(response).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(response).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
    expect(response).toMatch(/\r\nconnection: close\r\n/i);
    expect(problemOf(response)).toEqual({
      type: 'urn:problem-type:request-timeout',
      title: 'Request Timeout',
      status: 408,
      detail: expect.stringMatching(/^The request body was not received within \d+ ms$/),
    });
    expect(gateway.invocations).toHaveLength(0);
  });

  it('answers 408 and closes the connection when fewer bytes arrive than content-length announces', async () => {
    // act
    const { response } = await sendAndWatch(gateway.port, 'POST /upload HTTP/1.1\r\nHost: local\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nten bytes.');

    // assess
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(problemOf(response)).toMatchObject({ status: 408, title: 'Request Timeout' });
    expect(gateway.invocations).toHaveLength(0);
  });

  it('answers 408 problem+json and closes the connection when the headers never end', async () => {
    // act
    const { response } = await sendAndWatch(gateway.port, 'GET /upload HTTP/1.1\r\nHost: local\r\nX-Slow: ');

    // assess
    expect(response).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(problemOf(response)).toEqual({
      type: 'urn:problem-type:request-timeout',
      title: 'Request Timeout',
      status: 408,
      detail: 'The request was not received in time',
    });
    expect(gateway.invocations).toHaveLength(0);
  });

  it('still answers other clients while one stalls, and invokes the function for a body that completes', async () => {
    // prepare
    const stalled = await connectTo(gateway.port);
    stalled.write('POST /upload HTTP/1.1\r\nHost: local\r\nContent-Length: 100\r\n\r\nstart');

    // act
    const { response } = await sendAndWatch(gateway.port, 'POST /upload HTTP/1.1\r\nHost: local\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nwhole');
    stalled.destroy();

    // assess
    expect(response).toMatch(/^HTTP\/1\.1 204 /);
    expect(gateway.invocations).toEqual(['whole']);
  });
});

describe('createGatewayServer: clients that leave', () => {
  it('logs a client that disconnects mid-body, never invokes the function and keeps serving', async () => {
    // prepare
    const logged = new EventEmitter();
    const closedLogged = once(logged, 'client-closed');
    const logger = {
      info: jest.fn((message: string) => {
        if (message.includes('client closed the connection')) logged.emit('client-closed');
      }),
      error: jest.fn(),
    };
    const gateway = await startGateway(logger);
    const leaving = await connectTo(gateway.port);
    leaving.write('POST /upload HTTP/1.1\r\nHost: local\r\nContent-Length: 100\r\n\r\nhalf of it');

    // act
    leaving.destroy();
    await closedLogged;
    const { response } = await sendAndWatch(gateway.port, 'POST /upload HTTP/1.1\r\nHost: local\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nnext');
    await stop(gateway.server);

    // assess
    expect(response).toMatch(/^HTTP\/1\.1 204 /);
    expect(gateway.invocations).toEqual(['next']);
    expect(logger.error).not.toHaveBeenCalled();
  });
});
