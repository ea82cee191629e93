import { loadConfig } from '@sm/config';
import { connectDynamoDb, createDynamoDbStore } from '@sm/storage';
import { SERVICE_NAME, createIntegrationService, reportKeys } from './app';
import { IntegrationServiceConfigSchema } from './config';

// Composition root: read once per cold start; a bad environment fails the init with every problem listed.
const config = loadConfig(IntegrationServiceConfigSchema, { service: SERVICE_NAME });
const dynamo = connectDynamoDb({ region: config.AWS_REGION, dynamoDbEndpoint: config.DYNAMODB_ENDPOINT });

export const handler = createIntegrationService(config, {
  reports: createDynamoDbStore(dynamo, config.DELIVERY_REPORTS_TABLE, reportKeys),
});
