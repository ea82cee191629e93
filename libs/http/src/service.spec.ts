import { buildHttpApiEvent, buildLambdaContext } from '@sm/testing';
import { createLogger } from './logger';
import { createService, createServiceLogger, type ServiceSettings } from './service';

const config: ServiceSettings = { LOG_LEVEL: 'SILENT', LOG_FORMAT: 'json', APP_VERSION: '2.0.1', AUTH_SCOPE_PREFIX: 'serverless-microservices/' };
const context = buildLambdaContext({ functionName: 'notes-service' });

function captureStdout() {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => lines.push(String(chunk)) > 0);
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
    const stdout = captureStdout();
    const logged = createService({ name: 'notes-service', config: { ...config, LOG_LEVEL: 'INFO' }, routes: [] });

    // act
    await logged(buildHttpApiEvent({ path: '/health' }), context);
    stdout.restore();

    // assess
    expect(stdout.lines.map((line) => JSON.parse(line) as unknown)).toEqual([expect.objectContaining({ service: 'notes-service', message: 'request', status: 200 })]);
  });

  it('logs through the logger the composition root passes', async () => {
    // prepare
    const stdout = captureStdout();
    const logger = createLogger({ service: 'shared-logger', level: 'INFO' });
    const logged = createService({ name: 'notes-service', config, routes: [], logger });

    // act
    await logged(buildHttpApiEvent({ path: '/health' }), context);
    stdout.restore();

    // assess
    expect(stdout.lines.map((line) => JSON.parse(line) as unknown)).toEqual([expect.objectContaining({ service: 'shared-logger' })]);
  });
});

describe('createServiceLogger', () => {
  it('writes one readable line when the config says pretty', () => {
    // prepare
    const stdout = captureStdout();

    // act
    createServiceLogger('notes-service', { LOG_LEVEL: 'INFO', LOG_FORMAT: 'pretty' }).info('started');
    stdout.restore();

    // assess
    expect(stdout.lines.join('')).toMatch(/notes-service.*started/);
    expect(() => JSON.parse(stdout.lines.join(''))).toThrow(SyntaxError);
  });
});
