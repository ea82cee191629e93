import { createLocalGateway } from '@sm/local-gateway';
import { httpClient, silentLogger } from '@sm/testing';
import { FunctionError } from './function-error';
import { gatewayFunction } from './gateway-function';
import { json, workerFixturePool, type FixturePool } from './test-pools';

const CRASH = JSON.stringify({ crash: true });

interface Counted {
  invocations: number;
  instance: string;
}

describe('functions run in worker threads, isolated as on Lambda', () => {
  const pools: FixturePool[] = [];
  const pool = (file: string, exportName: string, options: Parameters<typeof workerFixturePool>[2] = {}, output?: (chunk: string) => void): FixturePool => {
    const created = workerFixturePool(file, exportName, options, output);
    pools.push(created);
    return created;
  };
  afterEach(() => Promise.all(pools.splice(0).map((created) => created.close())));

  it("gives each function its own environment variables and none of another function's", async () => {
    const orders = pool('isolation.mjs', 'environment', { name: 'orders', environment: { ORDERS_TABLE: 'orders' } });
    const payments = pool('isolation.mjs', 'environment', { name: 'payments', environment: { PAYMENTS_SECRET: 's3cret' } });

    const [ordersEnv, paymentsEnv] = (await Promise.all([orders.invoke('{}'), payments.invoke('{}')])).map(json);

    expect(ordersEnv).toMatchObject({ ORDERS_TABLE: 'orders', AWS_LAMBDA_FUNCTION_NAME: 'orders' });
    expect(ordersEnv).not.toHaveProperty('PAYMENTS_SECRET');
    expect(paymentsEnv).toMatchObject({ PAYMENTS_SECRET: 's3cret', AWS_LAMBDA_FUNCTION_NAME: 'payments' });
    expect(paymentsEnv).not.toHaveProperty('ORDERS_TABLE');
    expect(process.env).not.toHaveProperty('ORDERS_TABLE');
  });

  it('keeps a warm environment between invocations', async () => {
    const counter = pool('isolation.mjs', 'counts');

    await counter.invoke('{}');
    const second = json(await counter.invoke('{}')) as Counted;

    expect(second.invocations).toBe(2);
    expect(counter.launches()).toBe(1);
  });

  it('loads a TypeScript handler from its source', async () => {
    const typed = pool('typed.ts', 'handler');

    const result = await typed.invoke(JSON.stringify({ name: 'Ada' }));

    expect(json(result)).toEqual({ greeting: 'hello Ada' });
  });

  it("hands the function's stdout and stderr to output, when given one", async () => {
    let logs = '';
    let bothArrived = (): void => undefined;
    const arrived = new Promise<void>((resolve) => (bothArrived = resolve));
    const logging = pool('isolation.mjs', 'logs', {}, (chunk) => {
      logs += chunk;
      if (logs.includes('handled') && logs.includes('a warning')) bothArrived();
    });

    await logging.invoke('{}');
    // A worker's stdout reaches this thread through its own message port, so it may arrive after
    // the invocation's response (as CloudWatch receives a function's logs after its response);
    // output that never comes fails the test at its timeout.
    await arrived;

    expect(logs).toContain('{"level":"INFO","message":"handled"}\n');
    expect(logs).toContain('a warning\n');
  });

  it('ends an invocation that times out, and runs a fresh init for the next one', async () => {
    const slow = pool('isolation.mjs', 'sleeps', { timeoutSeconds: 0.5 });
    await slow.invoke(JSON.stringify({ ms: 0 }));

    const timedOut = await slow.invoke(JSON.stringify({ ms: 60_000 }), 'req-slow');
    const next = json(await slow.invoke(JSON.stringify({ ms: 0 }))) as Counted;

    expect(json(timedOut)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: req-slow Error: Task timed out after 0.50 seconds' });
    expect(next.invocations).toBe(1);
    expect(slow.launches()).toBe(2);
  });

  describe.each([
    ['throws from a timer, outside the handler', 'throwsLater', 'exit status 1'],
    ['leaves a rejection unhandled', 'rejectsLater', 'exit status 1'],
    ['calls process.exit', 'exits', 'exit status 3'],
    ['outgrows the memory it is given', 'hoards', 'exit status 1'],
  ])('a function whose code %s', (_, exportName, status) => {
    // A long function timeout: the crash must end the invocation, however slowly a loaded machine fills 128 MB.
    it('fails that invocation with Runtime.ExitError while another function keeps answering', async () => {
      const crashing = pool('isolation.mjs', exportName, { memoryMB: 128, timeoutSeconds: 20 });
      const steady = pool('isolation.mjs', 'counts');
      await steady.invoke('{}');

      const crashed = await crashing.invoke(CRASH, 'req-crash');
      const steadyAfter = json(await steady.invoke('{}')) as Counted;

      expect(json(crashed)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: req-crash Error: Runtime exited with error: ${status}` });
      expect(steadyAfter.invocations).toBe(2);
    }, 30_000);

    it('runs the next invocation in a fresh environment', async () => {
      const crashing = pool('isolation.mjs', exportName, { memoryMB: 128, timeoutSeconds: 20 });
      await crashing.invoke('{}');
      await crashing.invoke(CRASH);

      const next = json(await crashing.invoke('{}')) as Counted;

      expect(next.invocations).toBe(1);
      expect(crashing.launches()).toBe(2);
    }, 30_000);
  });

  it('runs two concurrent invocations of a slow function in two environments', async () => {
    const slow = pool('isolation.mjs', 'sleeps', { maxConcurrency: 4 });

    const results = await Promise.all([slow.invoke(JSON.stringify({ ms: 200 })), slow.invoke(JSON.stringify({ ms: 200 }))]);

    const instances = results.map((result) => (json(result) as Counted).instance);
    expect(new Set(instances).size).toBe(2);
    expect(slow.launches()).toBe(2);
  });

  it('reports a failed init of a TypeScript module with its message, before any invocation', async () => {
    const failing = pool('init-fails.ts', 'handler');

    const provisioned = failing.provision();

    await expect(provisioned).rejects.toThrow(FunctionError);
    await expect(provisioned).rejects.toMatchObject({ errorMessage: 'fixture: invalid configuration (1 problem):\n  - WEBHOOK_SECRET: is missing' });
  });

  it('runs the first invocation in the environment provisioned for it', async () => {
    const counter = pool('isolation.mjs', 'counts');
    await counter.provision();

    const first = json(await counter.invoke('{}')) as Counted;

    expect(first.invocations).toBe(1);
    expect(counter.launches()).toBe(1);
  });

  it('answers 500 Internal Server Error through the gateway when the code exits, while another function and the next request answer', async () => {
    const crashing = pool('isolation.mjs', 'exits', { name: 'crashing' });
    const steady = pool('isolation.mjs', 'counts', { name: 'steady' });
    const client = httpClient(
      createLocalGateway({
        logger: silentLogger,
        apis: [{ routes: [{ routeKey: 'GET /exit', fn: gatewayFunction(crashing) }, { routeKey: 'GET /count', fn: gatewayFunction(steady) }] }],
      }),
    );

    const crashed = await client({ method: 'GET', path: '/exit?crash=1' });
    const counted = await client({ method: 'GET', path: '/count' });
    const next = await client({ method: 'GET', path: '/exit' });

    expect({ status: crashed.status, json: crashed.json }).toEqual({ status: 500, json: { message: 'Internal Server Error' } });
    expect(counted.status).toBe(200);
    expect({ status: next.status, invocations: (next.json as Counted).invocations }).toEqual({ status: 200, invocations: 1 });
  });
});
