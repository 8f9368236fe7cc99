import { complianceStoreContract } from '@switchboard/compliance/test/support/store-contract';
import { tempDataDir } from '../../../test/support/temp-store.js';
import { openSqliteStore } from './sqlite-store.js';

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
