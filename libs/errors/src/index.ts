export {
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
export type { DomainErrorOptions, ErrorEntry, FieldError } from './domain-errors';
