import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { LambdaFunctionConfig } from './gateway-config';
import { createLambdaContext, DEFAULT_TIMEOUT_SECONDS } from './lambda-context';

/** How one invocation ended, as API Gateway sees it. */
export type Invocation = { awsRequestId: string } & (
  | { outcome: 'result'; payload: unknown }
  | { outcome: 'error'; error: unknown }
  | { outcome: 'function-timeout'; timeoutSeconds: number }
  | { outcome: 'integration-timeout'; timeoutInMillis: number }
);

/**
 * Invokes a handler the way Lambda behind API Gateway does: its result crosses the wire as JSON,
 * a throw or rejection is a function error, and whichever timer runs out first, the function's
 * or the integration's, ends the wait. A result arriving after that is dropped.
 *
 * @example
 * const invocation = await invokeFunction({ name: 'fn', handler }, event, 30_000);
 */
export async function invokeFunction(
  fn: LambdaFunctionConfig,
  event: APIGatewayProxyEventV2,
  timeoutInMillis: number,
): Promise<Invocation> {
  const context = createLambdaContext(fn, Date.now());
  const { awsRequestId } = context;
  const timeoutSeconds = fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const settled: Promise<Invocation> = Promise.resolve()
    .then(() => fn.handler(event, context))
    .then((result): Invocation => ({ awsRequestId, outcome: 'result', payload: overTheWire(result) }))
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

/** The Node.js runtime sends the result as JSON (undefined as null); what cannot be serialised fails the invocation. */
function overTheWire(result: unknown): unknown {
  return JSON.parse(JSON.stringify(result ?? null) ?? 'null');
}
