import { WebhookReceiver } from 'livekit-server-sdk';
import type { LiveKitConfig } from './livekit-tokens.js';
import { callForRoom } from './livekit-tokens.js';

/** ParticipantInfo.kind = SIP (livekit protocol livekit_models.proto; shared/reference/pstn-contracts.md §4). */
const PARTICIPANT_KIND_SIP = 3;

/** What a LiveKit webhook means for a Switchboard call. */
export type LiveKitCallEvent =
  | { kind: 'participant.joined' | 'participant.left'; eventId: string; room: string; callId: string | undefined; identity: string; sip: { callId?: string; phoneNumber?: string; trunkPhoneNumber?: string } | null }
  | { kind: 'room.started' | 'room.finished'; eventId: string; room: string; callId: string | undefined }
  | { kind: 'ignored'; eventId: string; event: string };

export class LiveKitWebhookError extends Error {
  override name = 'LiveKitWebhookError';
}

/**
 * Verifies a LiveKit webhook with the SDK's WebhookReceiver (JWT in Authorization carrying the
 * body's sha256) — on the raw body, before anything parses it — and maps it to a call event.
 * SIP callers are recognised by participant kind SIP and their sip.* attributes.
 */
export function createLiveKitWebhook(config: LiveKitConfig) {
  const receiver = new WebhookReceiver(config.apiKey, config.apiSecret);
  return async (rawBody: string, authorization: string | undefined): Promise<LiveKitCallEvent> => {
    let event: Awaited<ReturnType<WebhookReceiver['receive']>>;
    try {
      event = await receiver.receive(rawBody, authorization);
    } catch (error) {
      throw new LiveKitWebhookError(`invalid LiveKit webhook: ${error instanceof Error ? error.message : String(error)}`);
    }
    const eventId = event.id;
    const room = event.room?.name ?? '';
    switch (event.event) {
      case 'participant_joined':
      case 'participant_left': {
        const p = event.participant;
        const attrs = p?.attributes ?? {};
        const isSip = Number(p?.kind) === PARTICIPANT_KIND_SIP || String(p?.kind) === 'SIP' || Object.keys(attrs).some((k) => k.startsWith('sip.'));
        return {
          kind: event.event === 'participant_joined' ? 'participant.joined' : 'participant.left',
          eventId,
          room,
          callId: callForRoom(room),
          identity: p?.identity ?? '',
          sip: isSip ? { callId: attrs['sip.callID'], phoneNumber: attrs['sip.phoneNumber'], trunkPhoneNumber: attrs['sip.trunkPhoneNumber'] } : null,
        };
      }
      case 'room_started':
      case 'room_finished':
        return { kind: event.event === 'room_started' ? 'room.started' : 'room.finished', eventId, room, callId: callForRoom(room) };
      default:
        return { kind: 'ignored', eventId, event: event.event };
    }
  };
}
