import { containerRuntime, createFunctionPool, gatewayFunction, type FunctionPool } from '@sm/lambda-runtime';
import { createLocalGateway } from '@sm/local-gateway';
import { httpClient, silentLogger, type TestClient } from '@sm/testing';
import { RUN_LABEL } from './container-stack';
import { buildFixtureImage, containersOf, removeImage, suiteRunId } from './container-suite';

describe("Lambda's behaviour, from test images run as containers", () => {
  let image: string;
  beforeAll(async () => {
    image = await buildFixtureImage();
  });
  afterAll(() => removeImage(image));
  let pool: FunctionPool;
  afterEach(() => pool.close());

  /** A pool of the test image running `handler` (Lambda's ImageConfig.Command), behind the local gateway. */
  const serve = (name: string, handler: string, options: { timeoutSeconds?: number; maxConcurrency?: number } = {}): TestClient => {
    pool = createFunctionPool({
      name,
      timeoutSeconds: options.timeoutSeconds ?? 10,
      memoryMB: 256,
      region: 'us-east-1',
      environment: { GREETING: 'from the function configuration' },
      maxConcurrency: options.maxConcurrency ?? 1,
      launch: containerRuntime({ image, command: handler, labels: { [RUN_LABEL]: suiteRunId } }),
    });
    return httpClient(createLocalGateway({ logger: silentLogger, apis: [{ routes: [{ routeKey: '$default', fn: gatewayFunction(pool) }] }] }));
  };
  const json = (result: { payload: Buffer }): unknown => JSON.parse(result.payload.toString('utf8'));

  it('answers an HTTP request from a container through the runtime API', async () => {
    const client = serve('fixture-http', 'handlers.http');

    const response = await client({ method: 'GET', path: '/orders/7' });

    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ path: '/orders/7', requestId: response.headers['apigw-requestid'] });
  });

  it('gives the container the function configuration and Lambda context', async () => {
    serve('fixture-echo', 'handlers.echo');

    const result = await pool.invoke('{"a":1}', 'req-ctx');

    expect(json(result)).toMatchObject({
      event: { a: 1 },
      greeting: 'from the function configuration',
      context: { awsRequestId: 'req-ctx', functionName: 'fixture-echo', memoryLimitInMB: '256' },
    });
  });

  describe('a handler that throws', () => {
    it('answers 500 Internal Server Error through the gateway', async () => {
      const client = serve('fixture-fails', 'handlers.fails');

      const response = await client({ method: 'GET', path: '/' });

      expect({ status: response.status, json: response.json }).toEqual({ status: 500, json: { message: 'Internal Server Error' } });
    });

    it('is an Unhandled function error with its type and message, the container kept warm', async () => {
      serve('fixture-fails', 'handlers.fails');

      const first = await pool.invoke('{}');
      const second = await pool.invoke('{}');

      expect(first.functionError).toBe('Unhandled');
      expect(json(second)).toMatchObject({ errorType: 'PaymentDeclinedError', errorMessage: 'card declined' });
      expect(await containersOf('fixture-fails', suiteRunId)).toHaveLength(1);
    });
  });

  describe('a handler that exceeds its timeout', () => {
    it('answers 500 Internal Server Error through the gateway', async () => {
      const client = serve('fixture-slow', 'handlers.sleeps', { timeoutSeconds: 1 });

      const response = await client({ method: 'GET', path: '/?ms=5000' });

      expect({ status: response.status, json: response.json }).toEqual({ status: 500, json: { message: 'Internal Server Error' } });
    });

    it('is Sandbox.Timedout, and the next invocation runs in a new container', async () => {
      serve('fixture-slow', 'handlers.sleeps', { timeoutSeconds: 1 });
      const warm = json(await pool.invoke(JSON.stringify({ ms: 1 })));

      const timedOut = await pool.invoke(JSON.stringify({ ms: 5000 }), 'req-slow');
      const next = json(await pool.invoke(JSON.stringify({ ms: 1 })));

      expect(json(timedOut)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: req-slow Error: Task timed out after 1.00 seconds' });
      expect(next).not.toMatchObject({ instance: (warm as { instance: string }).instance });
    });
  });

  describe('a function whose init fails', () => {
    it('answers 500 Internal Server Error through the gateway', async () => {
      const client = serve('fixture-init', 'init-fails.handler');

      const response = await client({ method: 'GET', path: '/' });

      expect({ status: response.status, json: response.json }).toEqual({ status: 500, json: { message: 'Internal Server Error' } });
    });

    it('reports the init error the runtime posted', async () => {
      serve('fixture-init', 'init-fails.handler');

      const result = await pool.invoke('{}');

      expect(result.functionError).toBe('Unhandled');
      expect(json(result)).toMatchObject({ errorType: 'Error', errorMessage: 'WEBHOOK_SECRET is missing' });
    });
  });

  describe('scaling', () => {
    it('keeps a container warm between invocations', async () => {
      serve('fixture-warm', 'handlers.echo', { maxConcurrency: 3 });

      const first = json(await pool.invoke('{}'));
      const second = json(await pool.invoke('{}'));

      expect(second).toMatchObject({ instance: (first as { instance: string }).instance });
      expect(await containersOf('fixture-warm', suiteRunId)).toHaveLength(1);
    });

    it('runs concurrent invocations in as many containers, up to maxConcurrency and no more', async () => {
      serve('fixture-scale', 'handlers.sleeps', { maxConcurrency: 2 });

      // Four at once: each waits for a free container, and the pool starts one while all are busy,
      // up to two. However long a container takes to start on a busy machine, two serve the four,
      // and both stay warm afterwards, so a third one started would still be there to count.
      const results = (await Promise.all([1, 2, 3, 4].map(() => pool.invoke(JSON.stringify({ ms: 1500 }))))).map((result) => json(result) as { instance: string });
      const after = await containersOf('fixture-scale', suiteRunId);

      expect(new Set(results.map((result) => result.instance)).size).toBe(2);
      expect(after).toHaveLength(2);
    });

    it('removes its containers when it closes', async () => {
      serve('fixture-close', 'handlers.echo');
      await pool.invoke('{}');

      await pool.close();

      expect(await containersOf('fixture-close', suiteRunId)).toEqual([]);
    });
  });
});
