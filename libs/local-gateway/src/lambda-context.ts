import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-account';

/** One log stream per function, as one warm execution environment writes to one stream. */
const logStreams = new Map<string, string>();

function logStreamOf(name: string, startedAt: number): string {
  let stream = logStreams.get(name);
  if (stream === undefined) {
    const day = new Date(startedAt).toISOString().slice(0, 10).replaceAll('-', '/');
    stream = `${day}/[$LATEST]${randomUUID().replaceAll('-', '')}`;
    logStreams.set(name, stream);
  }
  return stream;
}

/** Lambda's defaults when a function does not set them. */
export const DEFAULT_TIMEOUT_SECONDS = 3;
export const DEFAULT_MEMORY_MB = 128;

/**
 * Builds the `Context` the Node.js runtime passes to one invocation, its remaining time counting
 * down from the function timeout.
 *
 * @example
 * const context = createLambdaContext({ name: 'callback-service', timeoutSeconds: 10 }, Date.now());
 */
export function createLambdaContext(
  fn: { name: string; timeoutSeconds?: number; memoryMB?: number },
  startedAt: number,
): Context {
  const deadline = startedAt + (fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const unsupported = () => {
    throw new Error('context.done/succeed/fail are not supported; return a promise from the handler');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${fn.name}`,
    memoryLimitInMB: String(fn.memoryMB ?? DEFAULT_MEMORY_MB),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: logStreamOf(fn.name, startedAt),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
