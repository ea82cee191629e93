import type { Logger } from '@aws-lambda-powertools/logger';

/** Extra fields of one log line, or an error (logged under `error`, with name, message and stack). */
type LogExtra = Record<string, unknown> | Error;

/**
 * What a route handler logs through: the service's logger, with the request's ids on every line.
 *
 * @example
 * request.logger.warn('subscriber slow', { url, durationMs });
 */
export interface RequestLogger {
  debug(message: string, extra?: LogExtra): void;
  info(message: string, extra?: LogExtra): void;
  warn(message: string, extra?: LogExtra): void;
  error(message: string, extra?: LogExtra): void;
}

/**
 * Puts `ids` on every line through the one service logger. Unlike a Powertools child logger per
 * request (a new logger and console each time), this costs an object, and concurrent requests in
 * one local process never see each other's ids.
 *
 * @example
 * const log = createRequestLogger(logger, { correlation_id: 'c-1', lambda_request_id: context.awsRequestId });
 */
export function createRequestLogger(logger: Logger, ids: Record<string, string>): RequestLogger {
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, extra?: LogExtra): void =>
      logger[level](message, extra instanceof Error ? { ...ids, error: extra } : { ...ids, ...extra });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
