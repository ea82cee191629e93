import { Logger } from '@aws-lambda-powertools/logger';
import { streamOutput, type LogOutput } from './log-output';

type LoggerOptions = ConstructorParameters<typeof Logger>[0];

const TO_ERR = new Set(['WARN', 'ERROR', 'CRITICAL']);

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
    if (TO_ERR.has(level.toUpperCase())) output.err(text);
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
