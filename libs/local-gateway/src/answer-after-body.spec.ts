import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerAfterBody } from './answer-after-body';

/** Answers 404 at once, reading nothing (as a router does for a path it does not serve), and says so. */
function answeringAtOnce(): { listener: RequestListener; answered: Promise<void> } {
  let answer: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const listener: RequestListener = (_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
    answer();
  };
  return { listener, answered };
}

let server: Server;
afterEach(() => new Promise<void>((closed) => server.close(() => closed())));

async function listen(listener: RequestListener): Promise<number> {
  server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** A POST of `2 * halfBytes` on a connection of its own (`Connection: close`), its first half written. */
function startUpload(port: number, halfBytes: number) {
  const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/local-auth/unknown', agent: false, headers: { 'content-type': 'application/json', 'content-length': 2 * halfBytes } });
  let sentWholeBody = false;
  req.on('finish', () => (sentWholeBody = true));
  const response = (once(req, 'response') as Promise<[IncomingMessage]>).then(async ([answer]) => {
    let body = '';
    for await (const chunk of answer) body += String(chunk);
    return { status: answer.statusCode, body };
  });
  req.write(Buffer.alloc(halfBytes, 'a'));
  return { req, response, sentWholeBody: () => sentWholeBody, finish: () => req.end(Buffer.alloc(halfBytes, 'b')) };
}

describe('answerAfterBody', () => {
  it('lets a client that is still uploading when the listener answers finish, and then read the answer', async () => {
    const { listener, answered } = answeringAtOnce();
    const port = await listen(answerAfterBody(listener));
    const upload = startUpload(port, 512 * 1024);

    await answered;
    upload.finish();
    const answer = await upload.response;

    expect({ ...answer, sentWholeBody: upload.sentWholeBody() }).toEqual({ status: 404, body: '{"message":"Not Found"}', sentWholeBody: true });
  });

  it('is needed: unwrapped, the same listener answers and closes the connection mid-upload (a client still writing then gets EPIPE)', async () => {
    const { listener } = answeringAtOnce();
    const port = await listen(listener);
    const upload = startUpload(port, 512 * 1024);
    upload.req.on('error', () => undefined);

    const answer = await upload.response;
    await once(upload.req, 'close');

    expect({ status: answer.status, sentWholeBody: upload.sentWholeBody() }).toEqual({ status: 404, sentWholeBody: false });
  });

  it('ends the answer anyway when the client stops sending for longer than the idle timeout', async () => {
    const { listener } = answeringAtOnce();
    const port = await listen(answerAfterBody(listener, { idleMs: 100, totalMs: 5_000 }));
    const upload = startUpload(port, 1000);

    const answer = await upload.response;
    upload.req.destroy();

    expect({ status: answer.status, sentWholeBody: upload.sentWholeBody() }).toEqual({ status: 404, sentWholeBody: false });
  });

  it('ends the answer at once for a request that is already complete', async () => {
    const port = await listen(answerAfterBody((req, res) => req.resume().on('end', () => res.writeHead(204).end())));
    const upload = startUpload(port, 16);

    upload.finish();

    expect(await upload.response).toEqual({ status: 204, body: '' });
  });
});
