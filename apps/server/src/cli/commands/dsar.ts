import { callLogPath, openCallLogPrivacy } from '../../adapters/storage/call-log-privacy.js';
import { parseCliArgs } from '../../adapters/storage/cli-args.js';
import { eraseSubject, exportSubject, type Subject } from '../../adapters/storage/dsar.js';
import { E164, openStoreAndVault, storeLocation } from '../../adapters/storage/store-location.js';
import { EnvSchema } from '../../env.js';
import { type Command, ExitCode, UsageError } from '../command.js';

const usage = `Usage:
  switchboard dsar export (--caller E164 | --call ID [--resume-token TOKEN]) [--db PATH] [--calls-db PATH]
  switchboard dsar erase  (--caller E164 | --call ID [--resume-token TOKEN]) --requested-by WHO --verified-by METHOD
                          [--db PATH] [--calls-db PATH] [--recordings DIR]

Data-subject requests (staff only). A phone caller is named by number (--caller); a web visitor,
who has no number, by their call (--call, the id the widget shows) — with --resume-token, the
token their browser holds, checked against the one issued for that call (exit 1 if it is not).
"export" prints, as JSON, everything held about the subject: consent evidence, recordings and
their legal holds, transcripts, audit entries with personal data, and the call log (events,
outbox, annotations).
"erase" deletes the subject's recordings (key, encrypted file and row), transcripts, the personal
data in consent and audit rows, and their calls' call log (events, outbox, resume tokens, stored
webhook answers), except calls under legal hold, which are listed under "kept" with the reason.
Deleted rows are zeroed and the database files rewritten, so no copy stays in free pages or the
WAL. It records who asked (--requested-by) and how identity was checked (--verified-by).

Options:
  --db PATH          SQLite file or postgres:// URL (default: $SWITCHBOARD_DB, else .data/switchboard.db)
  --calls-db PATH    the call log (default: <db>-calls.db beside a SQLite file; $SWITCHBOARD_DATA_DIR/switchboard-calls.db for PostgreSQL)
  --recordings DIR   encrypted recordings (default: recordings/ beside the database)
`;

/** A call id as the server issues them (web: UUID; phone: pstn-<provider>-<CallSid>). */
const CALL_ID = /^[A-Za-z0-9:._-]{1,200}$/;

export const command: Command = {
  name: 'dsar',
  summary: 'Export or erase everything held about a caller or web visitor (privacy requests).',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCliArgs(argv, {
      caller: { type: 'string' },
      call: { type: 'string' },
      'resume-token': { type: 'string' },
      'requested-by': { type: 'string' },
      'verified-by': { type: 'string' },
      db: { type: 'string' },
      'calls-db': { type: 'string' },
      recordings: { type: 'string' },
    });
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
    if (action !== 'export' && action !== 'erase') throw new UsageError('say "export" or "erase"');
    const subject = subjectOf(values.caller?.trim(), values.call?.trim());
    const token = values['resume-token']?.trim();
    if (token !== undefined && !('webCallId' in subject)) throw new UsageError('--resume-token goes with --call (a web visitor)');
    const requestedBy = values['requested-by']?.trim();
    const verifiedBy = values['verified-by']?.trim();
    if (action === 'erase' && (!requestedBy || !verifiedBy)) {
      throw new UsageError('erase needs --requested-by (who asked) and --verified-by (how identity was checked)');
    }
    const location = storeLocation(values.db, process.env);
    const { store, vault } = await openStoreAndVault(location, values.recordings);
    const dataDir = EnvSchema.shape.SWITCHBOARD_DATA_DIR.parse(process.env.SWITCHBOARD_DATA_DIR);
    const callLog = openCallLogPrivacy(values['calls-db'] ?? callLogPath(location, dataDir));
    try {
      if (token !== undefined && 'webCallId' in subject && !callLog?.holdsResumeToken(subject.webCallId, token)) {
        io.stderr.write(`the resume token is not the one issued for call ${subject.webCallId}: identity not verified, nothing done\n`);
        return ExitCode.failed;
      }
      const verification = token !== undefined ? `${verifiedBy ?? ''} (resume token of the call checked)`.trim() : (verifiedBy ?? '');
      const out =
        action === 'export'
          ? await exportSubject(store, subject, new Date(), callLog)
          : await eraseSubject(store, vault, { ...subject, requestedBy: requestedBy ?? '', verifiedBy: verification }, callLog);
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return ExitCode.ok;
    } finally {
      callLog?.close();
      await store.close();
    }
  },
};

function subjectOf(caller: string | undefined, call: string | undefined): Subject {
  if (caller !== undefined && call !== undefined)
    throw new UsageError('name one subject: --caller (phone) or --call (web visitor), not both');
  if (call !== undefined) {
    if (!CALL_ID.test(call)) throw new UsageError('--call must be a call id such as 3f0c…-… (letters, digits, ":", ".", "_", "-")');
    return { webCallId: call };
  }
  if (!caller || !E164.test(caller))
    throw new UsageError('--caller must be an E.164 number such as +4930901820 (or --call ID for a web visitor)');
  return { caller };
}
