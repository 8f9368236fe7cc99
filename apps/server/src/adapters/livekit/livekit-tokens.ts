import { AccessToken, TrackSource } from 'livekit-server-sdk';

export interface LiveKitConfig {
  url: string;
  apiKey: string;
  apiSecret: string;
}

/** Each web call has its own room; staff and the visitor join it by name. */
export const roomForCall = (callId: string): string => `call-${callId}`;
export const callForRoom = (room: string): string | undefined => (room.startsWith('call-') ? room.slice(5) : undefined);

/**
 * A join token limited to one room, short-lived (livekit-server-sdk AccessToken). Visitors may
 * publish their microphone only; staff may also publish data (operator console controls).
 */
export async function roomToken(config: LiveKitConfig, options: { room: string; identity: string; role: 'visitor' | 'staff'; ttlSeconds?: number }): Promise<string> {
  const token = new AccessToken(config.apiKey, config.apiSecret, { identity: options.identity, ttl: options.ttlSeconds ?? 600 });
  token.addGrant({
    room: options.room,
    roomJoin: true,
    roomCreate: false,
    roomAdmin: false,
    roomList: false,
    canSubscribe: true,
    canPublish: true,
    canPublishData: options.role === 'staff',
    canPublishSources: options.role === 'visitor' ? [TrackSource.MICROPHONE] : [TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE_AUDIO],
  });
  return token.toJwt();
}
