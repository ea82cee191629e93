import { buildHttpApiEvent, buildLambdaContext } from '@sm/testing';
import { healthRoutes } from './health-routes';
import { createHttpApi } from './http-api';
import { createLogger } from './logger';

const health = { status: 'ok', service: 'test-service', version: '1.2.3' };
const handler = createHttpApi({ logger: createLogger({ service: 'test-service', level: 'SILENT' }), routes: healthRoutes('test-service', health) });
const context = buildLambdaContext({ functionName: 'test-service' });

describe('healthRoutes', () => {
  it.each(['/health', '/test-service/health'])('answers GET %s with 200 and the health', async (path) => {
    const result = await handler(buildHttpApiEvent({ path }), context);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual(health);
  });

  it('answers the health of no other service', async () => {
    const result = await handler(buildHttpApiEvent({ path: '/other-service/health' }), context);

    expect(result.statusCode).toBe(404);
  });
});
