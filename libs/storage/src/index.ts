export { InvalidCursorError } from './store';
export type { PutIfAbsentResult, Store, StoreKeys, StorePage } from './store';
export { createMemoryStore } from './memory-store';
export { createDynamoDbStore, createStoreTable } from './dynamodb-store';
