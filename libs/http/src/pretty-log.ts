import type { LogItem } from '@aws-lambda-powertools/logger';
import { LineLogger } from './line-logger';

/** What Powertools puts on every line: known to a person reading locally, so not repeated. */
const ENVELOPE = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate', 'xray_trace_id', 'cold_start', 'function_arn', 'function_memory_size', 'function_name', 'function_request_id', 'lambda_request_id', 'correlation_id', 'error']);
/** The request line's own fields, which it shows in place rather than as `key=value`. */
const REQUEST_FIELDS = new Set(['method', 'path', 'route', 'status', 'durationMs']);

/**
 * One log line as a person reads it: the local time, the service, and for the request line
 * (`createHttpApi`'s `request`) the method, path, status, duration and correlation id, e.g.
 * `12:34:56.789 callback-service POST /api/callback 201 12ms cid=c-1`; any other line gives its
 * level, message and fields, and a logged error's stack on the lines below.
 *
 * @example
 * formatLogLine({ timestamp: '2025-01-02T12:34:56.789Z', service: 'callback-service', level: 'INFO', message: 'request', method: 'GET', path: '/health', status: 200, durationMs: 1.2, correlation_id: 'c-1' });
 */
export function formatLogLine(attributes: Record<string, unknown>): string {
  const time = clockTime(attributes.timestamp);
  const service = String(attributes.service ?? '');
  const cid = typeof attributes.correlation_id === 'string' ? ` cid=${attributes.correlation_id}` : '';
  if (attributes.message === 'request' && attributes.method !== undefined && attributes.status !== undefined) {
    const fields = extraFields(attributes, REQUEST_FIELDS);
    return `${time} ${service} ${String(attributes.method)} ${String(attributes.path)} ${String(attributes.status)} ${Math.round(Number(attributes.durationMs))}ms${cid}${fields}`;
  }
  const line = `${time} ${service} ${String(attributes.level)} ${String(attributes.message)}${extraFields(attributes, new Set())}${cid}`;
  return line + errorLines(attributes.error);
}

function clockTime(timestamp: unknown): string {
  const date = new Date(typeof timestamp === 'string' ? timestamp : Date.now());
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function extraFields(attributes: Record<string, unknown>, shown: ReadonlySet<string>): string {
  return Object.entries(attributes)
    .filter(([key, value]) => !ENVELOPE.has(key) && !shown.has(key) && value !== undefined)
    .map(([key, value]) => ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('');
}

/** Powertools logs an error as `{name, message, stack, cause}`; the stack already starts with name and message. */
function errorLines(error: unknown): string {
  if (typeof error !== 'object' || error === null) return error === undefined ? '' : `\n  ${String(error)}`;
  const { name, message, stack } = error as Record<string, unknown>;
  const text = typeof stack === 'string' ? stack : `${String(name)}: ${String(message)}`;
  return `\n${text.replace(/^/gm, '  ')}`;
}

/**
 * Powertools' Logger with each line printed by `formatLogLine` instead of as JSON; levels, context
 * and `addContext` behave as they do in JSON. Warnings and errors go to `err`, as the JSON ones do.
 *
 * @example
 * const logger = new PrettyLogger({ serviceName: 'callback-service', logLevel: 'INFO' }, streamOutput());
 */
export class PrettyLogger extends LineLogger {
  protected override printLog(_logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    const attributes = log.getAttributes();
    this.write(String(attributes.level), `${formatLogLine(attributes)}\n`);
  }
}
