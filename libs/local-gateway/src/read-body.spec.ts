import { PassThrough, Readable } from 'node:stream';
import { ClientClosedError, readBody } from './read-body';

function requestOf(chunks: string[], headers: Record<string, string> = {}) {
  return Object.assign(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), { headers });
}

describe('readBody', () => {
  it('returns the bytes as sent, chunks joined', async () => {
    // prepare
    const request = requestOf(['ab', 'cd']);

    // act
    const body = await readBody(request, 10);

    // assess
    expect(body).toEqual({ outcome: 'body', body: Buffer.from('abcd') });
  });

  it('accepts a body of exactly the limit', async () => {
    // prepare
    const request = requestOf(['abcde']);

    // act
    const body = await readBody(request, 5);

    // assess
    expect(body).toEqual({ outcome: 'body', body: Buffer.from('abcde') });
  });

  it('gives up once a body without content-length grows past the limit', async () => {
    // prepare
    const request = requestOf(['abc', 'def']);

    // act
    const body = await readBody(request, 5);

    // assess
    expect(body).toEqual({ outcome: 'too-large' });
  });

  it('gives up before reading when content-length announces more than the limit', async () => {
    // prepare
    const request = requestOf([], { 'content-length': '6' });

    // act
    const body = await readBody(request, 5);

    // assess
    expect(body).toEqual({ outcome: 'too-large' });
  });

  it('gives up when the client pauses longer than the idle timeout between two chunks', async () => {
    // prepare
    const request = Object.assign(new PassThrough(), { headers: {} });
    request.write('first chunk, then nothing');

    // act
    const reading = await readBody(request, 100, { idleMs: 20, totalMs: 60_000 });

    // assess
    expect(reading).toEqual({ outcome: 'timeout', afterMs: expect.any(Number) });
  });

  it('gives up when the whole body takes longer than the total timeout', async () => {
    // prepare
    const request = Object.assign(new PassThrough(), { headers: {} });

    // act
    const reading = await readBody(request, 100, { idleMs: 60_000, totalMs: 20 });

    // assess
    expect(reading).toEqual({ outcome: 'timeout', afterMs: expect.any(Number) });
  });

  it('rejects with ClientClosedError when the connection closes before the body ends', async () => {
    // prepare
    const request = Object.assign(new PassThrough(), { headers: {} });
    const reading = readBody(request, 100, { idleMs: 60_000, totalMs: 60_000 });

    // act
    request.write('half a bo');
    request.destroy();

    // assess
    await expect(reading).rejects.toThrow(ClientClosedError);
  });

  it('waits for a slow sender as long as it takes when given no timeouts', async () => {
    // prepare
    jest.useFakeTimers();
    const request = Object.assign(new PassThrough(), { headers: {} });
    const reading = readBody(request, 100);
    request.write('first, ');

    // act
    jest.advanceTimersByTime(10 * 60_000);
    request.end('then the rest');
    jest.useRealTimers();

    // assess
    expect(await reading).toEqual({ outcome: 'body', body: Buffer.from('first, then the rest') });
  });
});
