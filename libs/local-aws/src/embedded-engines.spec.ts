import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_CREDENTIALS, createLocalTable, startEmbeddedDynamoDb, startEmbeddedS3 } from './index';

const region = 'us-east-1';

describe('embedded engines', () => {
  it('keeps DynamoDB items across a restart of dynalite on the same folder', async () => {
    const path = mkdtempSync(join(tmpdir(), 'dynalite-'));
    const first = await startEmbeddedDynamoDb({ path });
    const client = (endpoint: string) => DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS }));
    await createLocalTable(first.endpoint, { TableName: 'things' });
    await client(first.endpoint).send(new PutCommand({ TableName: 'things', Item: { pk: 'a', text: '架构' } }));
    await first.close();

    const second = await startEmbeddedDynamoDb({ path });
    const { Item } = await client(second.endpoint).send(new GetCommand({ TableName: 'things', Key: { pk: 'a' } }));
    await second.close();

    expect(Item).toEqual({ pk: 'a', text: '架构' });
  });

  it('keeps S3 objects with their content type across a restart of s3rver on the same folder', async () => {
    const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
    const client = (endpoint: string) => new S3Client({ endpoint, region, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
    const first = await startEmbeddedS3({ directory });
    await client(first.endpoint).send(new CreateBucketCommand({ Bucket: 'local-sites' }));
    await client(first.endpoint).send(new PutObjectCommand({ Bucket: 'local-sites', Key: 'a/index.html', Body: '<h1>hi</h1>', ContentType: 'text/html' }));
    await first.close();

    const second = await startEmbeddedS3({ directory });
    const object = await client(second.endpoint).send(new GetObjectCommand({ Bucket: 'local-sites', Key: 'a/index.html' }));
    const body = await object.Body?.transformToString();
    await second.close();

    expect({ body, contentType: object.ContentType }).toEqual({ body: '<h1>hi</h1>', contentType: 'text/html' });
  });
});
