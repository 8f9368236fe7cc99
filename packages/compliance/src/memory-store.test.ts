import { complianceStoreContract } from '../test/support/store-contract.js';
import { createMemoryComplianceStore } from './memory-store.js';

complianceStoreContract('memory fake', async () => ({ store: createMemoryComplianceStore() }));
