import { deployedScheduleName, scheduleArn, scheduledEvent } from '@sm/app-deploy';
import { buildHttpApiEvent, buildLambdaContext } from '@sm/testing';
import type { RouteDefinition } from './http-api';
import { createLogger } from './logger';
import { createService, createServiceLogger, UnknownScheduleError, type ScheduleEvent, type ServiceSettings } from './service';

const config: ServiceSettings = { LOG_LEVEL: 'SILENT', LOG_FORMAT: 'json', APP_VERSION: '2.0.1', AUTH_SCOPE_PREFIX: 'serverless-microservices/' };
const context = buildLambdaContext({ functionName: 'notes-service' });

/** What the service writes to stdout, or, with `process.stderr`, where the logger writes errors. */
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

/** The event EventBridge Scheduler sends for a schedule of deploy.json, its context attributes filled in (as the deploy gives it). */
function scheduleEvent(schedule: string): ScheduleEvent {
  const target = { account: '123456789012', region: 'eu-west-1' };
  return scheduledEvent(schedule, target, {
    id: 'c2b7a1e0-6a4e-4c1b-9d52-0f3c8a7e5d11',
    time: new Date('2026-12-02T18:00:00Z'),
    scheduleArn: scheduleArn(target, 'serverless-microservices-dev', deployedScheduleName('notes-service', schedule)),
  });
}

describe('createService with schedules', () => {
  const runs: string[] = [];
  const handler = createService({
    name: 'notes-service',
    config,
    routes: [{ method: 'GET', path: '/api/notes', authorization: 'none', handler: async () => ({ status: 200, body: [] }) }],
    schedules: {
      'tidy-up': async (event) => {
        runs.push(`tidy-up at ${event.time}`);
      },
    },
  });
  beforeEach(() => {
    runs.length = 0;
  });

  it('runs the schedule a schedule event names, and no route', async () => {
    // act
    const result = await handler(scheduleEvent('tidy-up'), context);

    // assess
    expect(result).toBeUndefined();
    expect(runs).toEqual(['tidy-up at 2026-12-02T18:00:00Z']);
  });

  it('still answers API Gateway events with its routes', async () => {
    // act
    const result = await handler(buildHttpApiEvent({ path: '/api/notes' }), context);

    // assess
    expect(result.statusCode).toBe(200);
    expect(runs).toEqual([]);
  });

  it('fails the invocation for a schedule it does not run, naming the ones it does, and logs it', async () => {
    // prepare
    const stdout = captureWrites(process.stderr);
    const logged = createService({ name: 'notes-service', config: { ...config, LOG_LEVEL: 'INFO' }, routes: [], schedules: { 'tidy-up': async () => undefined } });

    // act
    const running = logged(scheduleEvent('tidy-down'), context);

    // assess
    await expect(running).rejects.toThrow(new UnknownScheduleError('tidy-down', ['tidy-up']));
    await expect(running).rejects.toThrow('no handler for schedule "tidy-down"; this service runs "tidy-up"');
    stdout.restore();
    expect(stdout.lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ level: 'ERROR', service: 'notes-service', schedule: 'tidy-down', invocationId: 'c2b7a1e0-6a4e-4c1b-9d52-0f3c8a7e5d11' }),
    ]);
  });

  it('fails the invocation for a service without schedules', async () => {
    // prepare
    const plain = createService({ name: 'notes-service', config, routes: [] });

    // act
    const running = plain(scheduleEvent('tidy-up'), context);

    // assess
    await expect(running).rejects.toThrow('no handler for schedule "tidy-up"; this service runs no schedules');
  });

  it('fails the invocation when the schedule fails, and logs why', async () => {
    // prepare
    const stdout = captureWrites(process.stderr);
    const logged = createService({ name: 'notes-service', config: { ...config, LOG_LEVEL: 'INFO' }, routes: [], schedules: { broken: async () => Promise.reject(new RangeError('the store is gone')) } });

    // act
    const running = logged(scheduleEvent('broken'), context);

    // assess
    await expect(running).rejects.toThrow(RangeError);
    stdout.restore();
    expect(stdout.lines.join('')).toContain('the store is gone');
    expect(stdout.lines.map((line) => JSON.parse(line) as unknown)).toEqual([expect.objectContaining({ level: 'ERROR', message: 'schedule failed', schedule: 'broken' })]);
  });

  it('logs each run of a schedule with its scheduled time and duration', async () => {
    // prepare
    const stdout = captureWrites();
    const logged = createService({ name: 'notes-service', config: { ...config, LOG_LEVEL: 'INFO' }, routes: [], schedules: { 'tidy-up': async () => undefined } });

    // act
    await logged(scheduleEvent('tidy-up'), context);
    stdout.restore();

    // assess
    expect(stdout.lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'schedule ran', schedule: 'tidy-up', scheduledTime: '2026-12-02T18:00:00Z', durationMs: expect.any(Number) }),
    ]);
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

describe('createService with route declarations', () => {
  const notesApi = {
    listNotes: { method: 'GET', path: '/api/notes', authorization: 'none', summary: 'List notes', responses: { 200: { description: 'the notes' } } },
  } as const;

  it('serves its OpenAPI document at GET /<name>/openapi.json, importing the declarations with the first request for it', async () => {
    // prepare
    const importApi = jest.fn(async () => notesApi);
    const handler = createService({ name: 'notes-service', config, routes: [{ ...notesApi.listNotes, handler: async () => ({ status: 200, body: [] }) }], api: importApi });
    await handler(buildHttpApiEvent({ path: '/api/notes' }), context);
    expect(importApi).not.toHaveBeenCalled();

    // act
    const first = await handler(buildHttpApiEvent({ path: '/notes-service/openapi.json' }), context);
    const second = await handler(buildHttpApiEvent({ path: '/notes-service/openapi.json' }), context);

    // assess
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body ?? '')).toMatchObject({ openapi: '3.1.0', info: { title: 'notes-service', version: '2.0.1' }, paths: { '/api/notes': { get: { operationId: 'listNotes' } } } });
    expect(second.body).toBe(first.body);
    expect(importApi).toHaveBeenCalledTimes(1);
  });

  it('serves no document when it declares no routes', async () => {
    const handler = createService({ name: 'notes-service', config, routes: [] });

    const result = await handler(buildHttpApiEvent({ path: '/notes-service/openapi.json' }), context);

    expect(result.statusCode).toBe(404);
  });
});
