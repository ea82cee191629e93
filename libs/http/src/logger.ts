import { Logger } from '@aws-lambda-powertools/logger';

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT';

/**
 * The structured JSON logger every service uses (Powertools), built once per cold start.
 *
 * @example
 * const logger = createLogger({ service: 'callback-service', level: config.LOG_LEVEL });
 */
export function createLogger(options: { service: string; level: LogLevel }): Logger {
  return new Logger({ serviceName: options.service, logLevel: options.level });
}
export type { Logger };
