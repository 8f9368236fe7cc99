import { RestClient } from '@signalwire/compatibility-api';
import twilio from 'twilio';

/** What to do with an inbound call, whichever carrier brought it. */
export type InboundAnswer =
  /** Bidirectional media to our WebSocket (the IVR runs on the audio). */
  | { kind: 'stream'; streamUrl: string; parameters?: Record<string, string> }
  /** Speak, then gather speech/DTMF to `actionUrl` (carrier speech recognition). */
  | { kind: 'gather'; text: string; actionUrl: string; language?: string }
  /** Speak and hang up (e.g. the all-carriers-down outage message). */
  | { kind: 'say-hangup'; text: string }
  | { kind: 'reject'; reason: 'busy' | 'rejected' };

interface VoiceResponseLike {
  say(attrs: object, text: string): unknown;
  hangup(): unknown;
  reject(attrs: object): unknown;
  connect(): { stream(attrs: object): { parameter(attrs: object): unknown } };
  gather(attrs: object): { say(attrs: object, text: string): unknown };
  toString(): string;
}

function render(response: VoiceResponseLike, answer: InboundAnswer): string {
  switch (answer.kind) {
    case 'stream': {
      // Twilio strips query strings from stream URLs: data goes in <Parameter> (pstn-contracts §1.1).
      const stream = response.connect().stream({ url: answer.streamUrl });
      for (const [name, value] of Object.entries(answer.parameters ?? {})) stream.parameter({ name, value });
      break;
    }
    case 'gather': {
      const gather = response.gather({
        input: 'speech dtmf',
        action: answer.actionUrl,
        method: 'POST',
        speechTimeout: 'auto',
        language: answer.language ?? 'en-US',
      });
      gather.say({}, answer.text);
      break;
    }
    case 'say-hangup':
      response.say({}, answer.text);
      response.hangup();
      break;
    case 'reject':
      response.reject({ reason: answer.reason });
      break;
    default: {
      const never: never = answer;
      throw new Error(`unknown answer ${String(never)}`);
    }
  }
  return response.toString();
}

/** TwiML through the official SDK's VoiceResponse. */
export const twiml = (answer: InboundAnswer): string => render(new twilio.twiml.VoiceResponse() as unknown as VoiceResponseLike, answer);

/** SignalWire LaML (cXML) through @signalwire/compatibility-api's VoiceResponse. */
export const laml = (answer: InboundAnswer): string => render(new RestClient.LaML.VoiceResponse() as unknown as VoiceResponseLike, answer);

/**
 * Telnyx TeXML is TwiML-compatible for these verbs (<Connect><Stream>, <Gather>, <Say>,
 * <Hangup>, <Reject>), so the Twilio builder writes it; Telnyx extras (bidirectionalMode,
 * codec) are added for streams: RTP mode with PCMU, as pstn-contracts.md §2.4 describes.
 */
export function texml(answer: InboundAnswer): string {
  if (answer.kind !== 'stream') return twiml(answer);
  const response = new twilio.twiml.VoiceResponse();
  const stream = response.connect().stream({ url: answer.streamUrl, ...{ bidirectionalMode: 'rtp', bidirectionalCodec: 'PCMU' } } as never);
  for (const [name, value] of Object.entries(answer.parameters ?? {})) stream.parameter({ name, value });
  return response.toString();
}

/**
 * Telnyx Call Control answers with a REST command, not markup: POST
 * /v2/calls/{call_control_id}/actions/answer with streaming set up (pstn-contracts §2.1/§2.3).
 */
export function telnyxAnswerCommand(
  callControlId: string,
  answer: InboundAnswer,
  commandId: string,
): { path: string; body: Record<string, unknown> } {
  const base = `/v2/calls/${encodeURIComponent(callControlId)}/actions`;
  switch (answer.kind) {
    case 'stream':
      return {
        path: `${base}/answer`,
        body: {
          command_id: commandId,
          stream_url: answer.streamUrl,
          stream_track: 'inbound_track',
          stream_bidirectional_mode: 'rtp',
          stream_bidirectional_codec: 'PCMU',
          client_state: Buffer.from(JSON.stringify(answer.parameters ?? {})).toString('base64'),
        },
      };
    case 'reject':
      return { path: `${base}/reject`, body: { command_id: commandId, cause: answer.reason === 'busy' ? 'USER_BUSY' : 'CALL_REJECTED' } };
    default:
      // Speaking needs the call answered first; the app sends `speak`/`gather_using_speak` on call.answered.
      return { path: `${base}/answer`, body: { command_id: commandId } };
  }
}
