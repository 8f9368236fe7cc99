import { userInfo } from 'node:os';
import { parseCliArgs } from '../../adapters/storage/cli-args.js';
import { openStoreAndVault, storeLocation } from '../../adapters/storage/store-location.js';
import { type Command, ExitCode, UsageError } from '../command.js';

const usage = `Usage:
  switchboard hold set  --recording ID --reason TEXT [--by WHO] [--db PATH]
  switchboard hold lift --recording ID --reason TEXT [--by WHO] [--db PATH]

Legal holds (staff only). A held recording survives retention sweeps and DSAR erasure until the
hold is lifted; both are written to the audit log with who did it (--by, default the OS user).
Prints the hold (set) or how many holds were lifted (lift) as JSON.

Options:
  --db PATH   SQLite file or postgres:// URL (default: $SWITCHBOARD_DB, else .data/switchboard.db)
`;

export const command: Command = {
  name: 'hold',
  summary: 'Set or lift a legal hold on a recording.',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCliArgs(argv, {
      recording: { type: 'string' },
      reason: { type: 'string' },
      by: { type: 'string' },
      db: { type: 'string' },
    });
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
    if (action !== 'set' && action !== 'lift') throw new UsageError('say "set" or "lift"');
    const recordingId = values.recording?.trim();
    const reason = values.reason?.trim();
    if (!recordingId) throw new UsageError('--recording ID is required');
    if (!reason) throw new UsageError('--reason TEXT is required');
    const by = values.by?.trim() || `os:${userInfo().username}`;
    const { store } = await openStoreAndVault(storeLocation(values.db, process.env));
    try {
      if (!(await store.getRecording(recordingId))) {
        io.stderr.write(`switchboard hold: no recording ${recordingId}\n`);
        return ExitCode.invalidInput;
      }
      const out =
        action === 'set'
          ? { hold: await store.setHold(recordingId, reason, by) }
          : { recordingId, lifted: await store.liftHold(recordingId, reason, by) };
      io.stdout.write(`${JSON.stringify(out)}\n`);
      return ExitCode.ok;
    } finally {
      await store.close();
    }
  },
};
