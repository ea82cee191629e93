import { join } from 'node:path';
import { readAppDeploy } from '@sm/app-deploy';
import { MAX_EVENT_BYTES, MAX_TEXT_LENGTH } from '@sm/events';
import { MAX_JSON_BODY_BYTES } from '@sm/http/body';
import type { OpenApiDocument } from '@sm/http/openapi';
import { SERVICE_NAME } from './app';
import { testConfig, transports } from './test-setup';

const deploy = readAppDeploy(join(__dirname, '../../..'), SERVICE_NAME);

describe.each(transports)("integration-service's OpenAPI document through the %s", (_transport, start) => {
  const served = async () => {
    const { client } = start(testConfig([]));
    const response = await client({ method: 'GET', path: '/integration-service/openapi.json' });
    return { response, document: response.json as OpenApiDocument };
  };

  it('is served without a token as an OpenAPI 3.1 document of this service', async () => {
    const { response, document } = await served();

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: 'integration-service', version: '1.2.3' } });
  });

  it('lists every route of deploy.json and no other, each with the scopes deploy.json gives it', async () => {
    const { document } = await served();

    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({ routeKey: `${method.toUpperCase()} ${path}`, security: operation.security })),
    );
    const deployed = deploy.routes.map(({ routeKey, authorization, scopes }) => ({ routeKey, security: authorization === 'jwt' ? [{ jwt: scopes }] : [] }));
    expect(documented).toEqual(expect.arrayContaining(deployed));
    expect(documented).toHaveLength(deployed.length);
    expect(documented.map(({ routeKey }) => routeKey)).toEqual(
      expect.arrayContaining(['POST /api/integration', 'GET /api/integration', 'GET /api/integration/{eventId}', 'POST /api/integration/{eventId}/replay']),
    );
  });

  it('tells a publisher the body, event and text limits and the answers POST /api/integration gives', async () => {
    const { document } = await served();

    const publish = document.paths['/api/integration']?.post;
    expect(publish?.requestBody?.['x-max-body-bytes']).toBe(MAX_JSON_BODY_BYTES);
    expect(publish?.requestBody?.content['application/json']?.schema).toMatchObject({
      anyOf: [{ properties: { text: { type: 'string', minLength: 1, maxLength: MAX_TEXT_LENGTH } } }, { required: ['type', 'data'] }],
    });
    expect(publish?.responses['413']?.description).toContain(`${MAX_EVENT_BYTES} bytes`);
    expect(Object.keys(publish?.responses ?? {})).toEqual(['200', '202', '400', '401', '403', '413', '415', '422', '500', '502', '503']);
    expect(Object.keys(publish?.responses['502']?.content ?? {})).toEqual(['application/json']);
  });

  it('documents the dead-letter list’s query: status=failed required, a limit of 1 to 100 (20 by default) and an optional cursor', async () => {
    const { document } = await served();

    expect(document.paths['/api/integration']?.get?.parameters).toEqual([
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
      { name: 'cursor', in: 'query', required: false, schema: expect.objectContaining({ type: 'string' }) },
      { name: 'status', in: 'query', required: true, schema: { type: 'string', const: 'failed' } },
    ]);
  });
});
