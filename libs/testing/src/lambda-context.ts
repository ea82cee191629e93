import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface LambdaContextInput {
  functionName?: string;
  memoryLimitInMB?: number;
  timeoutMs?: number;
  awsRequestId?: string;
}

/**
 * Builds a Lambda `Context` shaped like the one the Node.js runtime passes, whose
 * `getRemainingTimeInMillis` counts down from the function timeout.
 *
 * @example
 * const context = buildLambdaContext({ functionName: 'callback-service', timeoutMs: 3000 });
 */
export function buildLambdaContext(input: LambdaContextInput = {}): Context {
  const functionName = input.functionName ?? 'test-function';
  const deadline = Date.now() + (input.timeoutMs ?? 3000);
  const fail = () => {
    throw new Error('callbackWaitsForEmptyEventLoop-style callbacks are not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: String(input.memoryLimitInMB ?? 128),
    awsRequestId: input.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}
