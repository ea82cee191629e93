import { RuntimeApi, type RuntimeInvocation } from './runtime-api';

const invocation: RuntimeInvocation = {
  requestId: 'req-1',
  payload: Buffer.from('{"orderId":7}'),
  deadlineMs: 1_800_000_000_000,
  functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
};

describe('the runtime API of one execution environment', () => {
  let api: RuntimeApi;
  let base: string;
  beforeEach(async () => {
    api = await RuntimeApi.start();
    base = `http://${api.address}/2018-06-01/runtime`;
  });
  afterEach(() => api.close());

  const post = (path: string, body: string | Buffer) => fetch(`${base}${path}`, { method: 'POST', body });

  it('holds invocation/next open until an invocation arrives', async () => {
    let answered = false;
    const next = fetch(`${base}/invocation/next`).then((response) => {
      answered = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = answered;

    void api.invoke(invocation);
    await next;

    expect({ before, after: answered }).toEqual({ before: false, after: true });
  });

  it('sends the event with the request id, deadline, function ARN and trace headers', async () => {
    void api.invoke(invocation);

    const next = await fetch(`${base}/invocation/next`);

    expect(await next.text()).toBe('{"orderId":7}');
    expect(Object.fromEntries(next.headers)).toMatchObject({
      'lambda-runtime-aws-request-id': 'req-1',
      'lambda-runtime-deadline-ms': '1800000000000',
      'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      'lambda-runtime-trace-id': expect.stringMatching(/^Root=1-/),
    });
  });

  it('marks the runtime initialized when it first asks for work', async () => {
    void fetch(`${base}/invocation/next`).catch(() => undefined);

    await expect(api.initialized).resolves.toBeUndefined();
  });

  it('answers 202 to a response and resolves the invocation with its bytes', async () => {
    const outcome = api.invoke(invocation);
    await fetch(`${base}/invocation/next`);

    const accepted = await post('/invocation/req-1/response', '{"ok":true}');

    expect(accepted.status).toBe(202);
    expect(await outcome).toEqual({ kind: 'response', payload: Buffer.from('{"ok":true}') });
  });

  it('resolves the invocation with the error the runtime posts', async () => {
    const outcome = api.invoke(invocation);
    await fetch(`${base}/invocation/next`);

    const accepted = await post('/invocation/req-1/error', '{"errorType":"Error","errorMessage":"boom"}');

    expect(accepted.status).toBe(202);
    expect(await outcome).toEqual({ kind: 'error', payload: Buffer.from('{"errorType":"Error","errorMessage":"boom"}') });
  });

  it('reports the error the runtime posts to init/error', async () => {
    const accepted = await post('/init/error', '{"errorType":"Runtime.ImportModuleError","errorMessage":"no module"}');

    expect(accepted.status).toBe(202);
    expect((await api.initFailed).toString()).toBe('{"errorType":"Runtime.ImportModuleError","errorMessage":"no module"}');
  });

  it('answers 400 InvalidRequestID to a response for a request that is not in flight', async () => {
    const rejected = await post('/invocation/req-unknown/response', '{}');

    expect(rejected.status).toBe(400);
    expect(await rejected.json()).toEqual({ errorType: 'InvalidRequestID', errorMessage: 'no invocation req-unknown is in flight' });
  });

  it('answers 413 to a response over 6 MB and reports it too large', async () => {
    const outcome = api.invoke(invocation);
    await fetch(`${base}/invocation/next`);

    const rejected = await post('/invocation/req-1/response', Buffer.alloc(7 * 1024 * 1024, 'x'));

    expect(rejected.status).toBe(413);
    expect(await outcome).toEqual({ kind: 'response-too-large' });
  });

  it('answers 404 outside the runtime API', async () => {
    const response = await fetch(`http://${api.address}/2018-06-01/runtime/invocation/req-1/other`, { method: 'POST' });

    expect(response.status).toBe(404);
  });
});
