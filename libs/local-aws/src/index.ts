export { createLocalTable } from './create-local-table';
export { startEmbeddedDynamoDb } from './embedded-dynamodb';
export type { EmbeddedEngine } from './embedded-dynamodb';
export { LOCAL_CREDENTIALS, startEmbeddedS3 } from './embedded-s3';
export { EngineStartError, startEngineProcess } from './engine-process-handle';
export type { EngineExit, EngineName, EngineProcess } from './engine-process-handle';
