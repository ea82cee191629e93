import { createMemoryStore } from './memory-store';
import { contractKeys, describeStoreContract } from './store-contract';

describeStoreContract('in-memory', async () => createMemoryStore(contractKeys));
