import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { AbstractLevel, AbstractValueIterator } from 'abstract-level';
import { LOCAL_CREDENTIALS, createLocalTable, startEmbeddedDynamoDb, type EmbeddedEngine } from './index';

const TableName = 'pages';

describe('dynalite on LevelDB', () => {
  let dynamo: EmbeddedEngine;
  let client: DynamoDBDocumentClient;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb({ path: mkdtempSync(join(tmpdir(), 'dynalite-iterators-')) });
    client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }));
    await createLocalTable(dynamo.endpoint, {
        TableName,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
    });
    for (let index = 0; index < 30; index += 1) {
      await client.send(new PutCommand({ TableName, Item: { pk: 'all', sk: String(index).padStart(2, '0') } }));
    }
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.close();
  });

  afterEach(() => jest.restoreAllMocks());

  it('closes the iterator of every query and scan it answers, whether a page ends early or at the last item', async () => {
    const opened = jest.spyOn(AbstractLevel.prototype, 'values');
    const closed = jest.spyOn(AbstractValueIterator.prototype, 'close');

    await client.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'all' }, Limit: 5 }));
    await client.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'all' }, Limit: 100 }));
    await client.send(new ScanCommand({ TableName, Limit: 5 }));

    const iterators = opened.mock.results.map((result) => result.value);
    const leftOpen = iterators.filter((iterator) => !closed.mock.contexts.includes(iterator));
    expect({ opened: iterators.length, leftOpen: leftOpen.length }).toEqual({ opened: 3, leftOpen: 0 });
  });
});
