import * as z from 'zod';

const ErrorPayloadSchema = z.object({ errorType: z.string(), errorMessage: z.string() }).partial();

/**
 * A failed invocation (`X-Amz-Function-Error`), thrown to whoever called the function as a
 * handler, such as the local gateway, which answers it as API Gateway does. `payload` is the
 * error Lambda reported (`{errorType, errorMessage, trace}`).
 *
 * @example
 * try {
 *   await pool.handler(event, context);
 * } catch (error) {
 *   if (error instanceof FunctionError && error.errorType === 'Sandbox.Timedout') console.error('timed out');
 * }
 */
export class FunctionError extends Error {
  readonly errorType: string;
  /** The function's own message (a config error's list of problems), without the type in front. */
  readonly errorMessage: string;

  constructor(readonly payload: unknown) {
    const parsed = ErrorPayloadSchema.safeParse(payload);
    const errorType = (parsed.success && parsed.data.errorType) || 'Unhandled';
    const errorMessage = (parsed.success && parsed.data.errorMessage) || JSON.stringify(payload);
    super(`${errorType}: ${errorMessage}`);
    this.name = 'FunctionError';
    this.errorType = errorType;
    this.errorMessage = errorMessage;
  }
}
