import type { App } from '@sm/events';
import type { StoreKeys } from '@sm/storage';

/**
 * What the metadata store keeps per app: the app as clients see it but its URL (which depends on
 * where the sites are served, not on the app), the build being served, the build it replaced (no
 * longer served, removed by the next update or the delete), which of its site's files are shared by
 * every build (stored once), and the `sub` of the user who created it. A record stored before apps
 * had owners has none: it belongs to no one; one stored before builds shared files has none shared.
 */
export interface AppRecord extends Omit<App, 'url'> {
  buildId: string;
  supersededBuildId?: string;
  sharedPaths?: string[];
  owner?: string;
}

/** Apps are keyed by name (names are global) and listed newest first by creation, all or one owner's. */
export const appKeys: StoreKeys<AppRecord> = { keyOf: (record) => record.name, sortKeyOf: (record) => record.createdAt, groupOf: (record) => record.owner };

/** Where an app's site is served: its own folder on the sites origin, so its relative URLs stay inside it. */
export function appUrl(sitesUrl: string, name: string): string {
  return `${sitesUrl}/${name}/`;
}

/** The app as clients see it: the record without what only the service needs (its owner included). */
export function toApp(record: AppRecord, sitesUrl: string): App {
  const { name, template, title, status, createdAt, updatedAt, build } = record;
  return { name, template, title, status, url: appUrl(sitesUrl, name), createdAt, updatedAt, build };
}

// Everything one build wrote lives under one prefix, so replacing or removing a build is one
// deletePrefix, and a build that lost a race leaves nothing behind that anyone reads.
export function buildPrefix(name: string, buildId: string): string {
  return `builds/${name}/${buildId}/`;
}

export function siteKey(name: string, buildId: string, path: string): string {
  return `${buildPrefix(name, buildId)}site/${path}`;
}

/** Where a site file the same in every build is stored (content-hashed: a path never changes bytes), outside every build's prefix. */
export function sharedKey(path: string): string {
  return `shared/site/${path}`;
}

/** Where the file at `path` of the record's current site is stored: with the build, or shared by every build. */
export function siteFileKey(record: AppRecord, path: string): string {
  if (record.sharedPaths?.includes(path)) return sharedKey(path);
  return siteKey(record.name, record.buildId, path);
}

export function sourceKey(name: string, buildId: string): string {
  return `${buildPrefix(name, buildId)}source.json`;
}
