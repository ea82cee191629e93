import { CreateTableCommand, DynamoDBClient, waitUntilTableExists, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS } from './embedded-s3';

/**
 * Creates a table on a local DynamoDB engine and resolves once it is ACTIVE. CreateTable is
 * asynchronous on DynamoDB and on dynalite alike: the table answers reads and writes only once
 * DescribeTable says ACTIVE (ResourceNotFoundException before), which on a busy machine is not the
 * very next request. The keys default to one string partition key, `pk`.
 *
 * @example
 * await createLocalTable(dynamo.endpoint, { TableName: 'things' });
 */
export async function createLocalTable(
  endpoint: string,
  input: Pick<CreateTableCommandInput, 'TableName'> & Partial<CreateTableCommandInput>,
): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(
      new CreateTableCommand({
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        ...input,
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: input.TableName });
  } finally {
    client.destroy();
  }
}
