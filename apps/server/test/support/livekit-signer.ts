import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';

/** Signs a webhook body the way LiveKit does: a JWT from the API key whose `sha256` claim is the body's digest. */
export async function signLiveKitWebhook(apiKey: string, apiSecret: string, body: string): Promise<string> {
  const token = new AccessToken(apiKey, apiSecret);
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

export const participantEvent = (id: string, event: 'participant_joined' | 'participant_left', room: string, participant: Record<string, unknown>) =>
  JSON.stringify({ id, event, createdAt: String(Math.floor(Date.now() / 1000)), room: { name: room, sid: 'RM_test' }, participant });
