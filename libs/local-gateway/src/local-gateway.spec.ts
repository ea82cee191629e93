import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Express } from 'express';
import request from 'supertest';
import { recordedHttpApiEvent } from '@sm/testing';
import type { HttpApiConfig, HttpApiRoute, LambdaFunctionConfig } from './gateway-config';
import { GatewayConfigError } from './gateway-config-error';
import { createLocalGateway } from './local-gateway';

const logger = { info: jest.fn(), error: jest.fn() };
const IP = /^[\d.:a-f]+$/;

/** A function that records the events it was invoked with and answers `result`. */
function recordingFunction(result: unknown = { statusCode: 204 }, config: Partial<LambdaFunctionConfig> = {}) {
  const invocations: APIGatewayProxyEventV2[] = [];
  const fn: LambdaFunctionConfig = {
    name: 'recording-function',
    handler: async (event) => {
      invocations.push(event);
      return result;
    },
    ...config,
  };
  const lastEvent = (): APIGatewayProxyEventV2 => {
    const last = invocations.at(-1);
    if (!last) throw new Error('the function was not invoked');
    return last;
  };
  return { fn, invocations, lastEvent };
}

function gatewayWith(routes: HttpApiRoute[], api: Omit<HttpApiConfig, 'routes'> = {}): Express {
  return createLocalGateway({ apis: [{ ...api, routes }], logger });
}

/** Supertest sets each header once; repeated headers need Node's raw format (which adds no Host). */
async function getWithRawHeaders(app: Express, path: string, rawHeaders: string[]): Promise<void> {
  const server = app.listen(0);
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    await new Promise<void>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      httpRequest({ port, path, headers: ['host', `localhost:${port}`, ...rawHeaders] }, (res) => res.resume().on('end', resolve)).on('error', reject).end();
    });
  } finally {
    server.close();
  }
}

describe('createLocalGateway: the event', () => {
  it('sends the event API Gateway recorded for the same browser request, field for field', async () => {
    // prepare
    const recorded = recordedHttpApiEvent;
    const { fn, lastEvent } = recordingFunction();
    const app = gatewayWith([{ routeKey: recorded.routeKey, fn }], { apiId: recorded.requestContext.apiId, stage: 'default' });
    const addedByGateway = ['content-length', 'x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto'];
    const browserHeaders = Object.fromEntries(
      Object.entries(recorded.headers).flatMap(([name, value]) => (addedByGateway.includes(name) || value === undefined ? [] : [[name, value]])),
    );
    const before = Date.now();

    // act
    await request(app).get(recorded.rawPath).set(browserHeaders).set('cookie', (recorded.cookies ?? []).join('; '));

    // assess
    const event = lastEvent();
    expect(event).toStrictEqual({
      ...recorded,
      headers: {
        ...recorded.headers,
        'x-forwarded-for': event.requestContext.http.sourceIp,
        'x-forwarded-port': expect.stringMatching(/^\d+$/),
        'x-forwarded-proto': 'http',
      },
      requestContext: {
        ...recorded.requestContext,
        http: { ...recorded.requestContext.http, sourceIp: expect.stringMatching(IP) },
        requestId: expect.stringMatching(/^[A-Za-z0-9+/]{15}=$/),
        time: expect.stringMatching(/^\d{2}\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
        timeEpoch: expect.any(Number),
      },
    });
    expect(event.requestContext.timeEpoch).toBeGreaterThanOrEqual(before);
    expect(event.requestContext.timeEpoch).toBeLessThanOrEqual(Date.now());
  });

  it('passes rawPath, http.path and the path parameters decoded, as HTTP API does', async () => {
    // prepare
    const { fn, lastEvent } = recordingFunction();
    const app = gatewayWith([{ routeKey: 'GET /api/callbacks/{id}', fn }]);

    // act
    await request(app).get('/api/callbacks/a%20b%C3%A9%E6%9E%B6');

    // assess
    const event = lastEvent();
    expect(event).toMatchObject({ routeKey: 'GET /api/callbacks/{id}', rawPath: '/api/callbacks/a bé架', pathParameters: { id: 'a bé架' } });
    expect(event.requestContext.http.path).toBe('/api/callbacks/a bé架');
  });

  it('routes an encoded slash as a slash, so it splits path parameters as HTTP API does', async () => {
    // prepare
    const { fn, lastEvent } = recordingFunction();
    const app = gatewayWith([{ routeKey: 'ANY /api/apps/{proxy+}', fn }]);

    // act
    await request(app).get('/api/apps/todo%2Fsrc/main.ts');

    // assess
    expect(lastEvent()).toMatchObject({ rawPath: '/api/apps/todo/src/main.ts', pathParameters: { proxy: 'todo/src/main.ts' } });
  });

  it('answers 404 when an encoded slash leaves a single-segment variable no route', async () => {
    // prepare
    const { fn } = recordingFunction();
    const app = gatewayWith([{ routeKey: 'GET /api/callbacks/{id}', fn }]);

    // act
    const response = await request(app).get('/api/callbacks/a%2Fb');

    // assess
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ message: 'Not Found' });
  });

  it('gives a greedy {proxy+} variable the rest of the path', async () => {
    // prepare
    const { fn, lastEvent } = recordingFunction();
    const app = gatewayWith([{ routeKey: 'ANY /api/apps/{proxy+}', fn }]);

    // act
    await request(app).delete('/api/apps/todo/src/main.ts');

    // assess
    expect(lastEvent().pathParameters).toEqual({ proxy: 'todo/src/main.ts' });
  });

  it('comma-joins repeated query parameters, decoded, and keeps the raw query string', async () => {
    // prepare
    const { fn, lastEvent } = recordingFunction();
    const app = gatewayWith([{ routeKey: 'GET /search', fn }]);

    // act
    await request(app).get('/search?tag=a&tag=b&q=hello%20world');

    // assess
    expect(lastEvent()).toMatchObject({
      rawQueryString: 'tag=a&tag=b&q=hello%20world',
      queryStringParameters: { tag: 'a,b', q: 'hello world' },
    });
  });

  it('comma-joins repeated headers and moves every cookie header to cookies', async () => {
    // prepare
    const { fn, lastEvent } = recordingFunction();
    const app = gatewayWith([{ routeKey: '$default', fn }]);

    // act
    await getWithRawHeaders(app, '/', ['X-Tag', 'a', 'x-tag', 'b', 'Cookie', 'a=1; b=2', 'Cookie', 'c=3']);

    // assess
    const event = lastEvent();
    expect(event.headers['x-tag']).toBe('a,b');
    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('omits cookies, queryStringParameters, pathParameters and body when the request has none', async () => {
    // prepare
    const { fn, lastEvent } = recordingFunction();
    const app = gatewayWith([{ routeKey: 'GET /health', fn }]);

    // act
    await request(app).get('/health');

    // assess
    expect(Object.keys(lastEvent()).sort()).toEqual(['headers', 'isBase64Encoded', 'rawPath', 'rawQueryString', 'requestContext', 'routeKey', 'version']);
  });

  it('sends a JSON body as text and a binary body base64-encoded, byte for byte', async () => {
    // prepare
    const { fn, invocations } = recordingFunction();
    const app = gatewayWith([{ routeKey: 'POST /upload', fn }]);
    const bytes = Buffer.from([0, 1, 127, 128, 254, 255]);

    // act
    await request(app).post('/upload').send({ text: 'hé' });
    await request(app).post('/upload').set('content-type', 'application/octet-stream').send(bytes);

    // assess
    const [json, binary] = invocations;
    expect(json).toMatchObject({ isBase64Encoded: false, body: '{"text":"hé"}' });
    expect(binary?.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary?.body ?? '', 'base64')).toEqual(bytes);
  });

  it('removes the API mapping from rawPath and routes on what follows it', async () => {
    // prepare
    const callbacks = recordingFunction();
    const web = recordingFunction();
    const app = createLocalGateway({
      apis: [
        { basePath: 'callback-service', routes: [{ routeKey: 'GET /api/callbacks', fn: callbacks.fn }] },
        { routes: [{ routeKey: '$default', fn: web.fn }] },
      ],
      logger,
    });

    // act
    await request(app).get('/callback-service/api/callbacks');
    await request(app).get('/api/callbacks');

    // assess
    expect(callbacks.lastEvent()).toMatchObject({ rawPath: '/api/callbacks', requestContext: { http: { path: '/api/callbacks' } } });
    expect(web.lastEvent()).toMatchObject({ rawPath: '/api/callbacks', routeKey: '$default' });
  });
});

describe('createLocalGateway: the response', () => {
  it('answers a structured result with its status, headers, one set-cookie per cookie and decoded base64 body', async () => {
    // prepare
    const { fn } = recordingFunction({
      statusCode: 201,
      headers: { 'content-type': 'image/png', 'x-app': 'todo' },
      cookies: ['session=abc; HttpOnly', 'theme=dark'],
      body: Buffer.from([137, 80, 78, 71]).toString('base64'),
      isBase64Encoded: true,
    });
    const app = gatewayWith([{ routeKey: '$default', fn }]);

    // act
    const response = await request(app).get('/logo.png').responseType('blob');

    // assess
    expect(response.status).toBe(201);
    expect(response.headers).toMatchObject({ 'content-type': 'image/png', 'x-app': 'todo', 'set-cookie': ['session=abc; HttpOnly', 'theme=dark'] });
    expect(response.headers['apigw-requestid']).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(response.body).toEqual(Buffer.from([137, 80, 78, 71]));
  });

  it.each([
    ['a bare object as JSON', { id: 'cb_1' }, '{"id":"cb_1"}'],
    ['a string as it is', 'Hello from Lambda!', 'Hello from Lambda!'],
    ['an array as JSON', [1, 2], '[1,2]'],
  ])('answers 200 application/json with %s when the result has no statusCode', async (_case, result, body) => {
    // prepare
    const { fn } = recordingFunction(result);
    const app = gatewayWith([{ routeKey: '$default', fn }]);

    // act
    const response = await request(app).get('/').responseType('blob');

    // assess
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(String(response.body)).toBe(body);
  });

  it('answers 404 {"message":"Not Found"} when no route matches', async () => {
    // prepare
    const app = gatewayWith([{ routeKey: 'GET /api/callbacks', fn: recordingFunction().fn }]);

    // act
    const response = await request(app).post('/api/callbacks');

    // assess
    expect(response.status).toBe(404);
    expect(response.text).toBe('{"message":"Not Found"}');
  });

  it('answers 404 when the path is outside the named stage', async () => {
    // prepare
    const app = gatewayWith([{ routeKey: '$default', fn: recordingFunction().fn }], { stage: 'default' });

    // act
    const response = await request(app).get('/prod/anything');

    // assess
    expect(response.status).toBe(404);
  });

  it('answers 413 without invoking the function when the body exceeds 10 MB', async () => {
    // prepare
    const { fn, invocations } = recordingFunction();
    const app = gatewayWith([{ routeKey: 'POST /upload', fn }]);

    // act
    const response = await request(app).post('/upload').set('content-type', 'application/octet-stream').send(Buffer.alloc(10 * 1024 * 1024 + 1));

    // assess
    expect(response.status).toBe(413);
    expect(response.text).toBe('{"message":"Request Entity Too Large"}');
    expect(invocations).toHaveLength(0);
  });

  it("answers 413 without invoking the function when base64 takes a binary body past Lambda's 6 MB", async () => {
    // prepare
    const { fn, invocations } = recordingFunction();
    const app = gatewayWith([{ routeKey: 'POST /upload', fn }]);

    // act
    const response = await request(app).post('/upload').set('content-type', 'application/octet-stream').send(Buffer.alloc(5 * 1024 * 1024));

    // assess
    expect(response.status).toBe(413);
    expect(response.text).toBe('{"message":"Request Entity Too Large"}');
    expect(invocations).toHaveLength(0);
  });

  it("answers 502 and logs Function.ResponseSizeTooLarge when the result is over Lambda's 6 MB", async () => {
    // prepare
    const { fn } = recordingFunction({ statusCode: 200, body: 'x'.repeat(6 * 1024 * 1024 + 100) });
    const app = gatewayWith([{ routeKey: 'GET /export', fn }]);

    // act
    const response = await request(app).get('/export');

    // assess
    expect(response.status).toBe(502);
    expect(response.text).toBe('{"message":"Internal Server Error"}');
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('Function.ResponseSizeTooLarge'), expect.objectContaining({ function: 'recording-function' }));
  });

  it('answers 500 and logs the error, never sending it to the client, when the handler throws', async () => {
    // prepare
    const fn: LambdaFunctionConfig = { name: 'failing', handler: () => Promise.reject(new TypeError('secret detail')) };
    const app = gatewayWith([{ routeKey: '$default', fn }]);

    // act
    const response = await request(app).get('/');

    // assess
    expect(response.status).toBe(500);
    expect(response.text).toBe('{"message":"Internal Server Error"}');
    expect(logger.error).toHaveBeenCalledWith('Invoke Error', expect.objectContaining({
      function: 'failing',
      error: expect.objectContaining({ name: 'TypeError', message: 'secret detail', stack: expect.stringContaining('TypeError') }),
    }));
  });

  it('answers 500 when the function times out, and ignores its late result', async () => {
    // prepare
    const late = settleLater();
    const app = gatewayWith([{ routeKey: '$default', fn: { name: 'slow', handler: () => late.promise, timeoutSeconds: 0.05 } }]);

    // act
    const response = await request(app).get('/');
    late.settle({ statusCode: 200, body: 'too late' });
    await new Promise((resolve) => setImmediate(resolve));

    // assess
    expect(response.status).toBe(500);
    expect(response.text).toBe('{"message":"Internal Server Error"}');
    expect(logger.error).toHaveBeenCalledWith('Task timed out after 0.05 seconds', expect.objectContaining({ function: 'slow' }));
    expect(logger.info).toHaveBeenCalledTimes(1);
  });

  it('answers 503 when the integration timeout runs out before the function timeout', async () => {
    // prepare
    const late = settleLater();
    const fn: LambdaFunctionConfig = { name: 'slow', handler: () => late.promise, timeoutSeconds: 60 };
    const app = gatewayWith([{ routeKey: '$default', fn, timeoutInMillis: 50 }]);

    // act
    const response = await request(app).get('/');
    late.settle({ statusCode: 200 });

    // assess
    expect(response.status).toBe(503);
    expect(response.text).toBe('{"message":"Service Unavailable"}');
  });

  it('answers 502 and logs why when the structured result is malformed', async () => {
    // prepare
    const app = gatewayWith([{ routeKey: '$default', fn: recordingFunction({ statusCode: '200', body: 'ok' }).fn }]);

    // act
    const response = await request(app).get('/');

    // assess
    expect(response.status).toBe(502);
    expect(response.text).toBe('{"message":"Internal Server Error"}');
    expect(logger.error).toHaveBeenCalledWith('Malformed Lambda proxy response', expect.objectContaining({ reason: expect.stringContaining('statusCode') }));
  });

  it('logs one line per request with its route, status and function, and no body', async () => {
    // prepare
    const app = gatewayWith([{ routeKey: 'POST /api/callbacks', fn: recordingFunction().fn }]);

    // act
    await request(app).post('/api/callbacks?token=x').send({ secret: 'body' });

    // assess
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith('POST /api/callbacks 204', {
      method: 'POST',
      path: '/api/callbacks',
      routeKey: 'POST /api/callbacks',
      status: 204,
      durationMs: expect.any(Number),
      function: 'recording-function',
      requestId: expect.any(String),
    });
  });
});

describe('createLocalGateway: the configuration', () => {
  it.each([
    ['an invalid route key', [{ routeKey: 'FETCH /x', fn: recordingFunction().fn }], /Invalid route key "FETCH \/x"/],
    ['conflicting route keys', [{ routeKey: 'GET /a/{id}', fn: recordingFunction().fn }, { routeKey: 'GET /a/{name}', fn: recordingFunction().fn }], /Duplicate route key/],
    ['a function timeout above 900 s', [{ routeKey: '$default', fn: recordingFunction(undefined, { timeoutSeconds: 901 }).fn }], /timeoutSeconds/],
    ['an integration timeout above 30 s', [{ routeKey: '$default', fn: recordingFunction().fn, timeoutInMillis: 30_001 }], /timeoutInMillis/],
  ])('refuses %s at construction', (_case, routes: HttpApiRoute[], message) => {
    // act
    const construct = () => gatewayWith(routes);

    // assess
    expect(construct).toThrow(GatewayConfigError);
    expect(construct).toThrow(message);
  });
});

function settleLater() {
  let settle: (result: unknown) => void = () => undefined;
  const promise = new Promise<unknown>((resolve) => {
    settle = resolve;
  });
  return { promise, settle: (result: unknown) => settle(result) };
}

