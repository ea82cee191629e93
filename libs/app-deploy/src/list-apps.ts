import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The workspace's apps: every folder under `apps/` that holds a `deploy.json`, sorted by name. Each
 * tool derives its list of apps from here, so adding an app touches only the app's own folder.
 *
 * @example
 * const apps = listApps(workspaceRoot); // ['callback-service', 'integration-service', 'react-app-manager']
 */
export function listApps(workspaceRoot: string): string[] {
  const appsDir = join(workspaceRoot, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'deploy.json')))
    .map((entry) => entry.name)
    .sort();
}
