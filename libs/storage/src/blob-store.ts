/**
 * How a blob is served, kept with its bytes (S3 keeps it as the object's Content-Type and Cache-Control).
 *
 * @example
 * const metadata: BlobMetadata = { contentType: 'text/javascript; charset=utf-8', cacheControl: 'public, max-age=31536000, immutable' };
 */
export interface BlobMetadata {
  contentType: string;
  cacheControl: string;
}

/**
 * A stored blob: its bytes, how it is served, and a strong HTTP entity tag of the bytes.
 *
 * @example
 * const blob = await blobs.get(key);
 * if (blob && request.headers['if-none-match'] === blob.etag) return { status: 304 };
 */
export interface StoredBlob extends BlobMetadata {
  body: Uint8Array;
  /** A strong validator, quoted as in an `ETag` header: equal bytes give equal tags. */
  etag: string;
}

/**
 * A narrow async port for bytes under `/`-separated keys, shaped so that a map and S3
 * (`PutObject`, `GetObject`, `ListObjectsV2` + `DeleteObjects` by prefix) both implement it.
 * Nothing lists blobs one by one: callers know their keys, and remove a group by its prefix.
 *
 * @example
 * await blobs.put('builds/my-app/b1/site/index.html', html, { contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
 * const page = await blobs.get('builds/my-app/b1/site/index.html');
 * await blobs.deletePrefix('builds/my-app/b1/');
 */
export interface BlobStore {
  /** Stores the bytes under the key, replacing any blob there. */
  put(key: string, body: Uint8Array, metadata: BlobMetadata): Promise<void>;
  get(key: string): Promise<StoredBlob | undefined>;
  /** Removes every blob whose key starts with the prefix, which must not be empty. */
  deletePrefix(prefix: string): Promise<void>;
}

/** S3's key limit in UTF-8 bytes. */
export const MAX_BLOB_KEY_BYTES = 1024;
/**
 * Bytes per `/`-separated segment. S3 has no such limit, but s3rver (and any disk-backed copy of a
 * bucket) keeps each object as files named `<segment>._S3rver_object` and `<segment>._S3rver_metadata.json`,
 * and a file name is at most 255 bytes: 255 less that 22-byte suffix.
 */
export const MAX_BLOB_KEY_SEGMENT_BYTES = 255 - '._S3rver_metadata.json'.length;

/**
 * Whether a key could name a blob in every adapter: 1 to 1024 UTF-8 bytes (S3) whose segments are
 * at most 233 bytes (file systems, see MAX_BLOB_KEY_SEGMENT_BYTES). `get` answers undefined for any other key; `put` refuses it.
 *
 * @example
 * isStorableBlobKey('builds/my-app/b1/site/index.html'); // true
 */
export function isStorableBlobKey(key: string): boolean {
  return (
    key !== '' &&
    Buffer.byteLength(key, 'utf8') <= MAX_BLOB_KEY_BYTES &&
    key.split('/').every((segment) => Buffer.byteLength(segment, 'utf8') <= MAX_BLOB_KEY_SEGMENT_BYTES)
  );
}

/** The error `put` throws for a key `isStorableBlobKey` refuses: the caller chose the key, so it is the caller's bug. */
export function unstorableBlobKey(key: string): RangeError {
  return new RangeError(
    `blob key "${key.slice(0, 64)}…" cannot be stored: keys are 1 to ${MAX_BLOB_KEY_BYTES} bytes, each segment at most ${MAX_BLOB_KEY_SEGMENT_BYTES} bytes`,
  );
}
