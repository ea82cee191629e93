import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { createHttpClient } from './http-client';
import { answer, useTestServers } from './test-server';

const service = 'subscriber 127.0.0.1';
const KiB = 1024;

/** Writes `chunk` for as long as the client reads, honouring backpressure; resolves when the client goes away. */
function streamForever(response: ServerResponse, chunk: string): Promise<void> {
  const closed = once(response, 'close').then(() => undefined);
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  const pump = () => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', pump);
  };
  pump();
  return closed;
}

describe('createHttpClient: redirects and response size', () => {
  const startServer = useTestServers();

  it('answers a 302 as the response, without requesting its Location, when redirects are manual', async () => {
    const server = await startServer((_hit, request, response) =>
      request.url === '/moved' ? answer(response, 200, 'the redirect target') : answer(response, 302, '', { location: '/moved' }),
    );
    const client = createHttpClient({ service });

    const response = await client.request({ method: 'POST', url: `${server.url}/hook`, body: '{}', redirect: 'manual' });

    expect({ status: response.status, location: response.headers.get('location') }).toEqual({ status: 302, location: '/moved' });
    expect(server.requests.map((request) => request.url)).toEqual(['/hook']);
  });

  it('follows a redirect by default', async () => {
    const server = await startServer((_hit, request, response) =>
      request.url === '/moved' ? answer(response, 200, 'the redirect target') : answer(response, 302, '', { location: '/moved' }),
    );
    const client = createHttpClient({ service });

    const response = await client.request({ method: 'GET', url: `${server.url}/start` });

    expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: 'the redirect target' });
  });

  it('keeps the first maxBodyBytes of a 1 MB JSON body as text, marked truncated', async () => {
    const huge = JSON.stringify({ padding: 'x'.repeat(1024 * KiB) });
    const server = await startServer((_hit, _request, response) => answer(response, 200, huge, { 'content-type': 'application/json' }));
    const client = createHttpClient({ service });

    const response = await client.request({ method: 'GET', url: server.url, maxBodyBytes: 64 * KiB });

    expect({ body: response.body, bodyTruncated: response.bodyTruncated }).toEqual({ body: huge.slice(0, 64 * KiB), bodyTruncated: true });
  });

  it('stops reading an endless body at maxBodyBytes and aborts the response', async () => {
    let clientGone: Promise<void> | undefined;
    const server = await startServer((_hit, _request, response) => {
      clientGone = streamForever(response, 'y'.repeat(16 * KiB));
    });
    const client = createHttpClient({ service, timeoutMs: 30_000 });

    const response = await client.request({ method: 'GET', url: server.url, maxBodyBytes: 64 * KiB });
    await clientGone;

    expect({ length: String(response.body).length, bodyTruncated: response.bodyTruncated }).toEqual({ length: 64 * KiB, bodyTruncated: true });
  });

  it('parses a JSON body of exactly maxBodyBytes and does not mark it truncated', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 200, '{"a":1}', { 'content-type': 'application/json' }));
    const client = createHttpClient({ service });

    const response = await client.request({ method: 'GET', url: server.url, maxBodyBytes: 7 });

    expect({ body: response.body, bodyTruncated: response.bodyTruncated }).toEqual({ body: { a: 1 }, bodyTruncated: false });
  });

  it('drops a character the cap cuts in half rather than decoding it as U+FFFD', async () => {
    const server = await startServer((_hit, _request, response) => answer(response, 200, 'ab架构'));
    const client = createHttpClient({ service });

    // 'a', 'b' and the first byte of '架' (three bytes in UTF-8).
    const response = await client.request({ method: 'GET', url: server.url, maxBodyBytes: 3 });

    expect({ body: response.body, bodyTruncated: response.bodyTruncated }).toEqual({ body: 'ab', bodyTruncated: true });
  });
});
