import { buildHttpApiEvent, buildLambdaContext } from '@sm/testing';
import * as z from 'zod/mini';
import { ConflictError, ServiceUnavailableError, UnprocessableContentError } from './errors';
import { createHttpApi, type RouteDefinition } from './http-api';
import { parseJsonBody } from './json-body';
import { createLogger } from './logger';

class ExposedCursorError extends Error {
  readonly status = 400;
  readonly expose = true;
  constructor() {
    super('cursor is invalid or expired');
    this.name = 'ExposedCursorError';
  }
}

class ExposedTooLargeError extends Error {
  readonly status = 413;
  readonly expose = true;
  constructor() {
    super('item is 500000 bytes; the limit is 409600 bytes (400 KB)');
    this.name = 'ExposedTooLargeError';
  }
}

const routes: RouteDefinition[] = [
  { method: 'GET', path: '/items/{id}', authorization: 'none', handler: async (request) => ({ status: 200, body: { id: request.params.id } }) },
  { method: 'DELETE', path: '/items/{id}', authorization: 'none', handler: async () => ({ status: 204 }) },
  {
    method: 'POST',
    path: '/items', authorization: 'none',
    handler: async (request) => ({ status: 201, body: parseJsonBody(request, z.object({ name: z.string() })) }),
  },
  { method: 'GET', path: '/taken', authorization: 'none', handler: async () => { throw new ConflictError('name "x" is taken'); } },
  { method: 'GET', path: '/busy', authorization: 'none', handler: async () => { throw new ServiceUnavailableError('too busy', { headers: { 'retry-after': '5' } }); } },
  { method: 'GET', path: '/cursor', authorization: 'none', handler: async () => { throw new ExposedCursorError(); } },
  { method: 'GET', path: '/too-large', authorization: 'none', handler: async () => { throw new ExposedTooLargeError(); } },
  { method: 'GET', path: '/boom', authorization: 'none', handler: async () => { throw new Error('db password is hunter2'); } },
  { method: 'GET', path: '/whoami', authorization: 'none', handler: async (request) => ({ status: 200, body: { correlationId: request.correlationId } }) },
  { method: 'GET', path: '/files/{owner}/{path+}', authorization: 'none', handler: async (request) => ({ status: 200, body: request.params }) },
  {
    method: 'GET',
    path: '/bytes', authorization: 'none',
    handler: async () => ({ status: 200, body: Uint8Array.from([0, 0xff, 0x80, 0x0a]), headers: { 'content-type': 'application/octet-stream' } }),
  },
  { method: 'GET', path: '/compiled', authorization: 'none', handler: async () => { throw new UnprocessableContentError('does not compile', { errors: [{ file: 'src/App.tsx', line: 3, column: 9, text: 'Unexpected "}"' }] }); } },
];

function captureLogs() {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  return {
    lines: () => lines.flatMap((line) => line.split('\n')).filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

const handler = createHttpApi({ logger: createLogger({ service: 'test-service', level: 'INFO' }), routes });
const context = buildLambdaContext({ functionName: 'test-service' });

describe('createHttpApi', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('routes by method and path and passes path parameters as API Gateway decoded them', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/items/a b' }), context);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({ id: 'a b' });
    expect(result.headers?.['content-type']).toBe('application/json');
  });

  it('answers an empty 204', async () => {
    const result = await handler(buildHttpApiEvent({ method: 'DELETE', path: '/items/1' }), context);

    expect(result.statusCode).toBe(204);
    expect(result.body ?? '').toBe('');
  });

  it('passes the rest of the path, slashes included, to a greedy {param+}', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/files/ada/assets/main one.js' }), context);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({ owner: 'ada', path: 'assets/main one.js' });
  });

  it('takes path parameters as API Gateway decoded them, without decoding them again', async () => {
    // `/items/100%2525` on the wire: API Gateway decodes it once, to `100%25`.
    const result = await handler(buildHttpApiEvent({ path: '/items/100%25' }), context);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({ id: '100%25' });
  });

  it('answers 405 for a greedy route called with another method', async () => {
    const result = await handler(buildHttpApiEvent({ method: 'POST', path: '/files/ada/a/b' }), context);

    expect(result.statusCode).toBe(405);
    expect(result.headers?.allow).toBe('GET');
  });

  it('sends bytes base64-encoded, flagged for API Gateway to decode', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/bytes' }), context);

    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body ?? '', 'base64')).toEqual(Buffer.from([0, 0xff, 0x80, 0x0a]));
    expect(result.headers?.['content-type']).toBe('application/octet-stream');
  });

  it('lists errors of a route’s own shape in the problem body', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/compiled' }), context);

    expect(result.statusCode).toBe(422);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ errors: [{ file: 'src/App.tsx', line: 3, column: 9, text: 'Unexpected "}"' }] });
  });

  it('answers 404 problem+json for an unknown route', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/nope' }), context);

    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(result.body ?? '')).toEqual({
      type: 'urn:problem-type:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'no route matches GET /nope',
    });
  });

  it('answers 405 with Allow listing the methods of a known path', async () => {
    const result = await handler(buildHttpApiEvent({ method: 'PUT', path: '/items/7' }), context);

    expect(result.statusCode).toBe(405);
    expect(result.headers?.allow).toBe('GET, DELETE');
    expect(JSON.parse(result.body ?? '').detail).toBe('PUT is not allowed on /items/7; allowed: GET, DELETE');
  });

  it('answers 405 for a method outside the usual verbs', async () => {
    const result = await handler(buildHttpApiEvent({ method: 'PROPFIND', path: '/items' }), context);

    expect(result.statusCode).toBe(405);
    expect(result.headers?.allow).toBe('POST');
  });

  it('maps an HttpError to its status with its message as detail', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/taken' }), context);

    expect(result.statusCode).toBe(409);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ status: 409, title: 'Conflict', detail: 'name "x" is taken' });
  });

  it('answers 503 problem+json with the Retry-After the error carries', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/busy' }), context);

    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'retry-after': '5', 'content-type': 'application/problem+json' });
    expect(JSON.parse(result.body ?? '')).toEqual({ type: 'urn:problem-type:service-unavailable', title: 'Service Unavailable', status: 503, detail: 'too busy' });
  });

  it('maps errors that declare a 4xx status and expose: true', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/cursor' }), context);

    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body ?? '').detail).toBe('cursor is invalid or expired');
  });

  it('keeps an exposed error’s own status with the title and type of that status', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/too-large' }), context);

    expect(result.statusCode).toBe(413);
    expect(JSON.parse(result.body ?? '')).toEqual({
      type: 'urn:problem-type:content-too-large',
      title: 'Content Too Large',
      status: 413,
      detail: 'item is 500000 bytes; the limit is 409600 bytes (400 KB)',
    });
  });

  it('hides the internals of an unexpected error behind a generic 500 and logs them', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/boom' }), context);

    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('hunter2');
    expect(result.body).not.toMatch(/at .*\.ts/);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ status: 500, title: 'Internal Server Error' });
    const errorLine = logs.lines().find((line) => line.level === 'ERROR');
    expect(JSON.stringify(errorLine)).toContain('hunter2');
  });

  it('echoes the caller’s x-correlation-id and hands it to the handler', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/whoami', headers: { 'x-correlation-id': 'abc-123' } }), context);

    expect(result.headers?.['x-correlation-id']).toBe('abc-123');
    expect(JSON.parse(result.body ?? '')).toEqual({ correlationId: 'abc-123' });
  });

  it('correlates by the Lambda request id when the caller sends no correlation id, or an unusable one', async () => {
    const first = buildLambdaContext();
    const second = buildLambdaContext();

    const none = await handler(buildHttpApiEvent({ path: '/whoami' }), first);
    const unusable = await handler(buildHttpApiEvent({ path: '/whoami', headers: { 'x-correlation-id': 'a b {"x":1}' } }), second);

    expect(none.headers?.['x-correlation-id']).toBe(first.awsRequestId);
    expect(JSON.parse(none.body ?? '')).toEqual({ correlationId: first.awsRequestId });
    expect(unusable.headers?.['x-correlation-id']).toBe(second.awsRequestId);
    expect(first.awsRequestId).not.toBe(second.awsRequestId);
  });

  it('logs one line per request with method, route, status, duration, correlation and request ids, and no body', async () => {
    await handler(
      buildHttpApiEvent({ method: 'POST', path: '/items', body: { name: 'secret-body-value' }, headers: { 'x-correlation-id': 'c-1' } }),
      context,
    );

    const lines = logs.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'request',
      service: 'test-service',
      method: 'POST',
      route: 'POST /items',
      status: 201,
      correlation_id: 'c-1',
      lambda_request_id: context.awsRequestId,
      function_request_id: context.awsRequestId,
    });
    expect(typeof lines[0]?.durationMs).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('secret-body-value');
  });
});
