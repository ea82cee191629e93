import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { buildLambdaContext } from '@sm/testing';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, logStreamOf } from './execution-environment';
import type { LambdaFunctionConfig } from './gateway-config';

// Lambda's invocation payload quota, 6 MB each way for a synchronous invoke
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), counts the serialized
// JSON: the event API Gateway builds (base64 makes a binary body a third larger) and the result.
// Lambda refuses "Request must be smaller than 6291456 bytes for the InvokeFunction operation"
// (RequestTooLargeException, https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html) and
// fails a result over 6291556 bytes with Function.ResponseSizeTooLarge; both figures are Lambda's
// own messages (measured in zaccharles.medium.com's "Deep Dive: Lambda's Request/Response Payload Size Limit").
/** The largest event Lambda accepts, serialized. */
export const REQUEST_PAYLOAD_LIMIT_BYTES = 6_291_456;
/** The largest result Lambda returns, serialized. */
export const RESPONSE_PAYLOAD_LIMIT_BYTES = 6_291_556;

/** How one invocation ended, as API Gateway sees it. */
export type Invocation = { awsRequestId: string } & (
  | { outcome: 'result'; payload: unknown }
  | { outcome: 'error'; error: unknown }
  | { outcome: 'request-too-large'; bytes: number }
  | { outcome: 'response-too-large'; bytes: number }
  | { outcome: 'function-timeout'; timeoutSeconds: number }
  | { outcome: 'integration-timeout'; timeoutInMillis: number }
);

/**
 * Invokes a handler the way Lambda behind API Gateway does: an event over Lambda's payload limit
 * never reaches it, its result crosses the wire as JSON (and fails past the limit), a throw or
 * rejection is a function error, and whichever timer runs out first, the function's or the
 * integration's, ends the wait. A result arriving after that is dropped.
 *
 * @example
 * const invocation = await invokeFunction({ name: 'fn', handler }, event, 30_000);
 */
export async function invokeFunction(
  fn: LambdaFunctionConfig,
  event: APIGatewayProxyEventV2,
  timeoutInMillis: number,
): Promise<Invocation> {
  const timeoutSeconds = fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const context = buildLambdaContext({
    functionName: fn.name,
    timeoutMs: timeoutSeconds * 1000,
    memoryLimitInMB: fn.memoryMB ?? DEFAULT_MEMORY_MB,
    logStreamName: logStreamOf(fn.name),
  });
  const { awsRequestId } = context;
  const requestBytes = Buffer.byteLength(JSON.stringify(event));
  if (requestBytes > REQUEST_PAYLOAD_LIMIT_BYTES) return { awsRequestId, outcome: 'request-too-large', bytes: requestBytes };
  const settled: Promise<Invocation> = Promise.resolve()
    .then(() => fn.handler(event, context))
    .then((result): Invocation => {
      // The Node.js runtime sends the result as JSON (undefined as null); what cannot be serialised fails the invocation.
      const json = JSON.stringify(result ?? null) ?? 'null';
      const bytes = Buffer.byteLength(json);
      if (bytes > RESPONSE_PAYLOAD_LIMIT_BYTES) return { awsRequestId, outcome: 'response-too-large', bytes };
      return { awsRequestId, outcome: 'result', payload: JSON.parse(json) };
    })
    .catch((error: unknown): Invocation => ({ awsRequestId, outcome: 'error', error }));

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Invocation>((resolve) => {
    // API Gateway gives up at its integration timeout even when the function may run longer.
    timer =
      timeoutInMillis <= timeoutSeconds * 1000
        ? setTimeout(() => resolve({ awsRequestId, outcome: 'integration-timeout', timeoutInMillis }), timeoutInMillis)
        : setTimeout(() => resolve({ awsRequestId, outcome: 'function-timeout', timeoutSeconds }), timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
