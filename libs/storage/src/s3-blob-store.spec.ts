import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_CREDENTIALS, startEmbeddedS3, type EmbeddedEngine } from '@sm/local-aws';
import { describeBlobStoreContract } from './blob-store-contract';
import { createS3BlobStore } from './s3-blob-store';

let engine: EmbeddedEngine;
let client: S3Client;
let buckets = 0;

beforeAll(async () => {
  engine = await startEmbeddedS3({ directory: mkdtempSync(join(tmpdir(), 's3-blob-store-')) });
  client = new S3Client({ endpoint: engine.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
});
afterAll(async () => {
  client.destroy();
  await engine.close();
});

describeBlobStoreContract('S3 on s3rver', async () => {
  const bucket = `contract-${++buckets}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return createS3BlobStore(client, bucket);
});

describe('createS3BlobStore', () => {
  it('deletes a prefix holding more keys than one list page', async () => {
    await client.send(new CreateBucketCommand({ Bucket: 'many-keys' }));
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
