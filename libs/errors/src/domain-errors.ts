/**
 * One thing wrong with one field of the input: where (a dotted path such as `files.src/App.tsx`) and what.
 *
 * @example
 * const problem: FieldError = { path: 'text', message: 'Too big: expected string to have <=10000 characters' };
 */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * One listed detail of an error: a field problem, or a flat JSON object of another shape that the
 * error documents, such as a compiler diagnostic.
 *
 * @example
 * const entry: ErrorEntry = { file: 'src/App.tsx', line: 3, column: 9, text: 'Expected ";" but found "x"' };
 */
export type ErrorEntry = FieldError | Readonly<Record<string, string | number | boolean | null>>;

/**
 * What every domain error may carry besides its message: the `cause`, the `errors` it lists one by
 * one, and a `type`, a URI naming the problem more precisely than the class does
 * (`urn:problem-type:build-failed`), which becomes the RFC 9457 `type` when it reaches a client.
 *
 * @example
 * const options: DomainErrorOptions = { cause: error, type: 'urn:problem-type:malformed-json' };
 */
export interface DomainErrorOptions extends ErrorOptions {
  errors?: ErrorEntry[];
  type?: string;
}

/**
 * An outcome the domain names and the caller may be told about: its message is written for the
 * caller, so it must be safe to show. Whoever serves the domain maps each class to its answer
 * (@sm/http turns them into problem+json); the domain knows no protocol.
 *
 * @example
 * if (error instanceof DomainError) console.warn(error.name, error.message);
 */
export abstract class DomainError extends Error {
  readonly errors: ErrorEntry[] | undefined;
  readonly type: string | undefined;

  protected constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.errors = options.errors;
    this.type = options.type;
  }
}

/**
 * The input cannot be read as what it claims to be: not JSON, a header that cannot be what was
 * signed, a path outside the allowed tree.
 *
 * @example
 * throw new MalformedInputError('webhook-id must be well-formed Unicode (no lone surrogates)');
 */
export class MalformedInputError extends DomainError {
  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options);
    this.name = 'MalformedInputError';
  }
}

/**
 * The input was read but breaks a rule of the domain; `errors` names each field and what is wrong.
 *
 * @example
 * throw new InvalidInputError('template "x" is not one the service ships', { errors: [{ path: 'template', message: 'is unknown' }] });
 */
export class InvalidInputError extends DomainError {
  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options);
    this.name = 'InvalidInputError';
  }
}

/**
 * The caller could not be told apart from anyone else: no credentials, or ones that do not verify
 * (a missing token, a webhook signature that does not match).
 *
 * @example
 * throw new NotAuthenticatedError('unsigned callbacks are not accepted');
 */
export class NotAuthenticatedError extends DomainError {
  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options);
    this.name = 'NotAuthenticatedError';
  }
}

/**
 * The caller is known and may not do this.
 *
 * @example
 * throw new NotPermittedError('this route needs the scope apps:write');
 */
export class NotPermittedError extends DomainError {
  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options);
    this.name = 'NotPermittedError';
  }
}

/**
 * Nothing with that name or id exists (or the caller may not know it does).
 *
 * @example
 * throw new ResourceNotFoundError(`no callback with id "${id}"`);
 */
export class ResourceNotFoundError extends DomainError {
  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options);
    this.name = 'ResourceNotFoundError';
  }
}

/**
 * The request contradicts the current state: the name is taken, or the resource changed meanwhile.
 *
 * @example
 * throw new ResourceConflictError(`an app named "${name}" already exists`);
 */
export class ResourceConflictError extends DomainError {
  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options);
    this.name = 'ResourceConflictError';
  }
}

/**
 * The input is larger than the domain takes; the message names the limit.
 *
 * @example
 * throw new InputTooLargeError(`the event is ${bytes} bytes as JSON; the limit is 262144 bytes`);
 */
export class InputTooLargeError extends DomainError {
  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options);
    this.name = 'InputTooLargeError';
  }
}

/**
 * The input is of a kind the domain does not read; `accepted` lists the media types it does.
 *
 * @example
 * throw new UnsupportedContentError('only JSON is accepted', { accepted: ['application/json'] });
 */
export class UnsupportedContentError extends DomainError {
  readonly accepted: readonly string[];

  constructor(message: string, options: DomainErrorOptions & { accepted?: readonly string[] } = {}) {
    super(message, options);
    this.name = 'UnsupportedContentError';
    this.accepted = options.accepted ?? [];
  }
}

/**
 * The domain cannot take the request now, through no fault of the caller's (a full queue), and the
 * same request may succeed after `retryAfterSeconds`. The message is shown, so it names no internals.
 *
 * @example
 * throw new UnavailableError('too many builds are waiting', { retryAfterSeconds: 5 });
 */
export class UnavailableError extends DomainError {
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: DomainErrorOptions & { retryAfterSeconds?: number } = {}) {
    super(message, options);
    this.name = 'UnavailableError';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
