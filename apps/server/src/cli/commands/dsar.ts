import { parseCliArgs } from '../../adapters/storage/cli-args.js';
import { eraseSubject, exportSubject } from '../../adapters/storage/dsar.js';
import { E164, openStoreAndVault, storeLocation } from '../../adapters/storage/store-location.js';
import { type Command, ExitCode, UsageError } from '../command.js';

const usage = `Usage:
  switchboard dsar export --caller E164 [--db PATH]
  switchboard dsar erase  --caller E164 --requested-by WHO --verified-by METHOD [--db PATH] [--recordings DIR]

Data-subject requests (staff only). "export" prints, as JSON, everything held about a caller:
consent evidence, recordings and their legal holds, transcripts, audit entries with personal data.
"erase" deletes the caller's recordings (key, encrypted file and row), transcripts and the personal
data in consent and audit rows, except items under legal hold, which are listed under "kept" with
the reason. It records who asked (--requested-by) and how identity was checked (--verified-by).

Options:
  --db PATH          SQLite file or postgres:// URL (default: $SWITCHBOARD_DB, else .data/switchboard.db)
  --recordings DIR   encrypted recordings (default: recordings/ beside the database)
`;

export const command: Command = {
  name: 'dsar',
  summary: 'Export or erase everything held about a caller (privacy requests).',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCliArgs(argv, {
      caller: { type: 'string' },
      'requested-by': { type: 'string' },
      'verified-by': { type: 'string' },
      db: { type: 'string' },
      recordings: { type: 'string' },
    });
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
    if (action !== 'export' && action !== 'erase') throw new UsageError('say "export" or "erase"');
    const caller = values.caller?.trim();
    if (!caller || !E164.test(caller)) throw new UsageError('--caller must be an E.164 number such as +4930901820');
    const requestedBy = values['requested-by']?.trim();
    const verifiedBy = values['verified-by']?.trim();
    if (action === 'erase' && (!requestedBy || !verifiedBy)) {
      throw new UsageError('erase needs --requested-by (who asked) and --verified-by (how identity was checked)');
    }
    const { store, vault } = await openStoreAndVault(storeLocation(values.db, process.env), values.recordings);
    try {
      const out =
        action === 'export'
          ? await exportSubject(store, caller, new Date())
          : await eraseSubject(store, vault, { caller, requestedBy: requestedBy ?? '', verifiedBy: verifiedBy ?? '' });
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return ExitCode.ok;
    } finally {
      await store.close();
    }
  },
};
