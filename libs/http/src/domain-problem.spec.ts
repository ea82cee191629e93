import {
  DomainError,
  InputTooLargeError,
  InvalidInputError,
  MalformedInputError,
  NotAuthenticatedError,
  NotPermittedError,
  ResourceConflictError,
  ResourceNotFoundError,
  UnavailableError,
  UnsupportedContentError,
} from '@sm/errors';
import { buildHttpApiEvent, buildLambdaContext } from '@sm/testing';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnprocessableContentError,
  UnsupportedMediaTypeError,
  type HttpError,
} from './errors';
import { createHttpApi } from './http-api';
import { createLogger } from './logger';
import { toProblemResult } from './problem';

/** An app's own error of a domain meaning, as callback-service's SignatureRejectedError is. */
class SignatureRejectedError extends NotAuthenticatedError {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureRejectedError';
  }
}

/** A class extending the base directly, which the mapper does not list. */
class UnlistedError extends DomainError {
  constructor() {
    super('something about the input');
    this.name = 'UnlistedError';
  }
}

const diagnostics = [{ file: 'src/App.tsx', line: 3, column: 9, text: 'Expected ";" but found "x"' }];

describe('toProblemResult of a domain error', () => {
  // The HTTP contract predates the domain errors: each answers exactly as the HttpError of its meaning.
  it.each<[string, DomainError, HttpError]>([
    ['MalformedInputError', new MalformedInputError('not JSON'), new BadRequestError('not JSON')],
    ['MalformedInputError with a type', new MalformedInputError('bad path', { type: 'urn:problem-type:invalid-file-path' }), new BadRequestError('bad path', { type: 'urn:problem-type:invalid-file-path' })],
    ['NotAuthenticatedError', new NotAuthenticatedError('unsigned callbacks are not accepted'), new UnauthorizedError('unsigned callbacks are not accepted')],
    ['NotPermittedError', new NotPermittedError('needs apps:write'), new ForbiddenError('needs apps:write')],
    ['ResourceNotFoundError', new ResourceNotFoundError('no callback with id "cb_1"'), new NotFoundError('no callback with id "cb_1"')],
    ['ResourceConflictError', new ResourceConflictError('an app named "a" already exists'), new ConflictError('an app named "a" already exists')],
    ['InputTooLargeError', new InputTooLargeError('the event is 300000 bytes'), new PayloadTooLargeError('the event is 300000 bytes')],
    ['UnsupportedContentError', new UnsupportedContentError('JSON only', { accepted: ['application/json'] }), new UnsupportedMediaTypeError('JSON only')],
    ['InvalidInputError', new InvalidInputError('text: empty', { errors: [{ path: 'text', message: 'empty' }] }), new UnprocessableContentError('text: empty', { errors: [{ path: 'text', message: 'empty' }] })],
    ['InvalidInputError with diagnostics', new InvalidInputError('does not build', { errors: diagnostics, type: 'urn:problem-type:build-failed' }), new UnprocessableContentError('does not build', { errors: diagnostics, type: 'urn:problem-type:build-failed' })],
    ['UnavailableError', new UnavailableError('too many builds', { retryAfterSeconds: 5 }), new ServiceUnavailableError('too many builds', { retryAfterSeconds: 5 })],
  ])('answers a %s with the same problem+json as its HttpError', (_name, domainError, httpError) => {
    // act
    const result = toProblemResult(domainError);

    // assess
    expect(result).toEqual(toProblemResult(httpError));
    expect(result.body).toBe(toProblemResult(httpError).body);
  });

  it('answers the 401 of an app error that extends NotAuthenticatedError', () => {
    // act
    const result = toProblemResult(new SignatureRejectedError('webhook signature rejected'));

    // assess
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body)).toEqual({ type: 'urn:problem-type:unauthorized', title: 'Unauthorized', status: 401, detail: 'webhook signature rejected' });
  });

  it('answers 400 to a domain error of a class it does not list, showing its message', () => {
    // act
    const result = toProblemResult(new UnlistedError());

    // assess
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toMatchObject({ title: 'Bad Request', detail: 'something about the input' });
  });

  it('sends no Retry-After or Accept-Post that the error does not name', () => {
    // act
    const results = [toProblemResult(new UnavailableError('paused')), toProblemResult(new UnsupportedContentError('not this'))];

    // assess
    expect(results.map((result) => [result.statusCode, result.headers])).toEqual([
      [503, { 'content-type': 'application/problem+json' }],
      [415, { 'content-type': 'application/problem+json' }],
    ]);
  });
});

describe('createHttpApi and a domain error', () => {
  it('answers a route’s domain error as its problem and logs it as an answer, not a failure', async () => {
    // prepare
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => lines.push(String(chunk)) > 0);
    const handler = createHttpApi({
      logger: createLogger({ service: 'test-service', level: 'INFO' }),
      routes: [{ method: 'GET', path: '/items/{id}', authorization: 'none', handler: async ({ params }) => { throw new ResourceNotFoundError(`no item "${params.id}"`); } }],
    });

    // act
    const result = await handler(buildHttpApiEvent({ path: '/items/7' }), buildLambdaContext({ functionName: 'test-service' }));
    spy.mockRestore();

    // assess
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body ?? '')).toEqual({ type: 'urn:problem-type:not-found', title: 'Not Found', status: 404, detail: 'no item "7"' });
    expect(lines.map((line) => (JSON.parse(line) as { level: string; message: string }))).toEqual([expect.objectContaining({ level: 'INFO', message: 'request' })]);
  });
});
