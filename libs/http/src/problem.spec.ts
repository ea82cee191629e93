import { ServiceUnavailableError } from './errors';
import { toProblemResult } from './problem';

/** What the storage lib's StorageUnavailableError looks like from here: the http lib does not import storage. */
class EngineUnavailableError extends Error {
  readonly status = 503;
  readonly expose = false;
  readonly retryAfterSeconds = 1;
  constructor() {
    super('connect ECONNREFUSED 127.0.0.1:40123');
    this.name = 'EngineUnavailableError';
  }
}

describe('toProblemResult', () => {
  it('answers an unavailable dependency 503 problem+json with Retry-After, hiding its message', () => {
    // act
    const result = toProblemResult(new EngineUnavailableError());

    // assess
    expect(result.statusCode).toBe(503);
    expect(result.headers).toEqual({ 'content-type': 'application/problem+json', 'retry-after': '1' });
    expect(JSON.parse(result.body)).toEqual({
      type: 'urn:problem-type:service-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The service is temporarily unavailable; retry the request later.',
    });
    expect(result.body).not.toContain('ECONNREFUSED');
  });

  it('answers a ServiceUnavailableError with its detail and Retry-After', () => {
    // act
    const result = toProblemResult(new ServiceUnavailableError('the builder is busy', { retryAfterSeconds: 5 }));

    // assess
    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('5');
    expect(JSON.parse(result.body)).toMatchObject({ status: 503, detail: 'the builder is busy' });
  });

  it('shows the message of an unavailable error that exposes it, with Retry-After', () => {
    // prepare
    const error = Object.assign(new Error('the service is busy building other apps (2 waiting); try again in 4 s'), {
      status: 503,
      expose: true,
      retryAfterSeconds: 4,
    });

    // act
    const result = toProblemResult(error);

    // assess
    expect(result.statusCode).toBe(503);
    expect(result.headers).toEqual({ 'content-type': 'application/problem+json', 'retry-after': '4' });
    expect(JSON.parse(result.body)).toEqual({
      type: 'urn:problem-type:service-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'the service is busy building other apps (2 waiting); try again in 4 s',
    });
  });

  it('still hides an error that claims 503 without saying when to retry behind a generic 500', () => {
    // prepare
    const error = Object.assign(new Error('internal address 10.0.0.7'), { status: 503 });

    // act
    const result = toProblemResult(error);

    // assess
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('10.0.0.7');
  });

  it('titles an exposed client error whose status it does not name with the status phrase and about:blank', () => {
    // prepare
    const error = Object.assign(new Error('slow down'), { status: 429, expose: true });

    // act
    const result = toProblemResult(error);

    // assess
    expect(result.statusCode).toBe(429);
    expect(JSON.parse(result.body)).toEqual({ type: 'about:blank', title: 'Too Many Requests', status: 429, detail: 'slow down' });
  });

  it('titles an exposed client error with a status no phrase names as a Client Error', () => {
    // prepare
    const error = Object.assign(new Error('odd'), { status: 499, expose: true });

    // act
    const result = toProblemResult(error);

    // assess
    expect(JSON.parse(result.body)).toEqual({ type: 'about:blank', title: 'Client Error', status: 499, detail: 'odd' });
  });
});
