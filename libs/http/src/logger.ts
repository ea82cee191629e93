import { Logger } from '@aws-lambda-powertools/logger';
import { PrettyLogger } from './pretty-log';

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT';

/** `json` for CloudWatch (Lambda's default), `pretty` for a person reading a terminal (the local stack's). */
export type LogFormat = 'json' | 'pretty';

/**
 * The logger every service uses (Powertools), built once per cold start: structured JSON lines,
 * or with `format: 'pretty'` one readable line each (see `formatLogLine`).
 *
 * @example
 * const logger = createLogger({ service: 'callback-service', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
 */
export function createLogger(options: { service: string; level: LogLevel; format?: LogFormat }): Logger {
  const settings = { serviceName: options.service, logLevel: options.level };
  return options.format === 'pretty' ? new PrettyLogger(settings) : new Logger(settings);
}
export type { Logger };
