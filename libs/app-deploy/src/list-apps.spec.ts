import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listApps } from './list-apps';

const workspaceRoot = resolve(__dirname, '../../..');

describe('listApps', () => {
  it("lists the workspace's apps from their deploy.json", () => {
    // act
    const apps = listApps(workspaceRoot);

    // assess
    expect(apps).toEqual(expect.arrayContaining(['callback-service', 'integration-service', 'react-app-manager']));
  });

  it('lists a new app as soon as its folder holds a deploy.json, and a folder without one not at all', () => {
    // prepare
    const root = mkdtempSync(join(tmpdir(), 'list-apps-'));
    mkdirSync(join(root, 'apps', 'x-service'), { recursive: true });
    writeFileSync(join(root, 'apps', 'x-service', 'deploy.json'), '{}');
    mkdirSync(join(root, 'apps', 'a-service'), { recursive: true });
    writeFileSync(join(root, 'apps', 'a-service', 'deploy.json'), '{}');
    mkdirSync(join(root, 'apps', 'notes'), { recursive: true });

    // act
    const apps = listApps(root);

    // assess
    expect(apps).toEqual(['a-service', 'x-service']);
  });

  it('lists nothing in a workspace without apps', () => {
    // assess
    expect(listApps(mkdtempSync(join(tmpdir(), 'list-apps-')))).toEqual([]);
  });
});
