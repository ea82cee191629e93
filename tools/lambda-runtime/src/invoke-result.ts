/** Lambda's limit on a synchronous invocation's request and response payloads (6 MB, as its errors count it). */
export const PAYLOAD_LIMIT_BYTES = 6_291_556;

/**
 * How one invocation ended, as Lambda's Invoke API reports it: the payload, and for a failed
 * invocation the `X-Amz-Function-Error` value with the error as the payload.
 *
 * @example
 * const result: InvokeResult = { requestId, payload: Buffer.from('{"statusCode":200}') };
 */
export interface InvokeResult {
  requestId: string;
  payload: Buffer;
  functionError?: 'Unhandled';
}

const failed = (requestId: string, error: { errorType: string; errorMessage: string }): InvokeResult => ({
  requestId,
  payload: Buffer.from(JSON.stringify(error)),
  functionError: 'Unhandled',
});

/** A function error as the runtime posted it (to `invocation/{id}/error` or `init/error`). */
export const runtimeError = (requestId: string, payload: Buffer): InvokeResult => ({ requestId, payload, functionError: 'Unhandled' });

/** What Lambda answers when the function runs out of time; the environment is then reset. */
export const timedOut = (requestId: string, timeoutSeconds: number): InvokeResult =>
  failed(requestId, { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds` });

/** What Lambda answers when the runtime process exits during init or an invocation. */
export const runtimeExited = (requestId: string, status: string): InvokeResult =>
  failed(requestId, { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${status}` });

/** What Lambda answers when the function's response is over the payload limit. */
export const responseTooLarge = (requestId: string): InvokeResult =>
  failed(requestId, {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${PAYLOAD_LIMIT_BYTES} bytes).`,
  });
