import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAppDocument } from './write-app-document';

// Throwaway apps under the workspace's tmp/ (ignored by git, lint and tsc), where their imports of
// zod and @sm/http/openapi resolve as an app's do.
const workspaceRoot = join(__dirname, '../../..');
let root = '';

function app(name: string, api: string): void {
  mkdirSync(join(root, 'apps', name, 'src'), { recursive: true });
  writeFileSync(join(root, 'apps', name, 'deploy.json'), '{}');
  writeFileSync(join(root, 'apps', name, 'src', 'api.ts'), api);
}

const route = (status: number) => `{ method: 'GET', path: '/api/notes', authorization: { scopes: ['notes:read'] }, summary: 'List notes', responses: { ${status}: json('the notes', z.array(z.object({ title: z.string(), data: z.json() }))) } }`;
const header = "import { declareRoutes, json } from '@sm/http/openapi';\nimport * as z from 'zod';\n";

beforeAll(() => {
  mkdirSync(join(workspaceRoot, 'tmp'), { recursive: true });
  root = mkdtempSync(join(workspaceRoot, 'tmp', 'openapi-apps-'));
});

afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

describe('writeAppDocument', () => {
  it("writes dist/apps/<app>/openapi.json: the app's operations and the ones every service has, with the version given", async () => {
    app('notes-service', `${header}export const notesApi = declareRoutes({ listNotes: ${route(200)} });\n`);

    await writeAppDocument(root, 'notes-service', '2.3.4');

    const written = JSON.parse(readFileSync(join(root, 'dist/apps/notes-service/openapi.json'), 'utf8'));
    expect(written).toMatchObject({ openapi: '3.1.0', info: { title: 'notes-service', version: '2.3.4' } });
    expect(Object.keys(written.paths)).toEqual(['/api/notes', '/notes-service/health', '/notes-service/openapi.json']);
    expect(written.paths['/api/notes'].get.security).toEqual([{ jwt: ['notes:read'] }]);
  });

  it("fails with the validator's errors on a document that is not valid OpenAPI 3.1, and writes nothing", async () => {
    app('odd-service', `${header}export const oddApi = declareRoutes({ listNotes: ${route(99)} });\n`);

    await expect(writeAppDocument(root, 'odd-service', '1.0.0')).rejects.toThrow(
      "odd-service's OpenAPI document is not valid OpenAPI 3.1:\n  /paths/~1api~1notes/get/responses must NOT have unevaluated properties {\"unevaluatedProperty\":\"99\"}",
    );
    expect(existsSync(join(root, 'dist/apps/odd-service/openapi.json'))).toBe(false);
  });

  it('fails on an api.ts that exports two declarations', async () => {
    app('twin-service', `${header}export const oneApi = declareRoutes({ listNotes: ${route(200)} });\nexport const twoApi = declareRoutes({ listMore: ${route(200)} });\n`);

    await expect(writeAppDocument(root, 'twin-service', '1.0.0')).rejects.toThrow('apps/twin-service/src/api.ts must export exactly one declareRoutes(...) const; found oneApi, twoApi');
  });

  it('fails on an app with no api.ts', async () => {
    mkdirSync(join(root, 'apps', 'bare-service'), { recursive: true });

    await expect(writeAppDocument(root, 'bare-service', '1.0.0')).rejects.toThrow('apps/bare-service/src/api.ts does not exist: the app declares no routes to document');
  });
});
