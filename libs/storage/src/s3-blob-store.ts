import type { AwsConnection, S3Session } from './aws-clients';
import { isStorableBlobKey, unstorableBlobKey, type BlobStore, type StoredBlob } from './blob-store';

/**
 * A `BlobStore` on one S3 bucket. Content type and cache control travel as the object's own
 * headers, so a CDN or a presigned URL serves them the same way; the entity tag is S3's ETag.
 * `deletePrefix` lists up to 1000 keys at a time and deletes each batch in one `DeleteObjects` call.
 *
 * @example
 * const blobs = createS3BlobStore(connectS3({ region: 'eu-west-1' }), 'react-apps-sites');
 */
export function createS3BlobStore(s3: AwsConnection<S3Session>, bucket: string): BlobStore {
  return {
    async put(key, body, metadata) {
      if (!isStorableBlobKey(key)) throw unstorableBlobKey(key);
      const { sdk, client } = await s3.use();
      await client.send(
        new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: metadata.contentType, CacheControl: metadata.cacheControl }),
      );
    },

    async get(key): Promise<StoredBlob | undefined> {
      // A key no blob can have: S3 would answer KeyTooLongError, s3rver an InternalError.
      if (!isStorableBlobKey(key)) return undefined;
      const { sdk, client } = await s3.use();
      try {
        const object = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
        return {
          body,
          contentType: object.ContentType ?? 'application/octet-stream',
          cacheControl: object.CacheControl ?? 'no-cache',
          etag: object.ETag ?? '""',
        };
      } catch (error) {
        if (error instanceof sdk.NoSuchKey) return undefined;
        throw error;
      }
    },

    async deletePrefix(prefix) {
      if (prefix === '') throw new RangeError('deletePrefix() needs a prefix; an empty one would remove every blob');
      const { sdk, client } = await s3.use();
      // Each round deletes the page it listed, so the next listing starts over: no marker or token to
      // follow (S3 lists are strongly consistent). ListObjects (v1) because s3rver builds V2's
      // continuation token with DES, which OpenSSL 3 refuses: any truncated V2 page fails there.
      for (;;) {
        const page = await client.send(new sdk.ListObjectsCommand({ Bucket: bucket, Prefix: prefix }));
        const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
        if (keys.length === 0) return;
        await client.send(new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
      }
    },
  };
}
