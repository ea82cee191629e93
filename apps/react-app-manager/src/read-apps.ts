import { APP_NAME_PATTERN, AppFilesSchema, type App, type AppSource, type Page } from '@sm/events';
import { NotFoundError } from '@sm/http';
import type { BlobStore, Store } from '@sm/storage';
import { sourceKey, toApp, type AppRecord } from './app-record';

export const noSuchApp = (name: string) => new NotFoundError(`no app named "${name}"`);

/** The app's record, or 404; a name no app can have is not looked up. */
export async function getRecord(apps: Store<AppRecord>, name: string): Promise<AppRecord> {
  const record = APP_NAME_PATTERN.test(name) ? await apps.get(name) : undefined;
  if (!record) throw noSuchApp(name);
  return record;
}

/** The files the app's current site was built from. */
export async function readSource(blobs: BlobStore, record: AppRecord): Promise<Map<string, string>> {
  const blob = await blobs.get(sourceKey(record.name, record.buildId));
  if (!blob) throw new Error(`the source of app "${record.name}" (build ${record.buildId}) is missing`);
  return new Map(Object.entries(AppFilesSchema.parse(JSON.parse(new TextDecoder().decode(blob.body)))));
}

export function createReadApps(deps: { apps: Store<AppRecord>; blobs: BlobStore }) {
  return {
    async list(query: { limit: number; cursor?: string }): Promise<Page<App>> {
      const page = await deps.apps.list(query);
      return { items: page.items.map(toApp), nextCursor: page.nextCursor };
    },
    async get(name: string): Promise<App> {
      return toApp(await getRecord(deps.apps, name));
    },
    async source(name: string): Promise<AppSource> {
      const record = await getRecord(deps.apps, name);
      return { name, template: record.template, files: Object.fromEntries(await readSource(deps.blobs, record)) };
    },
  };
}
