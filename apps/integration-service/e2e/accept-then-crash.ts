// Run by durable-delivery.spec.ts in a process of its own: accepts one event into an outbox on an
// embedded DynamoDB over DATA_DIR, then dies (SIGKILL, no clean-up) the moment the first attempt
// would be sent, i.e. after the outbox write and before any subscriber heard of the event.
import { startEmbeddedDynamoDb, LOCAL_CREDENTIALS } from '@sm/local-aws';
import { connectDynamoDb, createDynamoDbStore, createStoreTable } from '@sm/storage';
import { handlerClient } from '@sm/testing';
import { createIntegrationService, SERVICE_NAME } from '../src/app';
import { deliveryKeys, eventKeys } from '../src/outbox';
import { issuer, publisher, testAdapters, testConfig } from '../src/test-setup';

async function main(): Promise<void> {
  const { DATA_DIR = '', SUBSCRIBER_URL = '', EVENT_ID = '' } = process.env;
  const engine = await startEmbeddedDynamoDb({ path: DATA_DIR });
  const dynamo = connectDynamoDb({ dynamoDbEndpoint: engine.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const config = testConfig([{ url: SUBSCRIBER_URL, types: ['*'] }]);
  for (const table of [config.DELIVERY_REPORTS_TABLE, config.DELIVERIES_TABLE]) await createStoreTable(dynamo, table);
  const outbox = { events: createDynamoDbStore(dynamo, config.DELIVERY_REPORTS_TABLE, eventKeys), deliveries: createDynamoDbStore(dynamo, config.DELIVERIES_TABLE, deliveryKeys) };
  const adapters = testAdapters(config, { outbox });
  const dying = adapters.subscribers.map((subscriber) => ({
    ...subscriber,
    client: {
      request: () => {
        console.log('first attempt about to be sent: dying');
        process.kill(process.pid, 'SIGKILL');
        return new Promise<never>(() => undefined);
      },
    },
  }));
  const client = handlerClient(createIntegrationService(config, { ...adapters, subscribers: dying }), SERVICE_NAME, issuer);
  await client({ method: 'POST', path: '/api/integration', as: publisher, body: { type: 'order.paid', data: { orderId: 42 }, id: EVENT_ID } });
  console.log('the request finished: the process should have died before');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
