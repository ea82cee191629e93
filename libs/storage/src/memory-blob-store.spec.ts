import { describeBlobStoreContract } from './blob-store-contract';
import { createMemoryBlobStore } from './memory-blob-store';

describeBlobStoreContract('in-memory', async () => createMemoryBlobStore());
