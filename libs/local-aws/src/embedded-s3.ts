import S3rver from 's3rver';
import type { EmbeddedEngine } from './embedded-dynamodb';

/**
 * The only key pair s3rver accepts; dynalite accepts any. Local adapters sign with it so that a
 * developer's real AWS credentials never leave the machine for a local engine.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/**
 * Starts s3rver (the S3 API over the local filesystem) on 127.0.0.1, keeping objects in `directory`.
 * Use path-style addressing (`forcePathStyle: true`) against it.
 *
 * @example
 * const s3 = await startEmbeddedS3({ directory: '.data/s3' });
 * const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
 */
export async function startEmbeddedS3(options: { directory: string; port?: number }): Promise<EmbeddedEngine> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    vhostBuckets: false,
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
}
