import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { PRIVATE_FILE_MODE } from './private-files.js';

/**
 * The audit chain's head published outside the database (shared/DESIGN.md "Erasure that
 * reaches copies … the audit chain's head is also published outside the database"): a small
 * JSON file rewritten atomically (write temp, fsync, rename) after every append. Someone who
 * rewrites the database — even recomputing every hash — cannot make it agree with this file
 * without also changing it; ship it to a separate system (log shipper, WORM bucket) for that.
 */
export const AuditHeadSchema = z.strictObject({ seq: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/) });
export type AuditHead = z.infer<typeof AuditHeadSchema>;

export function publishAuditHead(path: string, head: AuditHead): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', PRIVATE_FILE_MODE);
  try {
    writeSync(fd, `${JSON.stringify(head)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** The published head, or undefined when none was published yet. Throws on a corrupt file. */
export function readAuditHead(path: string): AuditHead | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return AuditHeadSchema.parse(JSON.parse(text));
}
