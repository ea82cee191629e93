import { loadConfig } from '@sm/config';
import { connectDynamoDb, createDynamoDbStore } from '@sm/storage';
import { SERVICE_NAME, callbackKeys, createCallbackService } from './app';
import { CallbackServiceConfigSchema } from './config';

// Composition root: read once per cold start; a bad environment fails the init with every problem listed.
const config = loadConfig(CallbackServiceConfigSchema, { service: SERVICE_NAME });
const dynamo = connectDynamoDb({ region: config.AWS_REGION, dynamoDbEndpoint: config.DYNAMODB_ENDPOINT });

export const handler = createCallbackService(config, {
  store: createDynamoDbStore(dynamo, config.CALLBACKS_TABLE, callbackKeys),
});
