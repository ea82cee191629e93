import type { Context } from 'aws-lambda';
import { buildHttpApiEvent } from '@sm/testing';
import type { LambdaFunctionConfig } from './gateway-config';
import { invokeFunction } from './invoke-function';

const event = buildHttpApiEvent({ path: '/api/callbacks' });

function functionCapturingContext(config: Partial<LambdaFunctionConfig> = {}) {
  const contexts: Context[] = [];
  const fn: LambdaFunctionConfig = {
    name: 'callbacks',
    handler: async (_event, context) => {
      contexts.push(context);
      return { statusCode: 204 };
    },
    ...config,
  };
  return { fn, contexts };
}

describe('invokeFunction', () => {
  it('passes a context counting down from the configured function timeout', async () => {
    // prepare
    const { fn, contexts } = functionCapturingContext({ timeoutSeconds: 10, memoryMB: 256 });

    // act
    await invokeFunction(fn, event, 30_000);

    // assess
    const [context] = contexts;
    expect(context?.getRemainingTimeInMillis()).toBeLessThanOrEqual(10_000);
    expect(context?.getRemainingTimeInMillis()).toBeGreaterThan(9_000);
    expect(context).toMatchObject({
      functionName: 'callbacks',
      functionVersion: '$LATEST',
      memoryLimitInMB: '256',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:callbacks',
      logGroupName: '/aws/lambda/callbacks',
      callbackWaitsForEmptyEventLoop: true,
    });
  });

  it("gives a function without limits Lambda's 3 seconds and 128 MB", async () => {
    // prepare
    const { fn, contexts } = functionCapturingContext();

    // act
    await invokeFunction(fn, event, 30_000);

    // assess
    expect(contexts[0]?.getRemainingTimeInMillis()).toBeLessThanOrEqual(3_000);
    expect(contexts[0]?.memoryLimitInMB).toBe('128');
  });

  it('gives every invocation its own uuid request id', async () => {
    // prepare
    const { fn, contexts } = functionCapturingContext();

    // act
    const invocations = [await invokeFunction(fn, event, 30_000), await invokeFunction(fn, event, 30_000)];

    // assess
    expect(invocations.map(({ awsRequestId }) => awsRequestId)).toEqual(contexts.map(({ awsRequestId }) => awsRequestId));
    expect(contexts[0]?.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(contexts[0]?.awsRequestId).not.toBe(contexts[1]?.awsRequestId);
  });

  it('hands over the result as it arrives over the wire: JSON, undefined as null', async () => {
    // prepare
    const results: unknown[] = [{ at: new Date(0), skipped: undefined }, undefined];
    const fn: LambdaFunctionConfig = { name: 'json', handler: async () => results.shift() };

    // act
    const invocations = [await invokeFunction(fn, event, 30_000), await invokeFunction(fn, event, 30_000)];

    // assess
    expect(invocations).toMatchObject([
      { outcome: 'result', payload: { at: '1970-01-01T00:00:00.000Z' } },
      { outcome: 'result', payload: null },
    ]);
  });

  it('fails the invocation when the result cannot be serialised', async () => {
    // prepare
    const fn: LambdaFunctionConfig = { name: 'bigint', handler: async () => ({ statusCode: 200, count: 1n }) };

    // act
    const invocation = await invokeFunction(fn, event, 30_000);

    // assess
    expect(invocation).toMatchObject({ outcome: 'error', error: expect.any(TypeError) });
  });

  it('fails the invocation when the handler throws before returning a promise', async () => {
    // prepare
    const fn: LambdaFunctionConfig = {
      name: 'sync-throw',
      handler: () => {
        throw new RangeError('bad');
      },
    };

    // act
    const invocation = await invokeFunction(fn, event, 30_000);

    // assess
    expect(invocation).toMatchObject({ outcome: 'error', error: expect.any(RangeError) });
  });
});
