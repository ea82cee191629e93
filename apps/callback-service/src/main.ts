import { randomUUID } from 'node:crypto';
import { loadConfig } from '@sm/config';
import { connectDynamoDb, createDynamoDbStore } from '@sm/storage';
import { SERVICE_NAME, callbackKeys, createCallbackService } from './app';
import { CallbackServiceConfigSchema } from './config';
import { createSignatureVerifier } from './signature';

// Composition root: read once per cold start; a bad environment fails the init with every problem listed.
const config = loadConfig(CallbackServiceConfigSchema, { service: SERVICE_NAME });
const dynamo = connectDynamoDb({ region: config.AWS_REGION, dynamoDbEndpoint: config.DYNAMODB_ENDPOINT });

export const handler = createCallbackService(config, {
  store: createDynamoDbStore(dynamo, config.CALLBACKS_TABLE, callbackKeys),
  verifySignature: createSignatureVerifier(config.WEBHOOK_SECRET),
  now: () => new Date(),
  // Called, not passed: the bundle reads a built-in's export on first use, so node:crypto loads with the first id, not at init.
  newId: () => randomUUID(),
});
