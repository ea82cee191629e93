import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { AddressInfo } from 'node:net';
import { createInvokeApi } from './invoke-api';
import { fixturePool, type FixturePool } from './test-pools';

describe("Lambda's Invoke API over local function pools", () => {
  let echo: FixturePool;
  let fails: FixturePool;
  let server: Server;
  let base: string;
  const logged: unknown[] = [];
  /** Emits 'logged' with each entry the Invoke API logs. */
  const logs = new EventEmitter();
  beforeAll(async () => {
    echo = fixturePool('handlers.echo', { name: 'echo' });
    fails = fixturePool('handlers.fails', { name: 'fails' });
    server = createServer(
      createInvokeApi([echo, fails], {
        error: (message, fields) => {
          logged.push({ message, ...fields });
          logs.emit('logged', message);
        },
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/2015-03-31/functions`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await Promise.all([echo.close(), fails.close()]);
  });

  const invoke = (name: string, init: { body?: string | Buffer; type?: string } = {}) =>
    fetch(`${base}/${encodeURIComponent(name)}/invocations`, {
      method: 'POST',
      ...(init.body === undefined ? {} : { body: init.body }),
      headers: init.type ? { 'x-amz-invocation-type': init.type } : {},
    });

  it('answers a RequestResponse invocation with 200, the payload, the request id and the version', async () => {
    const response = await invoke('echo', { body: '{"orderId":7}' });

    const body = (await response.json()) as { event: unknown; context: { awsRequestId: string } };
    expect(response.status).toBe(200);
    expect(body.event).toEqual({ orderId: 7 });
    expect(response.headers.get('x-amzn-requestid')).toBe(body.context.awsRequestId);
    expect(response.headers.get('x-amz-executed-version')).toBe('$LATEST');
    expect(response.headers.get('x-amz-function-error')).toBeNull();
  });

  it('answers a function error with 200, X-Amz-Function-Error: Unhandled and the error', async () => {
    const response = await invoke('fails', { body: '{}' });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(await response.json()).toMatchObject({ errorType: 'PaymentDeclinedError', errorMessage: 'card declined' });
  });

  it('answers an AWS SDK LambdaClient pointed at it, RequestResponse and Event alike', async () => {
    const lambda = new LambdaClient({ endpoint: base.replace('/2015-03-31/functions', ''), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

    const answered = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{"orderId":8}') }));
    const queued = await lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: Buffer.from('{}') }));
    const failed = await lambda.send(new InvokeCommand({ FunctionName: 'fails', Payload: Buffer.from('{}') }));
    lambda.destroy();

    expect(answered.StatusCode).toBe(200);
    expect(JSON.parse(Buffer.from(answered.Payload ?? new Uint8Array()).toString())).toMatchObject({ event: { orderId: 8 } });
    expect(queued.StatusCode).toBe(202);
    expect(failed.FunctionError).toBe('Unhandled');
  });

  it('accepts the function ARN as its name', async () => {
    const response = await invoke('arn:aws:lambda:eu-west-1:123456789012:function:echo', { body: '{}' });

    expect(response.status).toBe(200);
  });

  it('passes {} when the request has no payload', async () => {
    const response = await invoke('echo');

    expect(await response.json()).toMatchObject({ event: {} });
  });

  it('answers an Event invocation with 202 at once and logs its failure', async () => {
    const response = await invoke('fails', { body: '{}', type: 'Event' });
    const requestId = response.headers.get('x-amzn-requestid');
    const status = response.status;
    const body = await response.text();
    // The failure is logged when the function has run, however long that takes on a busy machine (the test's timeout bounds it).
    while (!logged.some((entry) => (entry as { message?: string }).message === 'Asynchronous invocation failed')) await once(logs, 'logged');

    expect({ status, body }).toEqual({ status: 202, body: '' });
    expect(logged).toContainEqual(expect.objectContaining({ message: 'Asynchronous invocation failed', function: 'fails', requestId }));
  }, 20_000);

  it('answers 404 ResourceNotFoundException for an unknown function', async () => {
    const response = await invoke('missing', { body: '{}' });

    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(await response.json()).toEqual({ Type: 'User', message: 'Function not found: missing' });
  });

  it('answers 400 InvalidParameterValueException for another invocation type', async () => {
    const response = await invoke('echo', { body: '{}', type: 'DryRun' });

    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidParameterValueException');
  });

  it('answers 400 InvalidRequestContentException for a payload that is not JSON', async () => {
    const response = await invoke('echo', { body: '{not json' });

    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
  });

  it('answers 413 RequestTooLargeException for a payload over 6 MB', async () => {
    const response = await invoke('echo', { body: Buffer.alloc(7 * 1024 * 1024, ' ') });

    expect(response.status).toBe(413);
    expect(response.headers.get('x-amzn-errortype')).toBe('RequestTooLargeException');
  });
});
