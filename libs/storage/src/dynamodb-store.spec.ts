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
  it('returns once the new table is ACTIVE, so the first write finds it, however long it stays CREATING', async () => {
    const slow = await startEmbeddedDynamoDb({ createTableMs: 1500 });
    const slowClient = connectDynamoDb({ dynamoDbEndpoint: slow.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    try {
      await createStoreTable(slowClient, 'slow');
      const { documents, sdk } = await slowClient.use();
      const { Table } = await documents.send(new sdk.DescribeTableCommand({ TableName: 'slow' }));

      await createDynamoDbStore(slowClient, 'slow', contractKeys).putIfAbsent({ id: 'first', at: '2026-01-01T00:00:00.000Z', payload: { text: 'x' } });

      expect(Table?.TableStatus).toBe('ACTIVE');
    } finally {
      await slowClient.destroy();
      await slow.close();
    }
  }, 15_000);

  it('leaves an existing table as it is', async () => {
    await createStoreTable(client, 'twice');
    const store = createDynamoDbStore(client, 'twice', contractKeys);
    await store.putIfAbsent({ id: 'kept', at: '2026-01-01T00:00:00.000Z', payload: { text: 'x' } });

    await createStoreTable(client, 'twice');

    expect(await store.get('kept')).toBeDefined();
  });

  it('refuses a table created before stores had a group index, naming the index', async () => {
    const { sdk, documents } = await client.use();
    await documents.send(
      new sdk.CreateTableCommand({
        TableName: 'before-groups',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'newest-first',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );

    await expect(createStoreTable(client, 'before-groups')).rejects.toThrow(/table before-groups has no group-newest-first index/);
  });
});

describe('createDynamoDbStore', () => {
  it('reads items written as a map before items were kept as a JSON string', async () => {
    await createStoreTable(client, 'map-shaped');
    const { sdk, documents } = await client.use();
    const legacy = { id: 'old', at: '2026-01-01T00:00:00.000Z', payload: { text: 'kept 架构' } };
    await documents.send(new sdk.PutCommand({ TableName: 'map-shaped', Item: { pk: 'old', gsi1pk: 'all', gsi1sk: `${legacy.at}#old`, rev: 'r', item: legacy } }));
    const store = createDynamoDbStore(client, 'map-shaped', contractKeys);

    expect(await store.get('old')).toEqual(legacy);
    expect((await store.list({ limit: 5 })).items).toEqual([legacy]);
  });
});
