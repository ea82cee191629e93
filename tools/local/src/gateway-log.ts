import { formatLogLine, type LogFormat } from '@sm/http';
import type { GatewayLogger } from '@sm/local-gateway';

/**
 * Where the stack prints the gateway's lines. Read by a person (`pretty`): a request a function
 * answered is left to the function's own line, so each request prints once; one the gateway answered
 * itself (no route, 401, 403) prints in the same shape. `json`: the gateway's lines as they were
 * before readable logs, beside the functions' JSON.
 *
 * @example
 * startStack({ ...options, logger: gatewayLog('pretty') });
 */
export function gatewayLog(format: LogFormat): GatewayLogger {
  if (format === 'json') {
    return {
      info: (message) => console.log(`[gateway] ${message}`),
      error: (message, fields) => console.error(`[gateway] ${message}`, fields),
    };
  }
  const line = (level: string, message: string, fields: Record<string, unknown>) => formatLogLine({ timestamp: new Date().toISOString(), service: 'gateway', level, message, ...fields });
  return {
    info: (message, fields) => {
      if (fields.status === undefined) return console.log(line('INFO', message, fields));
      const { method, path, status, durationMs } = fields;
      if (fields.function === undefined) console.log(line('INFO', 'request', { method, path, status, durationMs }));
    },
    error: (message, fields) => console.error(line('ERROR', message, fields)),
  };
}
