import { buildHttpApiEvent, buildLambdaContext } from '@sm/testing';
import type { RouteDefinition } from './http-api';
import { createLogger } from './logger';
import { createService, createServiceLogger, type ServiceSettings } from './service';

const config: ServiceSettings = { LOG_LEVEL: 'SILENT', LOG_FORMAT: 'json', APP_VERSION: '2.0.1', AUTH_SCOPE_PREFIX: 'serverless-microservices/' };
const context = buildLambdaContext({ functionName: 'notes-service' });

function captureWrites(stream: NodeJS.WriteStream = process.stdout) {
  const lines: string[] = [];
  const spy = jest.spyOn(stream, 'write').mockImplementation((chunk) => lines.push(String(chunk)) > 0);
  return { lines, restore: () => spy.mockRestore() };
}

describe('createService', () => {
  const handler = createService({
    name: 'notes-service',
    config,
    routes: [
      { method: 'GET', path: '/api/notes', authorization: { scopes: ['notes:read'] }, handler: async (request) => ({ status: 200, body: { for: request.identity?.sub } }) },
    ],
  });

  it.each(['/health', '/notes-service/health'])('answers GET %s with the service name and the configured version', async (path) => {
    // act
    const result = await handler(buildHttpApiEvent({ path }), context);

    // assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({ status: 'ok', service: 'notes-service', version: '2.0.1' });
  });

  it('serves the app’s routes to a caller holding the scope under the configured prefix', async () => {
    // act
    const result = await handler(buildHttpApiEvent({ path: '/api/notes', jwt: { claims: { sub: 'alice' }, scopes: ['serverless-microservices/notes:read'] } }), context);

    // assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({ for: 'alice' });
  });

  it('answers 403 to a scope without the prefix, as the stage’s issuer never grants one', async () => {
    // act
    const result = await handler(buildHttpApiEvent({ path: '/api/notes', jwt: { claims: { sub: 'alice' }, scopes: ['notes:read'] } }), context);

    // assess
    expect(result.statusCode).toBe(403);
  });

  it('echoes the correlation id', async () => {
    // act
    const result = await handler(buildHttpApiEvent({ path: '/health', headers: { 'x-correlation-id': 'trace-7' } }), context);

    // assess
    expect(result.headers?.['x-correlation-id']).toBe('trace-7');
  });

  it('logs its requests at the configured level under the service name', async () => {
    // prepare
    const stdout = captureWrites();
    const logged = createService({ name: 'notes-service', config: { ...config, LOG_LEVEL: 'INFO' }, routes: [] });

    // act
    await logged(buildHttpApiEvent({ path: '/health' }), context);
    stdout.restore();

    // assess
    expect(stdout.lines.map((line) => JSON.parse(line) as unknown)).toEqual([expect.objectContaining({ service: 'notes-service', message: 'request', status: 200 })]);
  });

  it('logs through the logger the composition root passes', async () => {
    // prepare
    const stdout = captureWrites();
    const logger = createLogger({ service: 'shared-logger', level: 'INFO' });
    const logged = createService({ name: 'notes-service', config, routes: [], logger });

    // act
    await logged(buildHttpApiEvent({ path: '/health' }), context);
    stdout.restore();

    // assess
    expect(stdout.lines.map((line) => JSON.parse(line) as unknown)).toEqual([expect.objectContaining({ service: 'shared-logger' })]);
  });
});

describe('createService with routes loaded on demand', () => {
  const notes: RouteDefinition[] = [{ method: 'GET', path: '/api/notes', authorization: 'none', handler: async () => ({ status: 200, body: ['first note'] }) }];

  it.each(['/health', '/notes-service/health/'])('answers GET %s without loading the routes', async (path) => {
    // prepare
    const loadRoutes = jest.fn(async () => notes);
    const handler = createService({ name: 'notes-service', config, routes: loadRoutes });

    // act
    const result = await handler(buildHttpApiEvent({ path }), context);

    // assess
    expect(result.statusCode).toBe(200);
    expect(loadRoutes).not.toHaveBeenCalled();
  });

  it('loads the routes once, with the first request that is not a health check', async () => {
    // prepare
    const loadRoutes = jest.fn(async () => notes);
    const handler = createService({ name: 'notes-service', config, routes: loadRoutes });

    // act
    const [first, second] = await Promise.all([handler(buildHttpApiEvent({ path: '/api/notes' }), context), handler(buildHttpApiEvent({ path: '/api/notes' }), context)]);
    const unknown = await handler(buildHttpApiEvent({ path: '/api/unknown' }), context);
    const wrongMethod = await handler(buildHttpApiEvent({ method: 'POST', path: '/health' }), context);

    // assess
    expect(JSON.parse(first.body ?? '')).toEqual(['first note']);
    expect(JSON.parse(second.body ?? '')).toEqual(['first note']);
    expect(unknown.statusCode).toBe(404);
    expect(wrongMethod.statusCode).toBe(405);
    expect(loadRoutes).toHaveBeenCalledTimes(1);
  });

  it('answers a health path on another of the stage’s APIs by that API’s routes', async () => {
    // prepare
    const sites: RouteDefinition[] = [{ method: 'GET', path: '/{name}', api: 'sites', authorization: 'none', handler: async (request) => ({ status: 200, body: request.params }) }];
    const handler = createService({ name: 'notes-service', config, routes: async () => sites });

    // act
    const result = await handler(buildHttpApiEvent({ path: '/health', stageVariables: { httpApi: 'sites' } }), context);

    // assess
    expect(JSON.parse(result.body ?? '')).toEqual({ name: 'health' });
  });

  it('answers a logged 500 when the routes fail to load, and loads them again with the next request', async () => {
    // prepare
    const stderr = captureWrites(process.stderr);
    const loadRoutes = jest.fn<Promise<RouteDefinition[]>, []>().mockRejectedValueOnce(new Error('chunk missing')).mockResolvedValue(notes);
    const handler = createService({ name: 'notes-service', config: { ...config, LOG_LEVEL: 'ERROR' }, routes: loadRoutes });

    // act
    const failed = await handler(buildHttpApiEvent({ path: '/api/notes' }), context);
    const retried = await handler(buildHttpApiEvent({ path: '/api/notes' }), context);
    stderr.restore();

    // assess
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain('chunk missing');
    expect(stderr.lines.map((line) => JSON.parse(line) as unknown)).toEqual([expect.objectContaining({ level: 'ERROR', message: 'routes failed to load' })]);
    expect(retried.statusCode).toBe(200);
  });
});

describe('createServiceLogger', () => {
  it('writes one readable line when the config says pretty', () => {
    // prepare
    const stdout = captureWrites();

    // act
    createServiceLogger('notes-service', { LOG_LEVEL: 'INFO', LOG_FORMAT: 'pretty' }).info('started');
    stdout.restore();

    // assess
    expect(stdout.lines.join('')).toMatch(/notes-service.*started/);
    expect(() => JSON.parse(stdout.lines.join(''))).toThrow(SyntaxError);
  });
});
