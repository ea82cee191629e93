import * as z from 'zod';
import type { AwsConnection, DynamoDbSession } from './aws-clients';
import type { MutableStore } from './mutable-store';
import { InvalidCursorError, type PutIfAbsentResult, type StoreKeys, type StorePage } from './store';
import { LIST_PARTITION_VALUE, isStorableKey, isStorableListPosition, itemOf, revisionOf, toStoredRow, type StoredRow } from './stored-item';

/** The table layout every DynamoDB store uses: the item under its key, and a GSI that orders it newest first. */
const KEY = 'pk';
const LIST_INDEX = 'newest-first';
const LIST_PARTITION = 'gsi1pk';
const LIST_SORT = 'gsi1sk';

/** What the store issues as a cursor (a `LastEvaluatedKey`), and so the only shape it takes back. */
const LastKeySchema = z
  .strictObject({
    [KEY]: z.string().refine(isStorableKey),
    [LIST_PARTITION]: z.literal(LIST_PARTITION_VALUE),
    [LIST_SORT]: z.string().min(1).refine(isStorableListPosition),
  })
  .refine((lastKey) => lastKey[LIST_SORT].endsWith(`#${lastKey[KEY]}`), 'the list position is not of this key');

/**
 * A row as read back. Items written before the store kept a JSON string (`doc`) hold a map (`item`);
 * reading them costs one branch, and they become strings on their next write.
 */
type ReadRow = Partial<StoredRow> & { item?: unknown };

function readItem<T>(row: ReadRow): T {
  return typeof row.doc === 'string' ? itemOf<T>({ doc: row.doc }) : (row.item as T);
}

/**
 * Creates the table a `createDynamoDbStore` needs, unless it exists (on-demand capacity).
 *
 * @example
 * await createStoreTable(connectDynamoDb({ region: 'us-east-1', dynamoDbEndpoint }), 'callbacks');
 */
export async function createStoreTable(dynamo: AwsConnection<DynamoDbSession>, tableName: string): Promise<void> {
  const { sdk, documents } = await dynamo.use();
  try {
    await documents.send(
      new sdk.CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: KEY, AttributeType: 'S' },
          { AttributeName: LIST_PARTITION, AttributeType: 'S' },
          { AttributeName: LIST_SORT, AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: KEY, KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: LIST_INDEX,
            KeySchema: [
              { AttributeName: LIST_PARTITION, KeyType: 'HASH' },
              { AttributeName: LIST_SORT, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof sdk.ResourceInUseException)) throw error;
  }
}

/**
 * A `Store` on one DynamoDB table: `putIfAbsent` is a conditional put (`attribute_not_exists`), so
 * exactly one of concurrent writers wins; `list` is one `Query` of a GSI, newest first, whose
 * `LastEvaluatedKey` travels as the opaque cursor and is validated on the way back in.
 *
 * @example
 * const store = createDynamoDbStore<CallbackRecord>(dynamo, 'callbacks', { keyOf: (r) => r.id, sortKeyOf: (r) => r.receivedAt });
 */
export function createDynamoDbStore<T>(dynamo: AwsConnection<DynamoDbSession>, tableName: string, keys: StoreKeys<T>): MutableStore<T> {
  /** Sends a write conditioned on the stored revision; answers whether the condition held. */
  const unlessChanged = async (write: (session: DynamoDbSession) => Promise<unknown>): Promise<boolean> => {
    const session = await dynamo.use();
    return write(session).then(
      () => true,
      (error: unknown) => {
        if (error instanceof session.sdk.ConditionalCheckFailedException) return false;
        throw error;
      },
    );
  };
  const sameRevision = (current: T) => ({ ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': revisionOf(current) } });
  const get = async (key: string): Promise<T | undefined> => {
    // A key DynamoDB cannot hold is one no item has; asking would be a ValidationException.
    if (!isStorableKey(key)) return undefined;
    const { sdk, documents } = await dynamo.use();
    const { Item } = await documents.send(new sdk.GetCommand({ TableName: tableName, Key: { [KEY]: key }, ConsistentRead: true }));
    return Item === undefined ? undefined : readItem<T>(Item as ReadRow);
  };

  return {
    async putIfAbsent(item): Promise<PutIfAbsentResult<T>> {
      const row = toStoredRow(keys, item);
      const { sdk, documents } = await dynamo.use();
      try {
        await documents.send(new sdk.PutCommand({ TableName: tableName, Item: row, ConditionExpression: `attribute_not_exists(${KEY})` }));
        return { created: true, item: itemOf<T>(row) };
      } catch (error) {
        if (!(error instanceof sdk.ConditionalCheckFailedException)) throw error;
        const existing = await get(keys.keyOf(item));
        if (existing === undefined) throw new Error(`item ${keys.keyOf(item)} vanished after a conditional write failed`, { cause: error });
        return { created: false, item: existing };
      }
    },

    get,

    async list({ limit, cursor }): Promise<StorePage<T>> {
      const exclusiveStartKey = cursor === undefined ? undefined : decodeLastKey(cursor);
      const { sdk, documents } = await dynamo.use();
      const { Items = [], LastEvaluatedKey } = await documents.send(
        new sdk.QueryCommand({
          TableName: tableName,
          IndexName: LIST_INDEX,
          KeyConditionExpression: `${LIST_PARTITION} = :all`,
          ExpressionAttributeValues: { ':all': LIST_PARTITION_VALUE },
          ScanIndexForward: false,
          Limit: limit,
          ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
        }),
      );
      return {
        items: (Items as ReadRow[]).map((row) => readItem<T>(row)),
        nextCursor: LastEvaluatedKey ? Buffer.from(JSON.stringify(LastEvaluatedKey)).toString('base64url') : null,
      };
    },

    async replace(current, next) {
      const key = keys.keyOf(current);
      if (keys.keyOf(next) !== key) throw new RangeError(`replace() keeps an item's key; got "${key}" and "${keys.keyOf(next)}"`);
      const row = toStoredRow(keys, next);
      return unlessChanged(({ sdk, documents }) => documents.send(new sdk.PutCommand({ TableName: tableName, Item: row, ...sameRevision(current) })));
    },

    async delete(current) {
      return unlessChanged(({ sdk, documents }) =>
        documents.send(new sdk.DeleteCommand({ TableName: tableName, Key: { [KEY]: keys.keyOf(current) }, ...sameRevision(current) })),
      );
    },
  };
}

function decodeLastKey(cursor: string): Record<string, string> {
  try {
    return LastKeySchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
}
