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
    expect(deploy.routes).toContainEqual(expect.stringMatching(/^ANY \/api\//));
  });

  it('fills in what an app leaves out', () => {
    expect(readAppDeploy(workspaceWith({ function: fn, routes: ['$default'] }), 'site')).toEqual({
      function: { ...fn, environment: {} },
      routes: ['$default'],
      resources: { tables: [], buckets: [] },
      image: { files: [], packages: [] },
    });
  });

  it('refuses image files outside the app folder and a fractional timeout', () => {
    const outside = workspaceWith({ function: fn, routes: ['$default'], image: { files: ['../secrets'] } });
    const fractional = workspaceWith({ function: { ...fn, timeoutSeconds: 2.5 }, routes: ['$default'] });

    expect(() => readAppDeploy(outside, 'site')).toThrow(/inside the app folder/);
    expect(() => readAppDeploy(fractional, 'site')).toThrow(/timeoutSeconds/);
  });
});
