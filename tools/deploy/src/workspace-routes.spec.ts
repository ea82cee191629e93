import { join } from 'node:path';
import { listApps, readAppDeploy } from '@sm/app-deploy';

// Every app's routes share one HTTP API per stage, which keeps one route per key: a key two apps
// declare would stop the second app's deploy. The list of apps is derived from apps/*/deploy.json.
const workspaceRoot = join(__dirname, '../../..');
const apps = listApps(workspaceRoot);

describe("the apps' deploy.json routes", () => {
  it('give every route key to one app only, so the apps can share one HTTP API', () => {
    // prepare
    const owners = apps.flatMap((app) => readAppDeploy(workspaceRoot, app).routes.map(({ routeKey, api }) => ({ routeKey: `${api} ${routeKey}`, app })));

    // act
    const shared = owners.filter(({ routeKey }, index) => owners.findIndex((owner) => owner.routeKey === routeKey) !== index);

    // assess
    expect(apps.length).toBeGreaterThan(1);
    expect(shared).toEqual([]);
  });
});
