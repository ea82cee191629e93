import { randomUUID } from 'node:crypto';
import type { Logger } from '@sm/http';
import { connectDynamoDb, createDynamoDbStore } from '@sm/storage';
import { Webhook } from 'standardwebhooks';
import type { IntegrationServiceAdapters } from './app';
import type { IntegrationServiceConfig } from './config';
import { deliveryKeys, eventKeys } from './outbox';
import { createSubscriberTargets } from './subscriber-targets';

/**
 * The adapters main.ts has built on first use: the event and delivery stores on DynamoDB, the
 * subscribers with their HTTP clients, the webhook signer, and the id and jitter sources. A module
 * of its own, imported by main.ts with the first request that is not a health check (or the first
 * schedule run), so a cold start loads none of their code.
 *
 * @example
 * build: async () => (await import('./deferred-adapters')).buildAdapters(config, { logger, now }),
 */
export function buildAdapters(config: IntegrationServiceConfig, { logger, now }: { logger: Logger; now: () => Date }): Omit<IntegrationServiceAdapters, 'logger'> {
  const dynamo = connectDynamoDb({ region: config.AWS_REGION, dynamoDbEndpoint: config.DYNAMODB_ENDPOINT });
  return {
    events: createDynamoDbStore(dynamo, config.DELIVERY_REPORTS_TABLE, eventKeys),
    deliveries: createDynamoDbStore(dynamo, config.DELIVERIES_TABLE, deliveryKeys),
    subscribers: createSubscriberTargets(config, { now, logger }),
    webhook: new Webhook(config.WEBHOOK_SECRET),
    now,
    // Called, not passed: the bundle reads a built-in's export on first use, so node:crypto loads with the first id.
    newId: () => randomUUID(),
    random: Math.random,
  };
}
