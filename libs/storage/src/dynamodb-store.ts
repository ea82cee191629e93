import * as z from 'zod/mini';
import type { AwsConnection, DynamoDbSession } from './aws-clients';
import type { MutableStore } from './mutable-store';
import { InvalidCursorError, type PutIfAbsentResult, type StoreKeys, type StorePage, type StoreQuery } from './store';
import { LIST_PARTITION_VALUE, isStorableKey, isStorableListPosition, itemOf, positionAbove, revisionOf, toStoredRow, type StoredRow } from './stored-item';

/**
 * The table layout every DynamoDB store uses: the item under its key, a GSI that orders every item
 * newest first, and a sparse GSI that orders each group's items the same way (only items with a
 * group carry its partition key, so only they are in it).
 */
const KEY = 'pk';
const LIST_INDEX = 'newest-first';
const LIST_PARTITION = 'gsi1pk';
const LIST_SORT = 'gsi1sk';
const GROUP_INDEX = 'group-newest-first';
const GROUP_PARTITION = 'gsi2pk';

/** What the store issues as a cursor of a list (a `LastEvaluatedKey`), and so the only shape that list takes back. */
const lastKeySchema = (partition: string, value: string) =>
  z
    .strictObject({
      [KEY]: z.string().check(z.refine(isStorableKey)),
      [partition]: z.literal(value),
      [LIST_SORT]: z.string().check(z.minLength(1), z.refine(isStorableListPosition)),
    })
    .check(z.refine((lastKey) => String(lastKey[LIST_SORT]).endsWith(`#${String(lastKey[KEY])}`), 'the list position is not of this key'));

/**
 * A row as read back. Items written before the store kept a JSON string (`doc`) hold a map (`item`);
 * reading them costs one branch, and they become strings on their next write.
 */
type ReadRow = Partial<StoredRow> & { item?: unknown };

function readItem<T>(row: ReadRow): T {
  return typeof row.doc === 'string' ? itemOf<T>({ doc: row.doc }) : (row.item as T);
}

/** How long createStoreTable waits for a new table to become ACTIVE (AWS takes seconds, dynalite none). */
const TABLE_ACTIVE_WAIT_SECONDS = 120;

/**
 * Creates the table a `createDynamoDbStore` needs, unless it exists (on-demand capacity). An existing
 * table without the group index (created before stores had one) is refused with the way out, rather
 * than left to fail every group listing: DynamoDB adds a GSI with UpdateTable, dynalite cannot.
 * Resolves once the table is ACTIVE, so the first write after it cannot find the table missing.
 *
 * @example
 * await createStoreTable(connectDynamoDb({ region: 'us-east-1', dynamoDbEndpoint }), 'callbacks');
 */
export async function createStoreTable(dynamo: AwsConnection<DynamoDbSession>, tableName: string): Promise<void> {
  const { sdk, client, documents } = await dynamo.use();
  try {
    await documents.send(
      new sdk.CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: KEY, AttributeType: 'S' },
          { AttributeName: LIST_PARTITION, AttributeType: 'S' },
          { AttributeName: LIST_SORT, AttributeType: 'S' },
          { AttributeName: GROUP_PARTITION, AttributeType: 'S' },
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
          {
            IndexName: GROUP_INDEX,
            KeySchema: [
              { AttributeName: GROUP_PARTITION, KeyType: 'HASH' },
              { AttributeName: LIST_SORT, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof sdk.ResourceInUseException)) throw error;
    const { Table } = await documents.send(new sdk.DescribeTableCommand({ TableName: tableName }));
    if (!(Table?.GlobalSecondaryIndexes ?? []).some((index) => index.IndexName === GROUP_INDEX)) {
      throw new Error(
        `table ${tableName} has no ${GROUP_INDEX} index (${GROUP_PARTITION}/${LIST_SORT}): add it with UpdateTable, or, for local data, delete the table's data folder`,
        { cause: error },
      );
    }
  }
  // "CreateTable is an asynchronous operation": DynamoDB answers while the table is CREATING and
  // serves reads and writes only once it is ACTIVE (ResourceNotFoundException until then; dynalite
  // keeps that lifecycle). So this returns once DescribeTable says ACTIVE, by the SDK's tableExists
  // waiter, polling from 1 s rather than its 20 s default since a local table is ready at once.
  await sdk.waitUntilTableExists({ client, maxWaitTime: TABLE_ACTIVE_WAIT_SECONDS, minDelay: 1, maxDelay: 5 }, { TableName: tableName });
}

/**
 * A `Store` on one DynamoDB table: `putIfAbsent` is a conditional put (`attribute_not_exists`), so
 * exactly one of concurrent writers wins; `list` and `listGroup` are one `Query` of a GSI each,
 * newest first, whose `LastEvaluatedKey` travels as the opaque cursor and is validated on the way back in.
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

  /** One page of an index's partition, newest first; the `LastEvaluatedKey` travels as the opaque cursor. */
  const queryIndex = async (indexName: string, partition: string, value: string, { limit, cursor }: StoreQuery): Promise<StorePage<T>> => {
    const exclusiveStartKey = cursor === undefined ? undefined : decodeLastKey(cursor, partition, value);
    const { sdk, documents } = await dynamo.use();
    const { Items = [], LastEvaluatedKey } = await documents.send(
      new sdk.QueryCommand({
        TableName: tableName,
        IndexName: indexName,
        KeyConditionExpression: `${partition} = :value`,
        ExpressionAttributeValues: { ':value': value },
        ScanIndexForward: false,
        Limit: limit,
        ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
      }),
    );
    return {
      items: (Items as ReadRow[]).map((row) => readItem<T>(row)),
      nextCursor: LastEvaluatedKey ? Buffer.from(JSON.stringify(LastEvaluatedKey)).toString('base64url') : null,
    };
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

    list: (query) => queryIndex(LIST_INDEX, LIST_PARTITION, LIST_PARTITION_VALUE, query),

    // A group no item can have is one no item is in; asking would be a ValidationException.
    listGroup: async (group, query) => (isStorableKey(group) ? queryIndex(GROUP_INDEX, GROUP_PARTITION, group, query) : { items: [], nextCursor: null }),

    async listGroupUpTo(group, upTo, limit) {
      if (!isStorableKey(group)) return [];
      const { sdk, documents } = await dynamo.use();
      const { Items = [] } = await documents.send(
        new sdk.QueryCommand({
          TableName: tableName,
          IndexName: GROUP_INDEX,
          KeyConditionExpression: `${GROUP_PARTITION} = :group AND ${LIST_SORT} < :above`,
          ExpressionAttributeValues: { ':group': group, ':above': positionAbove(upTo) },
          ScanIndexForward: true,
          Limit: limit,
        }),
      );
      return (Items as ReadRow[]).map((row) => readItem<T>(row));
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

function decodeLastKey(cursor: string, partition: string, value: string): Record<string, unknown> {
  try {
    return lastKeySchema(partition, value).parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
}
