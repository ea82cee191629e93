import { createHash } from 'node:crypto';
import { isStorableBlobKey, unstorableBlobKey, type BlobStore, type StoredBlob } from './blob-store';

/**
 * An in-memory `BlobStore` for unit tests and single-process local runs; data ends with the process.
 * The entity tag is the SHA-256 of the bytes (what S3 keeps as the object's `ChecksumSHA256`).
 *
 * @example
 * const blobs = createMemoryBlobStore();
 */
export function createMemoryBlobStore(): BlobStore {
  const blobs = new Map<string, StoredBlob>();
  return {
    async put(key, body, metadata) {
      if (!isStorableBlobKey(key)) throw unstorableBlobKey(key);
      const copy = Uint8Array.from(body);
      const etag = `"${createHash('sha256').update(copy).digest('base64url')}"`;
      blobs.set(key, { body: copy, contentType: metadata.contentType, cacheControl: metadata.cacheControl, etag });
    },

    async get(key) {
      const blob = blobs.get(key);
      return blob === undefined ? undefined : { ...blob, body: Uint8Array.from(blob.body) };
    },

    async deletePrefix(prefix) {
      if (prefix === '') throw new RangeError('deletePrefix() needs a prefix; an empty one would remove every blob');
      for (const key of blobs.keys()) if (key.startsWith(prefix)) blobs.delete(key);
    },
  };
}
