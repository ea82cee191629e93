import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_CREDENTIALS } from '@sm/local-aws';
import { connectDynamoDb, connectS3 } from './aws-clients';
import { createDynamoDbStore } from './dynamodb-store';
import { createS3BlobStore } from './s3-blob-store';
import { isStorageUnavailable, StorageUnavailableError } from './storage-unavailable';

function awsError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
}

describe('isStorageUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['an SDK timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['DynamoDB throttling', awsError('ProvisionedThroughputExceededException', 400)],
    ['S3 asking to slow down', awsError('SlowDown', 503)],
    ['a 503 from the service', awsError('ServiceUnavailable', 503)],
  ])('says retrying may help after %s', (_case, error) => {
    expect(isStorageUnavailable(error)).toBe(true);
  });

  it.each([
    ['a failed condition', awsError('ConditionalCheckFailedException', 400)],
    ['a missing table', awsError('ResourceNotFoundException', 400)],
    ['an internal error of the engine', awsError('InternalServerError', 500)],
    ['a value that is not an error', 'ECONNREFUSED'],
  ])('leaves %s as it is', (_case, error) => {
    expect(isStorageUnavailable(error)).toBe(false);
  });
});

/**
 * An engine that answers every call with `status` and an AWS JSON error body: a refused connection
 * cannot be shown here, since the SDK wraps Node's errors, which come from outside jest's sandbox,
 * without their code (the fault suite kills a real engine instead).
 */
async function engineAnswering(status: number, errorType: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = createHttpServer((request, response) => {
    request.resume();
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': errorType });
    response.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${errorType}`, message: 'slow down' }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('stores over a storage engine that is down or throttling', () => {
  it.each([
    [503, 'ServiceUnavailable'],
    [400, 'ThrottlingException'],
  ])('fail with StorageUnavailableError, a 503 with Retry-After, when DynamoDB answers %i %s', async (status, errorType) => {
    // prepare
    const engine = await engineAnswering(status, errorType);
    const dynamo = connectDynamoDb({ region: 'us-east-1', dynamoDbEndpoint: engine.endpoint, credentials: LOCAL_CREDENTIALS });
    const store = createDynamoDbStore<{ id: string }>(dynamo, 'things', { keyOf: (item) => item.id, sortKeyOf: (item) => item.id });

    // act
    const read = store.get('a');

    // assess
    await expect(read).rejects.toThrow(StorageUnavailableError);
    await expect(read).rejects.toMatchObject({ status: 503, retryAfterSeconds: 1, expose: false });
    await dynamo.destroy();
    await engine.close();
  });

  it('leaves a failed condition as the SDK threw it', async () => {
    // prepare
    const engine = await engineAnswering(400, 'ConditionalCheckFailedException');
    const dynamo = connectDynamoDb({ region: 'us-east-1', dynamoDbEndpoint: engine.endpoint, credentials: LOCAL_CREDENTIALS });
    const { documents, sdk } = await dynamo.use();

    // act
    const put = documents.send(new sdk.PutCommand({ TableName: 'things', Item: { pk: 'a' }, ConditionExpression: 'attribute_not_exists(pk)' }));

    // assess
    await expect(put).rejects.toThrow(sdk.ConditionalCheckFailedException);
    await dynamo.destroy();
    await engine.close();
  });

  it('fail with StorageUnavailableError when S3 answers 503 SlowDown', async () => {
    // prepare
    const engine = await engineAnswering(503, 'SlowDown');
    const s3 = connectS3({ region: 'us-east-1', s3Endpoint: engine.endpoint, credentials: LOCAL_CREDENTIALS });
    const blobs = createS3BlobStore(s3, 'sites');

    // act
    const read = blobs.get('a/index.html');

    // assess
    await expect(read).rejects.toThrow(StorageUnavailableError);
    await s3.destroy();
    await engine.close();
  });
});
