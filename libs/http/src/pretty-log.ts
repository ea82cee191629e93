import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import { streamOutput, type LogOutput } from './log-output';

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

type LoggerOptions = ConstructorParameters<typeof Logger>[0];

/**
 * Powertools' Logger writing its JSON lines to a `LogOutput`. Powertools builds a console on
 * `process.stdout` and `process.stderr` in its constructor (its private `setConsole`), which creates
 * both streams at every cold start; this logger's console writes to the output instead, and nothing
 * else of Powertools changes (levels, context, `addContext`, the JSON of each line).
 *
 * @example
 * const logger = new LineLogger({ serviceName: 'callback-service', logLevel: 'INFO' }, descriptorOutput());
 */
export class LineLogger extends Logger {
  // Assigned once the base constructor returns; what the base logs while constructing (a warning
  // about its options) goes to the streams.
  protected declare readonly output: LogOutput | undefined;

  constructor(options: LoggerOptions, output: LogOutput) {
    super(options);
    this.output = output;
  }

  /** Writes one line of the given level: WARN and above to `err`, as Powertools' console sends them to stderr. */
  protected write(level: string, text: string): void {
    const output = this.output ?? streamOutput();
    if (['WARN', 'ERROR', 'CRITICAL'].includes(level.toUpperCase())) output.err(text);
    else output.out(text);
  }

  static {
    // In place of Powertools' private setConsole, which its constructor calls: the console it prints
    // each line through (`this.console[level](json)`) writes to the output.
    Object.defineProperty(this.prototype, 'setConsole', {
      value: function setConsole(this: LineLogger) {
        const methods = ['trace', 'debug', 'info', 'log', 'warn', 'error'];
        const console = Object.fromEntries(methods.map((method) => [method, (message: unknown) => this.write(method, `${String(message)}\n`)]));
        Object.defineProperty(this, 'console', { value: console, writable: true, configurable: true });
      },
    });
  }
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
