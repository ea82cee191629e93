import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS, startEmbeddedS3, type EmbeddedEngine } from '@sm/local-aws';
import { describeBlobStoreContract } from './blob-store-contract';
import { connectS3, type AwsConnection, type S3Session } from './aws-clients';
import { createS3BlobStore } from './s3-blob-store';
import { createStoreBucket } from './s3-bucket';

let engine: EmbeddedEngine;
let client: AwsConnection<S3Session>;
let buckets = 0;

beforeAll(async () => {
  engine = await startEmbeddedS3({ directory: mkdtempSync(join(tmpdir(), 's3-blob-store-')) });
  client = connectS3({ s3Endpoint: engine.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
});
afterAll(async () => {
  await client.destroy();
  await engine.close();
});

describeBlobStoreContract('S3 on s3rver', async () => {
  const bucket = `contract-${++buckets}`;
  await createStoreBucket(client, bucket);
  return createS3BlobStore(client, bucket);
});

describe('createStoreBucket', () => {
  it('leaves an existing bucket and its objects as they are', async () => {
    await createStoreBucket(client, 'twice');
    const blobs = createS3BlobStore(client, 'twice');
    await blobs.put('kept', new Uint8Array([7]), { contentType: 'application/octet-stream', cacheControl: 'no-cache' });

    await createStoreBucket(client, 'twice');

    expect((await blobs.get('kept'))?.body).toEqual(new Uint8Array([7]));
  });
});

describe('createS3BlobStore', () => {
  it('deletes a prefix holding more keys than one list page', async () => {
    await createStoreBucket(client, 'many-keys');
    const blobs = createS3BlobStore(client, 'many-keys');
    const keys = Array.from({ length: 1005 }, (_, n) => `site/b1/${String(n).padStart(4, '0')}.js`);
    for (let start = 0; start < keys.length; start += 100) {
      await Promise.all(keys.slice(start, start + 100).map((key) => blobs.put(key, new Uint8Array([1]), { contentType: 'text/javascript', cacheControl: 'no-cache' })));
    }

    await blobs.deletePrefix('site/b1/');

    expect(await blobs.get(keys[0] ?? '')).toBeUndefined();
    expect(await blobs.get(keys[1004] ?? '')).toBeUndefined();
  }, 60_000);
});
