import type { App, CreateAppRequest } from '@sm/events';
import { ResourceConflictError } from '@sm/errors';
import type { AppDeps } from './app-deps';
import { buildPrefix, toApp, type AppRecord } from './app-record';
import { announce, type RequestContext } from './app-events';
import { buildSite, sharedPathsOf, storeBuild } from './build-site';
import { checkFileLimits, mergeFiles, normaliseFiles } from './source-files';
import { DEFAULT_TEMPLATE, templateFiles } from './templates';

export const appExists = (name: string) => new ResourceConflictError(`an app named "${name}" already exists`);

/**
 * Creates an app owned by `owner` (the creator's `sub`): every check first (limits, paths, template, name), then the build, then the
 * writes in an order that never shows a half app: the build's blobs first, the metadata record last,
 * with a conditional put. A creation that lost a race for the name removes its blobs.
 */
export function createCreateApp(deps: AppDeps) {
  return async function createApp(input: CreateAppRequest, owner: string, context: RequestContext): Promise<App> {
    const own = input.files ?? {};
    checkFileLimits(own);
    const files = normaliseFiles(own);
    const template = input.template ?? DEFAULT_TEMPLATE;
    const source = mergeFiles(await templateFiles(deps.templates, template), files);
    if (await deps.apps.get(input.name)) throw appExists(input.name);

    const title = input.title ?? input.name;
    const site = await buildSite(deps, source, title);
    const buildId = deps.newId();
    await storeBuild(deps.blobs, input.name, buildId, source, site.files);
    const now = deps.now().toISOString();
    const record: AppRecord = {
      name: input.name,
      template,
      title,
      status: 'ready',
      createdAt: now,
      updatedAt: now,
      build: site.summary,
      buildId,
      sharedPaths: sharedPathsOf(site.files),
      owner,
    };
    const stored = await deps.apps.putIfAbsent(record);
    if (!stored.created) {
      await deps.blobs.deletePrefix(buildPrefix(input.name, buildId));
      throw appExists(input.name);
    }

    const app = toApp(record, deps.sitesUrl);
    await announce(deps.publisher, { id: `evt_${deps.newId()}`, type: 'app.created', data: { name: app.name, url: app.url, template, title } }, context);
    return app;
  };
}
