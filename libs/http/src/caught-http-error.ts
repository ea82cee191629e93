import { HttpError } from './errors';

/**
 * For this lib's specs: runs `run` and returns the HttpError it throws, so a test can assess its
 * status, detail and field errors one by one. Fails when nothing, or something else, is thrown.
 *
 * @example
 * expect(caughtHttpError(() => parseJsonText('', schema)).status).toBe(400);
 */
export function caughtHttpError(run: () => unknown): HttpError {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected an HttpError');
}
