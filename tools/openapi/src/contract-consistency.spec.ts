import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listApps, readAppDeploy } from '@sm/app-deploy';
import type { OpenApiDocument } from '@sm/http/openapi';
import { apiFile, appDocument } from './app-api';
import { assertValidOpenApi31 } from './validate-document';

// Every app that declares its routes (apps/*/deploy.json beside a src/api.ts): its document says what
// its deploy.json makes the gateway do, route for route and scope for scope, and is valid OpenAPI 3.1.
const workspaceRoot = join(__dirname, '../../..');
const apps = listApps(workspaceRoot).filter((app) => existsSync(apiFile(workspaceRoot, app)));

/** API Gateway's greedy `{proxy+}` is OpenAPI's `{proxy}`, as the document writes it. */
const documented = (routeKey: string) => routeKey.replace(/\{([^}+]+)\+\}/g, '{$1}');

function operationSecurity(document: OpenApiDocument): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(document.paths).flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation.security])),
  );
}

it('finds the apps that declare their routes, callback-service among them', () => {
  expect(apps).toContain('callback-service');
});

describe.each(apps)('the OpenAPI document of %s', (app) => {
  let document: OpenApiDocument;
  const routes = readAppDeploy(workspaceRoot, app).routes.filter((route) => route.api === 'api');

  beforeAll(async () => {
    const built = await appDocument(workspaceRoot, app, '1.0.0');
    if (built === undefined) throw new Error(`${app} has no api.ts`);
    document = built;
  });

  it('is valid OpenAPI 3.1', async () => {
    await expect(assertValidOpenApi31(app, document)).resolves.toBeUndefined();
  });

  it("has exactly the operations of deploy.json's routes on the api API", () => {
    expect(Object.keys(operationSecurity(document)).sort()).toEqual(routes.map((route) => documented(route.routeKey)).sort());
  });

  it("requires on each operation the scopes deploy.json requires, and nothing where it says none", () => {
    const expected = Object.fromEntries(routes.map((route) => [documented(route.routeKey), route.authorization === 'jwt' ? [{ jwt: route.scopes }] : []]));

    expect(operationSecurity(document)).toEqual(expected);
  });
});
