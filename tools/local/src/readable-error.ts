import { ConfigError } from '@sm/config';
import { FunctionError } from '@sm/lambda-runtime';

/**
 * What to show a person for an error of the stack: a function's init error as the function worded
 * it (a config error's list of problems, with no type or bundle line in front), a config error's
 * message, and anything else with its stack.
 *
 * @example
 * console.error(readableError(error)); // "callback-service: invalid configuration (1 problem):\n  - WEBHOOK_SECRET: ..."
 */
export function readableError(error: unknown): string {
  if (error instanceof FunctionError) return error.errorMessage;
  if (error instanceof ConfigError) return error.message;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
