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
import { HttpError, ServiceUnavailableError, type ProblemErrorEntry } from './errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A structured payload 2.0 response with every field present. */
export interface StructuredResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

/** An RFC 9457 problem body. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemErrorEntry[];
}

/**
 * Errors from other libraries that declare themselves safe to show, the middy / http-errors way:
 * a 4xx `status` and `expose: true` (the storage lib's InvalidCursorError does).
 */
interface ExposedClientError extends Error {
  status: number;
  expose: true;
}

/** The RFC 9457 title and type of each client status an exposed error may carry, as the HttpError classes name them. */
const CLIENT_PROBLEMS: Readonly<Record<number, { title: string; type: string }>> = {
  400: { title: 'Bad Request', type: 'urn:problem-type:bad-request' },
  401: { title: 'Unauthorized', type: 'urn:problem-type:unauthorized' },
  404: { title: 'Not Found', type: 'urn:problem-type:not-found' },
  405: { title: 'Method Not Allowed', type: 'urn:problem-type:method-not-allowed' },
  409: { title: 'Conflict', type: 'urn:problem-type:conflict' },
  413: { title: 'Content Too Large', type: 'urn:problem-type:content-too-large' },
  415: { title: 'Unsupported Media Type', type: 'urn:problem-type:unsupported-media-type' },
  422: { title: 'Unprocessable Content', type: 'urn:problem-type:validation-error' },
};

/**
 * The reason phrase of every client status Node knows (node:http's STATUS_CODES), for RFC 9457's
 * `about:blank` titles. Written out because importing node:http for them would load its sockets and
 * streams into every cold start, for a title only a rare error needs.
 */
const CLIENT_STATUS_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a Teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  423: 'Locked',
  424: 'Failed Dependency',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
};

function isExposedClientError(error: unknown): error is ExposedClientError {
  if (!(error instanceof Error)) return false;
  const { status, expose } = error as Error & { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * The answer a client expects to each domain error: the same status, title and type as the
 * HttpError class of that meaning, so both make the same problem body. Subclasses (an app's
 * SignatureRejectedError of NotAuthenticatedError) answer as their parent; a class extending
 * DomainError directly, outside this list, answers 400.
 */
const DOMAIN_PROBLEMS: ReadonlyArray<readonly [abstract new (...args: never[]) => DomainError, Pick<ProblemBody, 'status' | 'title' | 'type'>]> = [
  [MalformedInputError, { status: 400, title: 'Bad Request', type: 'urn:problem-type:bad-request' }],
  [NotAuthenticatedError, { status: 401, title: 'Unauthorized', type: 'urn:problem-type:unauthorized' }],
  [NotPermittedError, { status: 403, title: 'Forbidden', type: 'urn:problem-type:forbidden' }],
  [ResourceNotFoundError, { status: 404, title: 'Not Found', type: 'urn:problem-type:not-found' }],
  [ResourceConflictError, { status: 409, title: 'Conflict', type: 'urn:problem-type:conflict' }],
  [InputTooLargeError, { status: 413, title: 'Content Too Large', type: 'urn:problem-type:content-too-large' }],
  [UnsupportedContentError, { status: 415, title: 'Unsupported Media Type', type: 'urn:problem-type:unsupported-media-type' }],
  [InvalidInputError, { status: 422, title: 'Unprocessable Content', type: 'urn:problem-type:validation-error' }],
  [UnavailableError, { status: 503, title: 'Service Unavailable', type: 'urn:problem-type:service-unavailable' }],
];

/** A domain error's problem (its own `type` when it names one) and the headers its fields ask for. */
function domainProblem(error: DomainError): { problem: ProblemBody; headers: Record<string, string> } {
  const known = DOMAIN_PROBLEMS.find(([errorClass]) => error instanceof errorClass)?.[1] ?? { status: 400, title: 'Bad Request', type: 'urn:problem-type:bad-request' };
  const problem: ProblemBody = { type: error.type ?? known.type, title: known.title, status: known.status, detail: error.message };
  if (error.errors) problem.errors = error.errors;
  const headers: Record<string, string> = {};
  if (error instanceof UnsupportedContentError && error.accepted.length > 0) headers['accept-post'] = error.accepted.join(', ');
  if (error instanceof UnavailableError && error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  return { problem, headers };
}

/**
 * Errors from other libraries that say a dependency is unavailable and a retry may help: a 503
 * `status` and `retryAfterSeconds` (the storage lib's StorageUnavailableError). Their message is
 * not shown, since it may name internal addresses, unless the error also says `expose: true`
 * (middy's convention for a 5xx written to be read, such as a full build queue).
 */
interface UnavailableDependencyError extends Error {
  status: 503;
  retryAfterSeconds: number;
  expose?: unknown;
}

function isUnavailableDependencyError(error: unknown): error is UnavailableDependencyError {
  if (!(error instanceof Error)) return false;
  const { status, retryAfterSeconds } = error as Error & { status?: unknown; retryAfterSeconds?: unknown };
  return status === 503 && typeof retryAfterSeconds === 'number' && Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0;
}

/** An unavailable dependency whose message is written for the client: shown, and expected rather than a fault. */
function isExposedUnavailableError(error: unknown): error is UnavailableDependencyError {
  return isUnavailableDependencyError(error) && error.expose === true;
}

/**
 * Whether the error is an answer meant for the client (shown, not logged as a failure) or ours
 * (logged, and hidden behind a 500 or a generic 503).
 */
export function isClientError(error: unknown): boolean {
  return error instanceof HttpError || error instanceof DomainError || isExposedClientError(error) || isExposedUnavailableError(error);
}

/**
 * Maps any thrown value to a problem+json response. Client errors (HttpError, the domain errors of
 * @sm/errors, exposed 4xx errors of other libraries) show their message; an unavailable
 * dependency becomes a 503 with `Retry-After`, its message shown only when it is exposed; anything
 * else becomes a generic 500. Hidden details never reach the client (the caller logs them).
 */
export function toProblemResult(thrown: unknown): StructuredResult {
  const error = isUnavailableDependencyError(thrown)
    ? new ServiceUnavailableError(isExposedUnavailableError(thrown) ? thrown.message : 'The service is temporarily unavailable; retry the request later.', {
        retryAfterSeconds: thrown.retryAfterSeconds,
        cause: thrown,
      })
    : thrown;
  let problem: ProblemBody;
  let headers: Record<string, string> = {};
  if (error instanceof HttpError) {
    problem = { type: error.type, title: error.title, status: error.status, detail: error.message };
    if (error.errors) problem.errors = error.errors;
    headers = error.headers;
  } else if (error instanceof DomainError) {
    ({ problem, headers } = domainProblem(error));
  } else if (isExposedClientError(error)) {
    // Keeps the error's own status; for one we do not name, RFC 9457's `about:blank` with the status phrase.
    const known = CLIENT_PROBLEMS[error.status] ?? { title: CLIENT_STATUS_PHRASES[error.status] ?? 'Client Error', type: 'about:blank' };
    problem = { ...known, status: error.status, detail: error.message };
  } else {
    problem = {
      type: 'urn:problem-type:internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The server could not complete the request; it has been logged.',
    };
  }
  return {
    statusCode: problem.status,
    headers: { ...headers, 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify(problem),
  };
}
