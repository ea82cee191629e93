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
} from './domain-errors';

describe('domain errors', () => {
  it.each([
    ['MalformedInputError', new MalformedInputError('m')],
    ['InvalidInputError', new InvalidInputError('m')],
    ['NotAuthenticatedError', new NotAuthenticatedError('m')],
    ['NotPermittedError', new NotPermittedError('m')],
    ['ResourceNotFoundError', new ResourceNotFoundError('m')],
    ['ResourceConflictError', new ResourceConflictError('m')],
    ['InputTooLargeError', new InputTooLargeError('m')],
    ['UnsupportedContentError', new UnsupportedContentError('m')],
    ['UnavailableError', new UnavailableError('m')],
  ])('names a %s after its class, so a log line says which it was', (name, error) => {
    // assess
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe(name);
    expect(String(error)).toBe(`${name}: m`);
  });

  it('keeps the cause, the listed errors and the precise type', () => {
    // prepare
    const cause = new SyntaxError('Unexpected end of JSON input');

    // act
    const error = new InvalidInputError('body is invalid', { cause, errors: [{ path: 'text', message: 'empty' }], type: 'urn:problem-type:build-failed' });

    // assess
    expect(error.cause).toBe(cause);
    expect(error.errors).toEqual([{ path: 'text', message: 'empty' }]);
    expect(error.type).toBe('urn:problem-type:build-failed');
  });

  it('leaves out the cause, errors and type it was not given', () => {
    // act
    const error = new ResourceNotFoundError('no such app');

    // assess
    expect({ hasCause: 'cause' in error, errors: error.errors, type: error.type }).toEqual({ hasCause: false, errors: undefined, type: undefined });
  });

  it('says when to retry an unavailable domain and which content an unsupported one accepts', () => {
    // act
    const unavailable = new UnavailableError('queue full', { retryAfterSeconds: 5 });
    const unsupported = new UnsupportedContentError('only JSON', { accepted: ['application/json'] });

    // assess
    expect(unavailable.retryAfterSeconds).toBe(5);
    expect(unsupported.accepted).toEqual(['application/json']);
  });
});
