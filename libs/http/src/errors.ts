import type { ErrorEntry, FieldError } from '@sm/errors';

export type { FieldError };

/**
 * One entry of a problem body's `errors`: a field problem, or a flat JSON object of another shape
 * that a route documents, such as a compiler diagnostic (the domain errors' `ErrorEntry`).
 *
 * @example
 * const entry: ProblemErrorEntry = { file: 'src/App.tsx', line: 3, column: 9, text: 'Expected ";" but found "x"' };
 */
export type ProblemErrorEntry = ErrorEntry;

interface HttpErrorInit extends ErrorOptions {
  errors?: ProblemErrorEntry[];
  headers?: Record<string, string>;
}

/**
 * An error a client caused, with the HTTP status it answers as. The error mapper turns it into
 * RFC 9457 problem+json; its message is the problem's `detail`, so it must be safe to show.
 *
 * @example
 * throw new ConflictError(`an app named "${name}" already exists`);
 */
export abstract class HttpError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /** A URI reference naming the kind of problem (RFC 9457 `type`). */
  abstract readonly type: string;
  readonly errors: ProblemErrorEntry[] | undefined;
  readonly headers: Record<string, string>;

  protected constructor(detail: string, init: HttpErrorInit = {}) {
    super(detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.errors = init.errors;
    this.headers = init.headers ?? {};
  }
}

export class BadRequestError extends HttpError {
  readonly status = 400;
  readonly title = 'Bad Request';
  readonly type: string;
  constructor(detail: string, init: HttpErrorInit & { type?: string } = {}) {
    super(detail, init);
    this.name = 'BadRequestError';
    this.type = init.type ?? 'urn:problem-type:bad-request';
  }
}

export class UnauthorizedError extends HttpError {
  readonly status = 401;
  readonly title = 'Unauthorized';
  readonly type = 'urn:problem-type:unauthorized';
  constructor(detail: string, init: HttpErrorInit = {}) {
    super(detail, init);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends HttpError {
  readonly status = 403;
  readonly title = 'Forbidden';
  readonly type = 'urn:problem-type:forbidden';
  constructor(detail: string, init: HttpErrorInit = {}) {
    super(detail, init);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends HttpError {
  readonly status = 404;
  readonly title = 'Not Found';
  readonly type = 'urn:problem-type:not-found';
  constructor(detail: string, init: HttpErrorInit = {}) {
    super(detail, init);
    this.name = 'NotFoundError';
  }
}

export class MethodNotAllowedError extends HttpError {
  readonly status = 405;
  readonly title = 'Method Not Allowed';
  readonly type = 'urn:problem-type:method-not-allowed';
  constructor(method: string, path: string, allowed: string[]) {
    super(`${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`, {
      headers: { allow: allowed.join(', ') },
    });
    this.name = 'MethodNotAllowedError';
  }
}

export class ConflictError extends HttpError {
  readonly status = 409;
  readonly title = 'Conflict';
  readonly type = 'urn:problem-type:conflict';
  constructor(detail: string, init: HttpErrorInit = {}) {
    super(detail, init);
    this.name = 'ConflictError';
  }
}

export class PayloadTooLargeError extends HttpError {
  readonly status = 413;
  readonly title = 'Content Too Large';
  readonly type = 'urn:problem-type:content-too-large';
  constructor(detail: string, init: HttpErrorInit = {}) {
    super(detail, init);
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  readonly status = 415;
  readonly title = 'Unsupported Media Type';
  readonly type = 'urn:problem-type:unsupported-media-type';
  constructor(detail: string, init: HttpErrorInit = {}) {
    super(detail, { ...init, headers: { 'accept-post': 'application/json', ...init.headers } });
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class UnprocessableContentError extends HttpError {
  readonly status = 422;
  readonly title = 'Unprocessable Content';
  readonly type: string;
  constructor(detail: string, init: HttpErrorInit & { type?: string } = {}) {
    super(detail, init);
    this.name = 'UnprocessableContentError';
    this.type = init.type ?? 'urn:problem-type:validation-error';
  }
}

/**
 * The service cannot take the request now, through no fault of the client's (a full build queue,
 * unavailable storage): 503, and the same request may succeed after `Retry-After` seconds
 * (RFC 9110 §15.6.4, §10.2.3).
 *
 * @example
 * throw new ServiceUnavailableError('too many builds are waiting', { retryAfterSeconds: 5 });
 */
export class ServiceUnavailableError extends HttpError {
  readonly status = 503;
  readonly title = 'Service Unavailable';
  readonly type = 'urn:problem-type:service-unavailable';
  constructor(detail: string, init: HttpErrorInit & { retryAfterSeconds?: number } = {}) {
    const retryAfter: Record<string, string> = init.retryAfterSeconds === undefined ? {} : { 'retry-after': String(init.retryAfterSeconds) };
    super(detail, { ...init, headers: { ...retryAfter, ...init.headers } });
    this.name = 'ServiceUnavailableError';
  }
}
