import { createMemoryStore } from './memory-store';
import { describeMutableStoreContract } from './mutable-store-contract';
import { contractKeys, describeStoreContract } from './store-contract';

describeStoreContract('in-memory', async () => createMemoryStore(contractKeys));
describeMutableStoreContract('in-memory', async () => createMemoryStore(contractKeys));
