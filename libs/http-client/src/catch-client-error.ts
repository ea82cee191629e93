import { HttpClientError } from './http-client-error';

/** Awaits a call that should fail and returns its `HttpClientError`, so tests can read its fields. */
export async function catchClientError(call: Promise<unknown>): Promise<HttpClientError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ('error' in outcome && outcome.error instanceof HttpClientError) return outcome.error;
  throw new Error(`expected an HttpClientError, got ${'error' in outcome ? String(outcome.error) : 'a response'}`);
}
