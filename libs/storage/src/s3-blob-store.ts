import { DeleteObjectsCommand, GetObjectCommand, ListObjectsCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BlobStore, StoredBlob } from './blob-store';

/**
 * A `BlobStore` on one S3 bucket. Content type and cache control travel as the object's own
 * headers, so a CDN or a presigned URL serves them the same way; the entity tag is S3's ETag.
 * `deletePrefix` lists up to 1000 keys at a time and deletes each batch in one `DeleteObjects` call.
 *
 * @example
 * const blobs = createS3BlobStore(createS3Client({ region: 'eu-west-1' }), 'react-apps-sites');
 */
export function createS3BlobStore(client: S3Client, bucket: string): BlobStore {
  return {
    async put(key, body, metadata) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: metadata.contentType, CacheControl: metadata.cacheControl }),
      );
    },

    async get(key): Promise<StoredBlob | undefined> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
        return {
          body,
          contentType: object.ContentType ?? 'application/octet-stream',
          cacheControl: object.CacheControl ?? 'no-cache',
          etag: object.ETag ?? '""',
        };
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },

    async deletePrefix(prefix) {
      if (prefix === '') throw new RangeError('deletePrefix() needs a prefix; an empty one would remove every blob');
      // Each round deletes the page it listed, so the next listing starts over: no marker or token to
      // follow (S3 lists are strongly consistent). ListObjects (v1) because s3rver builds V2's
      // continuation token with DES, which OpenSSL 3 refuses: any truncated V2 page fails there.
      for (;;) {
        const page = await client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix }));
        const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
        if (keys.length === 0) return;
        await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
      }
    },
  };
}
