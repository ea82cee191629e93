import { LOCAL_CREDENTIALS, startEmbeddedDynamoDb, type EmbeddedEngine } from '@sm/local-aws';
import { connectDynamoDb, type AwsConnection, type DynamoDbSession } from './aws-clients';
import { createDynamoDbStore, createStoreTable } from './dynamodb-store';
import { describeMutableStoreContract } from './mutable-store-contract';
import { contractKeys, describeStoreContract } from './store-contract';

let engine: EmbeddedEngine;
let client: AwsConnection<DynamoDbSession>;
let tables = 0;

beforeAll(async () => {
  engine = await startEmbeddedDynamoDb();
  client = connectDynamoDb({ dynamoDbEndpoint: engine.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
});
afterAll(async () => {
  await client.destroy();
  await engine.close();
});

describeStoreContract('DynamoDB on dynalite', async () => {
  const table = `contract-${++tables}`;
  await createStoreTable(client, table);
  return createDynamoDbStore(client, table, contractKeys);
});
describeMutableStoreContract('DynamoDB on dynalite', async () => {
  const table = `contract-${++tables}`;
  await createStoreTable(client, table);
  return createDynamoDbStore(client, table, contractKeys);
});

describe('createStoreTable', () => {
  it('leaves an existing table as it is', async () => {
    await createStoreTable(client, 'twice');
    const store = createDynamoDbStore(client, 'twice', contractKeys);
    await store.putIfAbsent({ id: 'kept', at: '2026-01-01T00:00:00.000Z', payload: { text: 'x' } });

    await createStoreTable(client, 'twice');

    expect(await store.get('kept')).toBeDefined();
  });
});
