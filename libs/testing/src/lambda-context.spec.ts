import { buildLambdaContext } from './lambda-context';

describe('buildLambdaContext', () => {
  it('counts the remaining time down from the function timeout', () => {
    const context = buildLambdaContext({ timeoutMs: 5000, functionName: 'fn', memoryLimitInMB: 256 });

    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(5000);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(4000);
    expect(context.functionName).toBe('fn');
    expect(context.memoryLimitInMB).toBe('256');
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:fn');
  });

  it('gives every context its own request id', () => {
    expect(buildLambdaContext().awsRequestId).not.toBe(buildLambdaContext().awsRequestId);
  });

  it('writes to the log stream it is given, as a warm execution environment keeps one', () => {
    // act
    const contexts = [buildLambdaContext({ logStreamName: 'stream' }), buildLambdaContext({ logStreamName: 'stream' })];

    // assess
    expect(contexts.map((context) => context.logStreamName)).toEqual(['stream', 'stream']);
  });

  it('names a new log stream as Lambda does when given none', () => {
    // assess
    expect(buildLambdaContext().logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });
});
