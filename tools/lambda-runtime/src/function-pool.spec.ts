import { FunctionError } from './function-error';
import { PoolClosedError } from './function-pool';
import { fixturePool, json, type FixturePool } from './test-pools';

interface Echo {
  event: unknown;
  instance: string;
  context: { awsRequestId: string; functionName: string; memoryLimitInMB: string; invokedFunctionArn: string; remainingTimeInMillis: number };
  traceId: string;
  region: string;
  greeting: string;
}

describe('a function pool running the official runtime client', () => {
  let pool: FixturePool;
  afterEach(() => pool.close());

  describe('an invocation', () => {
    it('returns the handler result, given the event and the context Lambda builds', async () => {
      pool = fixturePool('handlers.echo', { name: 'orders', memoryMB: 512, timeoutSeconds: 5 });

      const result = await pool.invoke(JSON.stringify({ orderId: 7, note: '架构' }), 'req-1');

      expect(result.functionError).toBeUndefined();
      const echo = json(result) as Echo;
      expect(echo.event).toEqual({ orderId: 7, note: '架构' });
      expect(echo.context).toEqual({
        awsRequestId: 'req-1',
        functionName: 'orders',
        memoryLimitInMB: '512',
        invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
        remainingTimeInMillis: expect.any(Number),
      });
      expect(echo.context.remainingTimeInMillis).toBeGreaterThan(4000);
      expect(echo.context.remainingTimeInMillis).toBeLessThanOrEqual(5000);
    });

    it('gives the runtime the function environment, the region and an X-Ray trace id', async () => {
      pool = fixturePool('handlers.echo', { environment: { GREETING: 'hello' } });

      const echo = json(await pool.invoke('{}')) as Echo;

      expect(echo).toMatchObject({ greeting: 'hello', region: 'eu-west-1', traceId: expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/) });
    });

    it('reports a handler error as an Unhandled function error with its type, message and trace', async () => {
      pool = fixturePool('handlers.fails');

      const result = await pool.invoke('{}');

      expect(result.functionError).toBe('Unhandled');
      expect(json(result)).toEqual({ errorType: 'PaymentDeclinedError', errorMessage: 'card declined', trace: expect.arrayContaining([expect.stringContaining('card declined')]) });
    });

    it('reports Sandbox.Timedout when the handler outlasts the function timeout', async () => {
      pool = fixturePool('handlers.sleeps', { timeoutSeconds: 0.5 });

      const result = await pool.invoke(JSON.stringify({ ms: 5000 }), 'req-slow');

      expect(result.functionError).toBe('Unhandled');
      expect(json(result)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: req-slow Error: Task timed out after 0.50 seconds' });
    });

    it('reports the error the runtime posts to init/error when the module fails to load', async () => {
      pool = fixturePool('init-fails.handler');

      const result = await pool.invoke('{}');

      expect(result.functionError).toBe('Unhandled');
      expect(json(result)).toMatchObject({ errorType: 'Error', errorMessage: 'WEBHOOK_SECRET is missing' });
    });

    it('reports Sandbox.Timedout when init outlasts the init limit', async () => {
      pool = fixturePool('slow-init.handler', { initTimeoutSeconds: 0.5 });

      const result = await pool.invoke('{}', 'req-init');

      expect(json(result)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: req-init Error: Task timed out after 0.50 seconds' });
    });

    it('reports Runtime.ExitError when the runtime exits during the invocation', async () => {
      pool = fixturePool('handlers.exits');

      const result = await pool.invoke('{}', 'req-exit');

      expect(json(result)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: 'RequestId: req-exit Error: Runtime exited with error: exit status 3' });
    });

    it('reports Function.ResponseSizeTooLarge for a response over 6 MB', async () => {
      pool = fixturePool('handlers.tooLarge');

      const result = await pool.invoke('{}');

      expect(json(result)).toEqual({
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      });
    });
  });

  describe('execution environments', () => {
    it('keeps an environment warm between invocations', async () => {
      pool = fixturePool('handlers.echo');

      const first = json(await pool.invoke('{}')) as Echo;
      const second = json(await pool.invoke('{}')) as Echo;

      expect(second.instance).toBe(first.instance);
      expect(pool.launches()).toBe(1);
    });

    it('keeps the environment after a handler error', async () => {
      pool = fixturePool('handlers.fails');

      await pool.invoke('{}');
      await pool.invoke('{}');

      expect(pool.launches()).toBe(1);
    });

    it('starts a new environment after a timeout', async () => {
      pool = fixturePool('handlers.sleeps', { timeoutSeconds: 0.5 });
      await pool.invoke(JSON.stringify({ ms: 5000 }));

      const next = await pool.invoke(JSON.stringify({ ms: 1 }));

      expect(json(next)).toMatchObject({ slept: 1 });
      expect(pool.launches()).toBe(2);
    });

    it('runs init again on the invocation after an init failure', async () => {
      pool = fixturePool('init-fails.handler');
      await pool.invoke('{}');

      const again = await pool.invoke('{}');

      expect(again.functionError).toBe('Unhandled');
      expect(pool.launches()).toBe(2);
    });

    it('runs concurrent invocations in as many environments, up to maxConcurrency', async () => {
      pool = fixturePool('handlers.sleeps', { maxConcurrency: 3 });

      const results = await Promise.all([1, 2, 3].map(() => pool.invoke(JSON.stringify({ ms: 300 }))));

      expect(new Set(results.map((result) => (json(result) as { instance: string }).instance)).size).toBe(3);
      expect(pool.launches()).toBe(3);
    });

    it('starts no environment while a warm one is idle', async () => {
      pool = fixturePool('handlers.sleeps', { maxConcurrency: 3 });

      for (const ms of [1, 1, 1]) await pool.invoke(JSON.stringify({ ms }));

      expect(pool.launches()).toBe(1);
    });

    it('makes invocations beyond maxConcurrency wait for a free environment', async () => {
      pool = fixturePool('handlers.sleeps', { maxConcurrency: 1 });

      const results = await Promise.all([1, 2].map(() => pool.invoke(JSON.stringify({ ms: 200 }))));

      expect(results.map((result) => json(result))).toEqual([expect.objectContaining({ slept: 200 }), expect.objectContaining({ slept: 200 })]);
      expect(pool.launches()).toBe(1);
    });

    it('fails invocations still waiting for an environment when the pool closes', async () => {
      pool = fixturePool('handlers.sleeps', { maxConcurrency: 1 });
      const running = pool.invoke(JSON.stringify({ ms: 2000 }));
      const waiting = pool.invoke(JSON.stringify({ ms: 1 })).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 50));

      await pool.close();

      expect(await waiting).toBeInstanceOf(PoolClosedError);
      expect(json(await running)).toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: expect.stringContaining('signal: killed') });
    });
  });

  describe('as a handler(event, context)', () => {
    it('returns the result parsed from JSON', async () => {
      pool = fixturePool('handlers.echo');

      const result = await pool.handler({ hello: 'world' }, { awsRequestId: 'req-h' });

      expect(result).toMatchObject({ event: { hello: 'world' }, context: { awsRequestId: 'req-h' } });
    });

    it('throws a FunctionError carrying the error Lambda reported', async () => {
      pool = fixturePool('handlers.fails');

      const failure = pool.handler({}, { awsRequestId: 'req-f' });

      await expect(failure).rejects.toBeInstanceOf(FunctionError);
      await expect(failure).rejects.toMatchObject({ errorType: 'PaymentDeclinedError', message: 'PaymentDeclinedError: card declined' });
    });
  });
});
