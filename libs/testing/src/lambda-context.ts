import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface LambdaContextInput {
  functionName?: string;
  memoryLimitInMB?: number;
  timeoutMs?: number;
  awsRequestId?: string;
  /** The log stream the invocation writes to; a new one per context when unset. */
  logStreamName?: string;
}

/**
 * A log stream name as Lambda gives one execution environment: `YYYY/MM/DD/[$LATEST]<32 hex>`.
 *
 * @example
 * newLogStreamName(); // '2026/12/02/[$LATEST]4f9c…'
 */
export function newLogStreamName(startedAt = Date.now()): string {
  return `${new Date(startedAt).toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomUUID().replaceAll('-', '')}`;
}

/**
 * Builds a Lambda `Context` shaped like the one the Node.js runtime passes, whose
 * `getRemainingTimeInMillis` counts down from the function timeout (the local gateway builds its
 * invocations' contexts with it too, so tests and `npm start` pass the same one).
 *
 * @example
 * const context = buildLambdaContext({ functionName: 'callback-service', timeoutMs: 3000 });
 */
export function buildLambdaContext(input: LambdaContextInput = {}): Context {
  const functionName = input.functionName ?? 'test-function';
  const deadline = Date.now() + (input.timeoutMs ?? 3000);
  const unsupported = () => {
    throw new Error('context.done/succeed/fail are not supported; return a promise from the handler');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: String(input.memoryLimitInMB ?? 128),
    awsRequestId: input.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: input.logStreamName ?? newLogStreamName(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
