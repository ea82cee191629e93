import type { App, UpdateAppRequest } from '@sm/events';
import { ResourceConflictError } from '@sm/errors';
import type { AppDeps } from './app-deps';
import { buildPrefix, toApp, type AppRecord } from './app-record';
import { announce, type RequestContext } from './app-events';
import { buildSite, storeBuild } from './build-site';
import { getRecord, noSuchApp, readSource } from './read-apps';
import { checkFileLimits, mergeFiles, normaliseFiles } from './source-files';
import { templateFiles } from './templates';

/**
 * Rebuilds an app and swaps its site atomically. What the request gives replaces what the app had
 * (`files`: its own files over the template's, as on creation); what it leaves out stays. The new
 * build is written under a new build id while visitors keep getting the old one; one conditional
 * replace of the metadata record then switches every visitor to the new build at once, and only
 * then is the old build removed (while the update is announced). A concurrent change makes the
 * replace fail: the new build is removed and the caller told to retry (409), so no change is lost
 * silently.
 */
export function createUpdateApp(deps: AppDeps) {
  return async function updateApp(name: string, input: UpdateAppRequest, owner: string, context: RequestContext): Promise<App> {
    if (input.files) checkFileLimits(input.files);
    const files = input.files && normaliseFiles(input.files);
    const current = await getRecord(deps.apps, name, owner);

    const source = files ? mergeFiles(await templateFiles(deps.templates, current.template), files) : await readSource(deps.blobs, current);
    const title = input.title ?? current.title;
    const site = await buildSite(deps, source, title);
    const buildId = deps.newId();
    await storeBuild(deps.blobs, name, buildId, source, site.files);
    const next: AppRecord = { ...current, title, updatedAt: deps.now().toISOString(), build: site.summary, buildId };
    if (!(await deps.apps.replace(current, next))) {
      await deps.blobs.deletePrefix(buildPrefix(name, buildId));
      if (!(await deps.apps.get(name))) throw noSuchApp(name);
      throw new ResourceConflictError(`app "${name}" changed while it was being rebuilt; send the update again`);
    }
    const app = toApp(next, deps.sitesUrl);
    // Both follow the switch and neither needs the other: removing the old build and announcing the
    // update run at once, so a save in the console waits for the slower of the two, not their sum.
    await Promise.all([
      deps.blobs.deletePrefix(buildPrefix(name, current.buildId)),
      announce(deps.publisher, { id: `evt_${deps.newId()}`, type: 'app.updated', data: { name, url: app.url, template: app.template, title } }, context),
    ]);
    return app;
  };
}
