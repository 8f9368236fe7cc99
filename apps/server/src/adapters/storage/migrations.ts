import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

/**
 * Schema migrations, run by `openComplianceDb` before first use (kysely's Migrator keeps its
 * own `kysely_migration` tables, so each runs once per database). Add a new entry for every
 * change; never edit a shipped one. Column types are the portable subset (text, integer) so
 * SQLite and PostgreSQL share them.
 */
const migrations: Record<string, Migration> = {
  '2026-11-25-001-compliance': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('consents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('jurisdiction', 'text', (c) => c.notNull())
        .addColumn('regime', 'text', (c) => c.notNull())
        .addColumn('ruleset_version', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('announcement_id', 'text', (c) => c.notNull())
        .addColumn('announcement_sha256', 'text', (c) => c.notNull())
        .addColumn('announcement_completed', 'integer', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addColumn('offset_ms', 'integer', (c) => c.notNull())
        .addColumn('pii_caller', 'text')
        .addColumn('pii_callee', 'text')
        .addColumn('erased_at', 'text')
        .execute();
      await db.schema.createIndex('consents_call').on('consents').column('call_id').execute();
      await db.schema.createIndex('consents_caller').on('consents').column('pii_caller').execute();

      await db.schema
        .createTable('recordings')
        .addColumn('recording_id', 'text', (c) => c.primaryKey())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('jurisdiction', 'text', (c) => c.notNull())
        .addColumn('retention_days', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('path', 'text')
        .addColumn('pii_caller', 'text')
        .execute();
      await db.schema.createIndex('recordings_call').on('recordings').column('call_id').execute();
      await db.schema.createIndex('recordings_caller').on('recordings').column('pii_caller').execute();
      await db.schema.createIndex('recordings_expiry').on('recordings').column('expires_at').execute();

      await db.schema
        .createTable('recording_keys')
        .addColumn('recording_id', 'text', (c) => c.primaryKey())
        .addColumn('key_b64', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('legal_holds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('recording_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('set_by', 'text', (c) => c.notNull())
        .addColumn('set_at', 'text', (c) => c.notNull())
        .addColumn('lifted_at', 'text')
        .addColumn('lifted_by', 'text')
        .addColumn('lift_reason', 'text')
        .execute();
      await db.schema.createIndex('legal_holds_recording').on('legal_holds').column('recording_id').execute();

      await db.schema
        .createTable('transcripts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('offset_ms', 'integer', (c) => c.notNull())
        .addColumn('pii_caller', 'text')
        .execute();
      await db.schema.createIndex('transcripts_call').on('transcripts').column('call_id').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('call_id', 'text')
        .addColumn('recording_id', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('audit_pii')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('call_id', 'text')
        .addColumn('caller', 'text')
        .addColumn('pii', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_pii_caller').on('audit_pii').column('caller').execute();
      await db.schema.createIndex('audit_pii_call').on('audit_pii').column('call_id').execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['audit_pii', 'audit_log', 'transcripts', 'legal_holds', 'recording_keys', 'recordings', 'consents']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  // Own table names, so the call runtime's tables in the same file never collide with ours.
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'compliance_migration',
    migrationLockTableName: 'compliance_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(
      `compliance migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
