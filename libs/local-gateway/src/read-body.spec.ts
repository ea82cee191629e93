import { Readable } from 'node:stream';
import { readBody } from './read-body';

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
    expect(body).toEqual(Buffer.from('abcd'));
  });

  it('accepts a body of exactly the limit', async () => {
    // prepare
    const request = requestOf(['abcde']);

    // act
    const body = await readBody(request, 5);

    // assess
    expect(body).toEqual(Buffer.from('abcde'));
  });

  it('gives up once a body without content-length grows past the limit', async () => {
    // prepare
    const request = requestOf(['abc', 'def']);

    // act
    const body = await readBody(request, 5);

    // assess
    expect(body).toBeUndefined();
  });

  it('gives up before reading when content-length announces more than the limit', async () => {
    // prepare
    const request = requestOf([], { 'content-length': '6' });

    // act
    const body = await readBody(request, 5);

    // assess
    expect(body).toBeUndefined();
  });
});
