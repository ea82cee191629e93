import { HttpClientError } from './http-client-error';

describe('HttpClientError', () => {
  it('names the service, method, URL and attempt that failed, and keeps the cause', () => {
    const cause = new Error('socket hang up');

    const error = new HttpClientError({
      service: 'callback-service',
      method: 'POST',
      url: 'http://127.0.0.1:3001/api/callback',
      attempt: 3,
      maxAttempts: 3,
      reason: 'timed out after 2000 ms',
      cause,
    });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('HttpClientError');
    expect(error.message).toBe(
      'callback-service POST http://127.0.0.1:3001/api/callback failed on attempt 3/3: timed out after 2000 ms',
    );
    expect(error.cause).toBe(cause);
    expect(error.status).toBeUndefined();
  });

  it('says when no attempt started', () => {
    const error = new HttpClientError({
      service: 'callback-service',
      method: 'GET',
      url: 'http://127.0.0.1:3001/api/callbacks',
      attempt: 0,
      maxAttempts: 3,
      reason: 'the deadline had passed 5 ms earlier',
    });

    expect(error.message).toBe(
      'callback-service GET http://127.0.0.1:3001/api/callbacks failed before its first attempt: the deadline had passed 5 ms earlier',
    );
    expect('cause' in error).toBe(false);
  });
});
