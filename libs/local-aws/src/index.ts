export { startEmbeddedDynamoDb } from './embedded-dynamodb';
export type { EmbeddedEngine } from './embedded-dynamodb';
export { LOCAL_CREDENTIALS, startEmbeddedS3 } from './embedded-s3';
