import type { App, UpdateAppRequest } from '@sm/events';
import { ResourceConflictError } from '@sm/errors';
import type { AppDeps } from './app-deps';
import { buildPrefix, toApp, type AppRecord } from './app-record';
import { announce, type RequestContext } from './app-events';
import { buildSite, sharedPathsOf, storeBuild } from './build-site';
import { getRecord, noSuchApp, readSource } from './read-apps';
import { checkFileLimits, mergeFiles, normaliseFiles, type SourceFiles } from './source-files';
import { templateFiles } from './templates';

/**
 * Removes a build that no record serves any more. Nothing depends on it: a failure leaves unread
 * files behind, which is logged (with the keys' prefix, to remove them by hand), not a reason to
 * refuse the update during which it ran.
 */
async function removeSupersededBuild(deps: AppDeps, name: string, buildId: string, context: RequestContext): Promise<void> {
  try {
    await deps.blobs.deletePrefix(buildPrefix(name, buildId));
  } catch (error) {
    context.logger.error('superseded build not removed', { app: name, prefix: buildPrefix(name, buildId), error });
  }
}

/**
 * Rebuilds an app and swaps its site atomically. What the request gives replaces what the app had
 * (`files`: its own files over the template's, as on creation); what it leaves out stays. The new
 * build is written under a new build id while visitors keep getting the old one; one conditional
 * replace of the metadata record then switches every visitor to the new build at once. A concurrent
 * change makes the replace fail: the new build is removed and the caller told to retry (409), so no
 * change is lost silently.
 *
 * The build the switch supersedes is only recorded; the next update removes it while it rebuilds,
 * and the delete with the rest. Removing it right after the switch put a prefix listing and a batch
 * delete between a console's save and its preview, for files that nobody reads once the record has
 * moved on (the site is served by the record's build id).
 */
export function createUpdateApp(deps: AppDeps) {
  async function rebuild(name: string, input: UpdateAppRequest, files: SourceFiles | undefined, current: AppRecord, context: RequestContext): Promise<App> {
    const source = files ? mergeFiles(await templateFiles(deps.templates, current.template), files) : await readSource(deps.blobs, current);
    const title = input.title ?? current.title;
    const site = await buildSite(deps, source, title);
    const buildId = deps.newId();
    await storeBuild(deps.blobs, name, buildId, source, site.files);
    const next: AppRecord = { ...current, title, updatedAt: deps.now().toISOString(), build: site.summary, buildId, sharedPaths: sharedPathsOf(site.files), supersededBuildId: current.buildId };
    if (!(await deps.apps.replace(current, next))) {
      await deps.blobs.deletePrefix(buildPrefix(name, buildId));
      if (!(await deps.apps.get(name))) throw noSuchApp(name);
      throw new ResourceConflictError(`app "${name}" changed while it was being rebuilt; send the update again`);
    }
    const app = toApp(next, deps.sitesUrl);
    await announce(deps.publisher, { id: `evt_${deps.newId()}`, type: 'app.updated', data: { name, url: app.url, template: app.template, title } }, context);
    return app;
  }

  return async function updateApp(name: string, input: UpdateAppRequest, owner: string, context: RequestContext): Promise<App> {
    if (input.files) checkFileLimits(input.files);
    const files = input.files && normaliseFiles(input.files);
    const current = await getRecord(deps.apps, name, owner);
    // The removal runs beside the whole rebuild (it never rejects) and is awaited on every way out,
    // since a Lambda may be frozen as soon as the answer is sent.
    const removal = current.supersededBuildId === undefined ? Promise.resolve() : removeSupersededBuild(deps, name, current.supersededBuildId, context);
    try {
      return await rebuild(name, input, files, current, context);
    } finally {
      await removal;
    }
  };
}
