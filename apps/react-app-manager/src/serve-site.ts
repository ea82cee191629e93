import { APP_NAME_PATTERN } from '@sm/events';
import { NotFoundError, type HttpResult } from '@sm/http';
import { isStorableBlobKey, type BlobStore, type StoredBlob, type Store } from '@sm/storage';
import { siteKey, type AppRecord } from './app-record';

const notFound = (name: string, path: string) => new NotFoundError(`app "${name}" has no file "${path}"`);

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
  return async function serveSite(name: string, path: string): Promise<StoredBlob> {
    if (!APP_NAME_PATTERN.test(name) || !isSitePath(path)) throw notFound(name, path);
    const record = await deps.apps.get(name);
    const blob = record && (await deps.blobs.get(siteKey(name, record.buildId, path)));
    if (!blob) throw notFound(name, path);
    return blob;
  };
}

/** `If-None-Match` holds `*` or a list of tags, weak ones (`W/"…"`) included: weak comparison (RFC 9110 §13.1.2). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/** A site file as HTTP: 200 with the bytes, or 304 when the browser's copy is current; `siteHeaders` go on both. */
export function siteResponse(blob: StoredBlob, ifNoneMatch: string | undefined, siteHeaders: Record<string, string>): HttpResult {
  const headers = { ...siteHeaders, etag: blob.etag, 'cache-control': blob.cacheControl, 'content-type': blob.contentType };
  if (matches(ifNoneMatch, blob.etag)) return { status: 304, headers };
  return { status: 200, body: blob.body, headers };
}
