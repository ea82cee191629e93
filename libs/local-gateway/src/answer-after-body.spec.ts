import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerAfterBody } from './answer-after-body';

/** Answers 404 at once, reading nothing: as a router does for a path it does not serve. */
const answersAtOnce: RequestListener = (_req, res) => void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');

let server: Server;
afterEach(() => new Promise<void>((closed) => server.close(() => closed())));

async function listen(listener: RequestListener): Promise<number> {
  server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/**
 * POSTs a body in two halves with a pause between them, on a connection of its own
 * (`Connection: close`), so an answer sent after the first half meets a client still writing; settles
 * once the exchange is over, with the answer if one was read, the error if the upload failed, and
 * whether the whole body went out.
 */
function postInHalves(port: number, halfBytes: number): Promise<{ status?: number; body?: string; error?: string; sentWholeBody: boolean }> {
  return new Promise((resolve) => {
    const outcome: { status?: number; body?: string; error?: string; sentWholeBody: boolean } = { sentWholeBody: false };
    let answered: Promise<void> = Promise.resolve();
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/local-auth/unknown', agent: false, headers: { 'content-type': 'application/json', 'content-length': 2 * halfBytes } });
    req.on('response', (response: IncomingMessage) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      answered = new Promise((read) => response.once('close', () => read(void Object.assign(outcome, { status: response.statusCode, body }))));
    });
    req.on('error', (error: NodeJS.ErrnoException) => Object.assign(outcome, { error: error.code ?? error.message }));
    req.on('finish', () => (outcome.sentWholeBody = true));
    req.on('close', () => void answered.then(() => resolve(outcome)));
    req.write(Buffer.alloc(halfBytes, 'a'));
    setTimeout(() => req.end(Buffer.alloc(halfBytes, 'b')), 300);
  });
}

describe('answerAfterBody', () => {
  it('lets the client finish its upload before the answer ends, so it reads the answer', async () => {
    const port = await listen(answerAfterBody(answersAtOnce));

    const answer = await postInHalves(port, 512 * 1024);

    expect(answer).toEqual({ status: 404, body: '{"message":"Not Found"}', sentWholeBody: true });
  });

  it('is needed: unwrapped, the same listener answers and closes the connection mid-upload (a client still writing then gets EPIPE)', async () => {
    const port = await listen(answersAtOnce);

    const answer = await postInHalves(port, 512 * 1024);

    expect({ status: answer.status, sentWholeBody: answer.sentWholeBody }).toEqual({ status: 404, sentWholeBody: false });
  });

  it('ends the answer anyway when the client stops sending for longer than the idle timeout', async () => {
    const port = await listen(answerAfterBody(answersAtOnce, { idleMs: 100, totalMs: 5_000 }));
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/', agent: false, headers: { 'content-length': 1000 } });
    const response = once(req, 'response') as Promise<[IncomingMessage]>;

    req.write('only part of the body');
    const [answer] = await response;
    req.destroy();

    expect(answer.statusCode).toBe(404);
  });

  it('ends the answer at once for a request that is already complete', async () => {
    const port = await listen(answerAfterBody((req, res) => req.resume().on('end', () => res.writeHead(204).end())));

    const answer = await postInHalves(port, 16);

    expect(answer).toEqual({ status: 204, body: '', sentWholeBody: true });
  });
});
