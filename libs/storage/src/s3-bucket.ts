import type { AwsConnection, S3Session } from './aws-clients';

/**
 * Creates the bucket a `createS3BlobStore` needs, unless it exists (for local engines and first deploys).
 *
 * @example
 * await createStoreBucket(connectS3({ region: 'us-east-1', s3Endpoint }), 'react-app-sites');
 */
export async function createStoreBucket(s3: AwsConnection<S3Session>, bucket: string): Promise<void> {
  const { sdk, client } = await s3.use();
  const exists = await client.send(new sdk.HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    (error: unknown) => {
      if (error instanceof sdk.NotFound) return false;
      throw error;
    },
  );
  if (!exists) await client.send(new sdk.CreateBucketCommand({ Bucket: bucket }));
}
