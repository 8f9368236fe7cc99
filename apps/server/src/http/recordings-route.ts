import { SAMPLE_RATE, writeWav } from '@switchboard/audio';
import type { ComplianceStore } from '@switchboard/compliance';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { RecordingVault } from '../adapters/recordings/recording-vault.js';
import { requireStaff } from '../auth/staff-auth.js';
import type { TokenStore } from '../auth/token-store.js';
import { readRecordingParts } from '../ws/recording-writer.js';

/** GET /api/recordings/:id — authorised staff only; decrypted from the vault and served as WAV. */
export function recordingsRoute(tokens: TokenStore, compliance: ComplianceStore, vault: RecordingVault | undefined) {
  return new Hono<{ Variables: { staff: string } }>().get('/api/recordings/:id', requireStaff(tokens), async (c) => {
    const id = c.req.param('id');
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) throw new HTTPException(400, { message: 'not a recording id' });
    const meta = await compliance.getRecording(id);
    if (!meta || meta.status === 'deleted' || !vault) throw new HTTPException(404, { message: 'no such recording' });
    const { audio, complete } = await readRecordingParts(vault, id).catch(() => {
      throw new HTTPException(404, { message: 'recording audio is not available (erased or never written)' });
    });
    await compliance.appendAudit({ action: 'recording.accessed', actor: c.get('staff'), recordingId: id, callId: meta.callId, payload: { bytes: audio.length } });
    const samples = new Int16Array(audio.buffer, audio.byteOffset, Math.floor(audio.byteLength / 2));
    return c.body(writeWav(Int16Array.from(samples), SAMPLE_RATE), 200, { 'content-type': 'audio/wav', 'x-recording-complete': String(complete), 'cache-control': 'no-store' });
  });
}
