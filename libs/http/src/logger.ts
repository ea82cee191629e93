import { Logger } from '@aws-lambda-powertools/logger';
import { streamOutput, type LogOutput } from './log-output';
import { LineLogger } from './line-logger';
import { PrettyLogger } from './pretty-log';

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT';

/** `json` for CloudWatch (Lambda's default), `pretty` for a person reading a terminal (the local stack's). */
export type LogFormat = 'json' | 'pretty';

/**
 * The logger every service uses (Powertools), built once per cold start: structured JSON lines,
 * or with `format: 'pretty'` one readable line each (see `formatLogLine`), written to `output`
 * (by default the process's stdout and stderr streams).
 *
 * @example
 * const logger = createLogger({ service: 'callback-service', level: config.LOG_LEVEL, format: config.LOG_FORMAT, output: descriptorOutput() });
 */
export function createLogger(options: { service: string; level: LogLevel; format?: LogFormat; output?: LogOutput }): Logger {
  const settings = { serviceName: options.service, logLevel: options.level };
  const output = options.output ?? streamOutput();
  return options.format === 'pretty' ? new PrettyLogger(settings, output) : new LineLogger(settings, output);
}
export type { Logger };
