import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readAppDeploy } from './app-deploy';

const workspaceRoot = resolve(__dirname, '../../..');

function workspaceWith(deploy: object): string {
  const root = mkdtempSync(join(tmpdir(), 'app-deploy-'));
  mkdirSync(join(root, 'apps', 'site'), { recursive: true });
  writeFileSync(join(root, 'apps', 'site', 'deploy.json'), JSON.stringify(deploy));
  return root;
}

const fn = { handler: 'src/main.ts', timeoutSeconds: 10, memoryMB: 512 };

describe('readAppDeploy', () => {
  it.each(['callback-service', 'integration-service', 'react-app-manager'])('reads %s’s deploy.json', (app) => {
    const deploy = readAppDeploy(workspaceRoot, app);

    expect(deploy.function.handler).toBe('src/main.ts');
    expect(deploy.routes).toContainEqual(expect.objectContaining({ routeKey: expect.stringMatching(/^(GET|POST) \/api\//), api: 'api', authorization: 'jwt' }));
  });

  it('fills in what an app leaves out', () => {
    expect(readAppDeploy(workspaceWith({ function: fn, routes: [{ routeKey: '$default', authorization: 'none' }] }), 'site')).toEqual({
      function: { ...fn, environment: {} },
      routes: [{ routeKey: '$default', api: 'api', authorization: 'none', scopes: [] }],
      resources: { tables: [], buckets: [] },
      image: { files: [], packages: [], builds: [] },
    });
  });

  it('refuses image files outside the app folder and a fractional timeout', () => {
    const outside = workspaceWith({ function: fn, routes: [{ routeKey: '$default', authorization: 'none' }], image: { files: ['../secrets'] } });
    const fractional = workspaceWith({ function: { ...fn, timeoutSeconds: 2.5 }, routes: [{ routeKey: '$default', authorization: 'none' }] });

    expect(() => readAppDeploy(outside, 'site')).toThrow(/inside the app folder/);
    expect(() => readAppDeploy(fractional, 'site')).toThrow(/timeoutSeconds/);
  });

  it.each([
    [{ routeKey: 'GET /api/x' }, /authorization/],
    [{ routeKey: 'GET /api/x', authorization: 'none', scopes: ['x:read'] }, /scopes need .*jwt/],
    [{ routeKey: 'GET /api/x', authorization: 'jwt', scopes: ['two words'] }, /OAuth 2.0 scope/],
    [{ routeKey: 'GET /{proxy+}', api: 'sites', authorization: 'jwt' }, /sites API has no authorizer/],
  ])('refuses the route %j', (route, problem) => {
    expect(() => readAppDeploy(workspaceWith({ function: fn, routes: [route] }), 'site')).toThrow(problem);
  });
});
