import { APP_NAME_PATTERN, AppFilesSchema, type App, type AppSource, type Page } from '@sm/events';
import { ResourceNotFoundError } from '@sm/errors';
import type { BlobStore, Store } from '@sm/storage';
import { sourceKey, toApp, type AppRecord } from './app-record';

export const noSuchApp = (name: string) => new ResourceNotFoundError(`no app named "${name}"`);

/**
 * The record of an app `owner` owns, or ResourceNotFoundError (404): another user's app answers exactly as a missing one,
 * so no one learns which names others use but by creating one (ResourceConflictError, 409). A name no app can have is not looked up.
 */
export async function getRecord(apps: Store<AppRecord>, name: string, owner: string): Promise<AppRecord> {
  const record = APP_NAME_PATTERN.test(name) ? await apps.get(name) : undefined;
  if (record?.owner === undefined || record.owner !== owner) throw noSuchApp(name);
  return record;
}

/** The files the app's current site was built from. */
export async function readSource(blobs: BlobStore, record: AppRecord): Promise<Map<string, string>> {
  const blob = await blobs.get(sourceKey(record.name, record.buildId));
  if (!blob) throw new Error(`the source of app "${record.name}" (build ${record.buildId}) is missing`);
  return new Map(Object.entries(AppFilesSchema.parse(JSON.parse(new TextDecoder().decode(blob.body)))));
}

export function createReadApps(deps: { apps: Store<AppRecord>; blobs: BlobStore; sitesUrl: string }) {
  return {
    /** The owner's apps only, newest first: one query of the store's per-owner list. */
    async list(owner: string, query: { limit: number; cursor?: string }): Promise<Page<App>> {
      const page = await deps.apps.listGroup(owner, query);
      return { items: page.items.map((record) => toApp(record, deps.sitesUrl)), nextCursor: page.nextCursor };
    },
    async get(name: string, owner: string): Promise<App> {
      return toApp(await getRecord(deps.apps, name, owner), deps.sitesUrl);
    },
    async source(name: string, owner: string): Promise<AppSource> {
      const record = await getRecord(deps.apps, name, owner);
      return { name, template: record.template, files: Object.fromEntries(await readSource(deps.blobs, record)) };
    },
  };
}
