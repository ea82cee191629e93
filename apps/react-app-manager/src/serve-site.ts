import { APP_NAME_PATTERN } from '@sm/events';
import { isStorableBlobKey, type BlobStore, type Store } from '@sm/storage';
import { siteFileKey, type AppRecord } from './app-record';

/** A file of a site as a visitor gets it: its bytes, its type, and how long a copy of it stays current. */
export interface ServedFile {
  body: Uint8Array;
  contentType: string;
  /** Written by the build: `no-cache` for pages, long-lived and immutable for hashed assets. */
  cacheControl: string;
  /** A strong validator, quoted: equal bytes give equal tags. */
  etag: string;
}

/** The file, or why there is none: no such app, or no such file in its current site. */
export type SiteLookup = { found: true; file: ServedFile } | { found: false; detail: string };

/** A path a site file could have: relative, without dot segments, and one a blob key can hold (isStorableBlobKey). */
function isSitePath(path: string): boolean {
  return (
    !path.includes('\\') &&
    !path.includes('\0') &&
    isStorableBlobKey(path) &&
    path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
  );
}

/**
 * Finds a file of an app's current site: the metadata record names the build being served, so a
 * visitor gets one build or the other, never a mix, and nothing at all once the app is deleted.
 */
export function createServeSite(deps: { apps: Store<AppRecord>; blobs: BlobStore }) {
  return async function serveSite(name: string, path: string): Promise<SiteLookup> {
    const notFound: SiteLookup = { found: false, detail: `app "${name}" has no file "${path}"` };
    if (!APP_NAME_PATTERN.test(name) || !isSitePath(path)) return notFound;
    const record = await deps.apps.get(name);
    const blob = record && (await deps.blobs.get(siteFileKey(record, path)));
    if (!blob) return notFound;
    return { found: true, file: { body: blob.body, contentType: blob.contentType, cacheControl: blob.cacheControl, etag: blob.etag } };
  };
}
