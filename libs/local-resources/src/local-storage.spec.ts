import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_CREDENTIALS } from '@sm/local-aws';
import { MissingResourceNameError, startLocalStorage } from './local-storage';

const resources = { tables: ['ORDERS_TABLE'], buckets: ['SITES_BUCKET'] };
const config = { ORDERS_TABLE: 'orders', SITES_BUCKET: 'sites', AWS_REGION: 'eu-west-1' };
/** Each engine starts a Node process of its own, which a busy machine may take seconds to do. */
const ENGINES_START_MS = 30_000;

describe('local storage for functions, in-process or in containers', () => {
  it('creates the tables and buckets deploy.json names through the config, and points the function at them', async () => {
    const storage = await startLocalStorage(mkdtempSync(join(tmpdir(), 'storage-')), resources, config);
    const options = { region: 'eu-west-1', credentials: LOCAL_CREDENTIALS };

    const dynamo = new DynamoDBClient({ ...options, endpoint: storage.environment.DYNAMODB_ENDPOINT });
    const s3 = new S3Client({ ...options, endpoint: storage.environment.S3_ENDPOINT, forcePathStyle: true });

    const tables = await dynamo.send(new ListTablesCommand({}));
    const buckets = await s3.send(new ListBucketsCommand({}));
    dynamo.destroy();
    s3.destroy();
    await storage.close();

    expect(tables.TableNames).toEqual(['orders']);
    expect(buckets.Buckets?.map((bucket) => bucket.Name)).toEqual(['sites']);
    expect(storage.environment).toMatchObject({ AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey });
  }, ENGINES_START_MS);

  it('starts again on the same data, its tables and buckets already there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'storage-'));
    await (await startLocalStorage(dataDir, resources, config)).close();

    const again = startLocalStorage(dataDir, resources, config);

    await expect(again.then((storage) => storage.close())).resolves.toBeUndefined();
  }, ENGINES_START_MS);

  it('refuses a resource whose variable the config does not set', async () => {
    const started = startLocalStorage(mkdtempSync(join(tmpdir(), 'storage-')), resources, { ORDERS_TABLE: 'orders' });

    await expect(started).rejects.toThrow(new MissingResourceNameError('SITES_BUCKET'));
  }, ENGINES_START_MS);
});
