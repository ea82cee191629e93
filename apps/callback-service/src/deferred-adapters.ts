import { randomUUID } from 'node:crypto';
import { connectDynamoDb, createDynamoDbStore } from '@sm/storage';
import { callbackKeys, type CallbackServiceAdapters } from './app';
import type { CallbackServiceConfig } from './config';
import { createSignatureVerifier } from './signature';

/**
 * The adapters main.ts has built on first use: the callbacks table on DynamoDB, the Standard Webhooks
 * verifier, the clock and the id source. A module of its own, imported by main.ts with the first
 * request that is not a health check, so a cold start loads none of their code.
 *
 * @example
 * build: async () => (await import('./deferred-adapters')).buildAdapters(config),
 */
export function buildAdapters(config: CallbackServiceConfig): CallbackServiceAdapters {
  const dynamo = connectDynamoDb({ region: config.AWS_REGION, dynamoDbEndpoint: config.DYNAMODB_ENDPOINT });
  return {
    store: createDynamoDbStore(dynamo, config.CALLBACKS_TABLE, callbackKeys),
    verifySignature: createSignatureVerifier(config.WEBHOOK_SECRET),
    now: () => new Date(),
    // Called, not passed: the bundle reads a built-in's export on first use, so node:crypto loads with the first id.
    newId: () => randomUUID(),
  };
}
