import { ResourceConflictError } from '@sm/errors';
import type { AppDeps } from './app-deps';
import { appUrl, buildPrefix } from './app-record';
import { announce, type RequestContext } from './app-events';
import { getRecord, noSuchApp } from './read-apps';

/**
 * Deletes an app: the metadata record first, so that from then on every request answers 404, then
 * its build (site and source) and the build that one superseded, if the last update left it. A
 * concurrent update makes the conditional delete fail: 409.
 */
export function createDeleteApp(deps: Pick<AppDeps, 'apps' | 'blobs' | 'publisher' | 'newId' | 'sitesUrl'>) {
  return async function deleteApp(name: string, owner: string, context: RequestContext): Promise<void> {
    const current = await getRecord(deps.apps, name, owner);
    if (!(await deps.apps.delete(current))) {
      if (!(await deps.apps.get(name))) throw noSuchApp(name);
      throw new ResourceConflictError(`app "${name}" changed while it was being deleted; send the delete again`);
    }
    const builds = current.supersededBuildId === undefined ? [current.buildId] : [current.buildId, current.supersededBuildId];
    await Promise.all(builds.map((buildId) => deps.blobs.deletePrefix(buildPrefix(name, buildId))));

    await announce(deps.publisher, { id: `evt_${deps.newId()}`, type: 'app.deleted', data: { name, url: appUrl(deps.sitesUrl, name) } }, context);
  };
}
