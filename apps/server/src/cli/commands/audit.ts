import { parseCliArgs } from '../../adapters/storage/cli-args.js';
import { openStoreAndVault, storeLocation } from '../../adapters/storage/store-location.js';
import { verifyAudit } from '../../adapters/storage/verify-audit.js';
import { type Command, ExitCode, UsageError } from '../command.js';

const usage = `Usage: switchboard audit verify [--db PATH]

Recomputes the audit log's SHA-256 hash chain and compares its head with the head published
outside the database ("<db>.audit-head.json"). Exit 0 and a JSON summary when intact; exit 1
naming the first broken entry ("audit chain broken at seq N: …") otherwise.

Options:
  --db PATH   SQLite file or postgres:// URL (default: $SWITCHBOARD_DB, else .data/switchboard.db)
`;

export const command: Command = {
  name: 'audit',
  summary: 'Verify the tamper-evident audit log.',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCliArgs(argv, { db: { type: 'string' } });
    if (positionals[0] !== 'verify' || positionals.length > 1) throw new UsageError('say "verify"');
    const { store } = await openStoreAndVault(storeLocation(values.db, process.env));
    try {
      const verdict = await verifyAudit(store);
      io.stdout.write(`${JSON.stringify(verdict)}\n`);
      if (verdict.ok) return ExitCode.ok;
      io.stderr.write(`audit chain broken at seq ${verdict.firstBrokenSeq}: ${verdict.reason}\n`);
      return ExitCode.failed;
    } finally {
      await store.close();
    }
  },
};
