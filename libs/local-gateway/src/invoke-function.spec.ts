import type { Context } from 'aws-lambda';
import { buildHttpApiEvent } from '@sm/testing';
import type { LambdaFunctionConfig } from './gateway-config';
import { invokeFunction, REQUEST_PAYLOAD_LIMIT_BYTES, RESPONSE_PAYLOAD_LIMIT_BYTES } from './invoke-function';

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

  it('writes every invocation of one function to the same log stream, as its warm environment does', async () => {
    // prepare
    const { fn, contexts } = functionCapturingContext({ name: 'one-stream' });
    const other = functionCapturingContext({ name: 'other-stream' });

    // act
    await invokeFunction(fn, event, 30_000);
    await invokeFunction(fn, event, 30_000);
    await invokeFunction(other.fn, event, 30_000);

    // assess
    expect(contexts[0]?.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(contexts[1]?.logStreamName).toBe(contexts[0]?.logStreamName);
    expect(other.contexts[0]?.logStreamName).not.toBe(contexts[0]?.logStreamName);
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

  describe("Lambda's 6 MB invocation payload", () => {
    /** The event with a body that makes it exactly `bytes` long once serialized. */
    function eventOfBytes(bytes: number) {
      const overhead = Buffer.byteLength(JSON.stringify({ ...event, body: '' }));
      return { ...event, body: 'x'.repeat(bytes - overhead) };
    }

    it('invokes the handler with an event of exactly 6,291,456 bytes', async () => {
      // prepare
      const { fn, contexts } = functionCapturingContext();

      // act
      const invocation = await invokeFunction(fn, eventOfBytes(REQUEST_PAYLOAD_LIMIT_BYTES), 30_000);

      // assess
      expect(invocation.outcome).toBe('result');
      expect(contexts).toHaveLength(1);
    });

    it('never calls the handler with an event one byte over', async () => {
      // prepare
      const { fn, contexts } = functionCapturingContext();

      // act
      const invocation = await invokeFunction(fn, eventOfBytes(REQUEST_PAYLOAD_LIMIT_BYTES + 1), 30_000);

      // assess
      expect(invocation).toMatchObject({ outcome: 'request-too-large', bytes: REQUEST_PAYLOAD_LIMIT_BYTES + 1 });
      expect(contexts).toHaveLength(0);
    });

    /** A structured result that is exactly `bytes` long once serialized. */
    function resultOfBytes(bytes: number) {
      const overhead = Buffer.byteLength(JSON.stringify({ statusCode: 200, body: '' }));
      return { statusCode: 200, body: 'x'.repeat(bytes - overhead) };
    }

    it('returns a result of exactly 6,291,556 bytes', async () => {
      // prepare
      const result = resultOfBytes(RESPONSE_PAYLOAD_LIMIT_BYTES);
      const fn: LambdaFunctionConfig = { name: 'large', handler: async () => result };

      // act
      const invocation = await invokeFunction(fn, event, 30_000);

      // assess
      expect(invocation).toMatchObject({ outcome: 'result', payload: result });
    });

    it('fails a result one byte over, as Function.ResponseSizeTooLarge', async () => {
      // prepare
      const fn: LambdaFunctionConfig = { name: 'too-large', handler: async () => resultOfBytes(RESPONSE_PAYLOAD_LIMIT_BYTES + 1) };

      // act
      const invocation = await invokeFunction(fn, event, 30_000);

      // assess
      expect(invocation).toMatchObject({ outcome: 'response-too-large', bytes: RESPONSE_PAYLOAD_LIMIT_BYTES + 1 });
    });
  });
});
