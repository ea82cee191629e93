import type { App } from '@sm/events';
import type { StoreKeys } from '@sm/storage';

/** What the metadata store keeps per app: the app as clients see it, plus the build being served. */
export interface AppRecord extends App {
  buildId: string;
}

/** Apps are keyed by name and listed newest first by creation. */
export const appKeys: StoreKeys<AppRecord> = { keyOf: (record) => record.name, sortKeyOf: (record) => record.createdAt };

export function appUrl(name: string): string {
  return `/apps/${name}/`;
}

/** The app as clients see it: the record without what only the service needs. */
export function toApp(record: AppRecord): App {
  const { name, template, title, status, url, createdAt, updatedAt, build } = record;
  return { name, template, title, status, url, createdAt, updatedAt, build };
}

// Everything one build wrote lives under one prefix, so replacing or removing a build is one
// deletePrefix, and a build that lost a race leaves nothing behind that anyone reads.
export function buildPrefix(name: string, buildId: string): string {
  return `builds/${name}/${buildId}/`;
}

export function siteKey(name: string, buildId: string, path: string): string {
  return `${buildPrefix(name, buildId)}site/${path}`;
}

export function sourceKey(name: string, buildId: string): string {
  return `${buildPrefix(name, buildId)}source.json`;
}
