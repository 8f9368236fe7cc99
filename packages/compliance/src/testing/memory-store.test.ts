import { createMemoryComplianceStore } from './memory-store.js';
import { complianceStoreContract } from './store-contract.js';

complianceStoreContract('memory fake', async () => ({ store: createMemoryComplianceStore() }));
