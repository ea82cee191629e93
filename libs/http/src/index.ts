export {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  HttpError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnprocessableContentError,
  UnsupportedMediaTypeError,
} from './errors';
export type { FieldError, ProblemErrorEntry } from './errors';
export { PROBLEM_CONTENT_TYPE, toProblemResult } from './problem';
export type { ProblemBody, StructuredResult } from './problem';
export { createHttpApi } from './http-api';
export { healthRoutes } from './health-routes';
export { createService, createServiceLogger, UnknownScheduleError } from './service';
export type { ScheduleEvent, ScheduleHandler, ServiceHandler, ServiceOptions, ServiceSettings } from './service';
export type { RouteDeclaration, RouteDeclarations } from './route-contract';
export type { HttpApiHandler, HttpApiOptions, HttpMethod, RouteRequest, HttpResult, Identity, RouteAuthorization, RouteDefinition } from './http-api';
export { identityOf } from './identity';
export { loadOnce } from './load-once';
export { createRequestLogger } from './request-logger';
export type { RequestLogger } from './request-logger';
export { createLogger } from './logger';
export { descriptorOutput, streamOutput } from './log-output';
export type { LogOutput } from './log-output';
export type { LogFormat, LogLevel, Logger } from './logger';
export { formatLogLine } from './pretty-log';
