import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenApiDocument } from '@sm/http/openapi';
import { MAX_APP_REQUEST_BYTES } from './api';
import { transports } from './test-setup';

interface DeployedRoute {
  routeKey: string;
  api?: string;
  authorization: 'none' | 'jwt';
  scopes?: string[];
}

/** The routes API Gateway is given for this function: the document must list the same ones, with the same scopes. */
const deployed = (JSON.parse(readFileSync(join(__dirname, '../deploy.json'), 'utf8')) as { routes: DeployedRoute[] }).routes;

describe.each(transports)('react-app-manager’s OpenAPI document through the %s', (_transport, start) => {
  async function servedDocument() {
    const { client } = start();
    const response = await client({ method: 'GET', path: '/react-app-manager/openapi.json' });
    expect([response.status, response.headers['content-type']]).toEqual([200, 'application/json']);
    return response.json as OpenApiDocument;
  }

  it('lists every route of the API in deploy.json, anyone’s or with the scopes it requires, and none of the sites API', async () => {
    const document = await servedDocument();

    const listed = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, security: operation.security })),
    );
    const expected = deployed
      .filter((route) => (route.api ?? 'api') === 'api')
      // OpenAPI writes API Gateway's greedy {proxy+} as {proxy}.
      .map((route) => ({ route: route.routeKey.replace('{proxy+}', '{proxy}'), security: route.authorization === 'jwt' ? [{ jwt: route.scopes }] : [] }));
    const byRoute = (a: { route: string }, b: { route: string }) => a.route.localeCompare(b.route);
    expect(listed.sort(byRoute)).toEqual(expected.sort(byRoute));
    expect(deployed.filter((route) => route.api === 'sites').map((route) => route.routeKey)).toEqual(['GET /{proxy+}']);
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/{'))).toEqual([]);
  });

  it('tells a client how large an app request may be, and that a full build queue answers 503 with Retry-After', async () => {
    const document = await servedDocument();

    for (const operation of [document.paths['/api/apps']?.post, document.paths['/api/apps/{name}']?.put]) {
      expect(operation?.requestBody?.['x-max-body-bytes']).toBe(MAX_APP_REQUEST_BYTES);
      expect(operation?.responses['503']?.headers).toHaveProperty('retry-after');
    }
  });
});
