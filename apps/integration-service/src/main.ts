import { randomUUID } from 'node:crypto';
import { loadConfig } from '@sm/config';
import { createServiceLogger } from '@sm/http';
import { connectDynamoDb, createDynamoDbStore } from '@sm/storage';
import { Webhook } from 'standardwebhooks';
import { SERVICE_NAME, createIntegrationService } from './app';
import { IntegrationServiceConfigSchema } from './config';
import { deliveryKeys, eventKeys } from './outbox';
import { createSubscriberTargets } from './subscriber-targets';

// Composition root: read once per cold start; a bad environment fails the init with every problem listed.
const config = loadConfig(IntegrationServiceConfigSchema, { service: SERVICE_NAME });
const logger = createServiceLogger(SERVICE_NAME, config);
const dynamo = connectDynamoDb({ region: config.AWS_REGION, dynamoDbEndpoint: config.DYNAMODB_ENDPOINT });
const now = () => new Date();

export const handler = createIntegrationService(config, {
  events: createDynamoDbStore(dynamo, config.DELIVERY_REPORTS_TABLE, eventKeys),
  deliveries: createDynamoDbStore(dynamo, config.DELIVERIES_TABLE, deliveryKeys),
  subscribers: createSubscriberTargets(config, { now, logger }),
  webhook: new Webhook(config.WEBHOOK_SECRET),
  now,
  // Called, not passed: the bundle reads a built-in's export on first use, so node:crypto loads with the first id, not at init.
  newId: () => randomUUID(),
  random: Math.random,
  logger,
});
