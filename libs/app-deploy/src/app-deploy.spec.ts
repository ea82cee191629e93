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
      schedules: [],
      resources: { tables: [], buckets: [] },
      image: { files: [], packages: [], builds: [] },
    });
  });

  it('reads schedules, none when the app declares none', () => {
    const schedules = [{ name: 'deliver-due', expression: 'rate(1 minute)' }, { name: 'nightly-report', expression: 'cron(0 2 * * ? *)' }];

    expect(readAppDeploy(workspaceWith({ function: fn, routes: [{ routeKey: '$default', authorization: 'none' }], schedules }), 'site').schedules).toEqual(schedules);
    expect(readAppDeploy(workspaceRoot, 'integration-service').schedules).toEqual([{ name: 'deliver-due', expression: 'rate(1 minute)' }]);
  });

  it.each([
    [[{ name: 'Deliver_Due', expression: 'rate(1 minute)' }], /schedules.0.name: must be kebab-case/],
    [[{ name: 'x'.repeat(65), expression: 'rate(1 minute)' }], /schedules.0.name: must be at most 64 characters/],
    [[{ name: 'tick', expression: 'rate(1 minutes)' }], /schedules.0.expression: "rate\(1 minutes\)": a rate of 1 takes the singular unit/],
    [[{ name: 'tick', expression: 'cron(0 12 * * * *)' }], /schedules.0.expression: .*exactly one of day-of-month and day-of-week/],
    [[{ name: 'tick', expression: 'rate(1 minute)' }, { name: 'tick', expression: 'rate(2 minutes)' }], /schedules.1.name: tick is declared twice/],
    [[{ name: 'tick', expression: 'rate(1 minute)', input: {} }], /schedules.0: Unrecognized key/],
  ])('refuses the schedules %j, naming the problem and where it is', (schedules, problem) => {
    expect(() => readAppDeploy(workspaceWith({ function: fn, routes: [{ routeKey: '$default', authorization: 'none' }], schedules }), 'site')).toThrow(problem);
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
