import { catchClientError } from './catch-client-error';
import { expectOk } from './expect-ok';
import type { HttpResponse } from './http-client';

function responseWith(status: number): HttpResponse {
  return {
    service: 'callback-service',
    method: 'POST',
    url: 'http://127.0.0.1:3001/api/callback',
    status,
    headers: new Headers({ 'content-type': 'application/problem+json' }),
    body: { title: 'Not Found', status },
    bodyTruncated: false,
    attempts: 2,
    durationMs: 12,
  };
}

describe('expectOk', () => {
  it.each([200, 201, 204, 299])('returns a %i response as it is', (status) => {
    const response = responseWith(status);

    expect(expectOk(response)).toBe(response);
  });

  it.each([302, 404, 500])('throws an HttpClientError carrying the status of a %i response', async (status) => {
    const error = await catchClientError(Promise.resolve(responseWith(status)).then(expectOk));

    expect(error.message).toBe(
      `callback-service POST http://127.0.0.1:3001/api/callback failed on attempt 2: answered ${status}`,
    );
    expect(error).toMatchObject({ name: 'HttpClientError', status, attempt: 2, service: 'callback-service' });
  });
});
