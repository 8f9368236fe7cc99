import { complianceStoreContract } from '@switchboard/compliance/testing/store-contract';
import { openSqliteStore } from './sqlite-store.js';
import { tempDataDir } from './testing/temp-store.js';

complianceStoreContract('SQLite file', async () => {
  const tmp = tempDataDir();
  const store = await openSqliteStore(tmp.dbPath);
  return {
    store,
    close: async () => {
      await store.close();
      tmp.cleanup();
    },
  };
});
