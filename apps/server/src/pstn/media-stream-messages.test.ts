import { describe, expect, it } from 'vitest';
import { outboundClear, outboundMark, outboundMedia, parseStreamMessage } from './media-stream-messages.js';

// Shapes as Twilio documents them (pstn-contracts.md §1.2): numeric-looking fields are strings.
const streamSid = 'MZ18ad3ab5a668481ce02b83e7395059f0';
const fixtures = {
  connected: { event: 'connected', protocol: 'Call', version: '1.0.0' },
  start: {
    event: 'start',
    sequenceNumber: '1',
    streamSid,
    start: {
      streamSid,
      accountSid: 'AC00000000000000000000000000000000',
      callSid: 'CA00000000000000000000000000000000',
      tracks: ['inbound'],
      customParameters: { from: '+4930901820', token: 't' },
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    },
  },
  media: {
    event: 'media',
    sequenceNumber: '3',
    streamSid,
    media: { track: 'inbound', chunk: '1', timestamp: '5', payload: 'no+JhoaJjpc=' },
  },
  dtmf: { event: 'dtmf', streamSid, sequenceNumber: '5', dtmf: { track: 'inbound_track', digit: '1' } },
  mark: { event: 'mark', sequenceNumber: '4', streamSid, mark: { name: 'greeting#2' } },
  stop: { event: 'stop', sequenceNumber: '5', streamSid, stop: { accountSid: 'AC0', callSid: 'CA0' } },
};

describe('media stream messages', () => {
  it.each(Object.entries(fixtures))('parses %s', (event, fixture) => {
    const parsed = parseStreamMessage(JSON.stringify(fixture));
    expect(parsed).toMatchObject({ ok: true, message: { event } });
  });

  it('keeps the start parameters and tolerates unknown events', () => {
    const start = parseStreamMessage(JSON.stringify(fixtures.start));
    expect(start.ok && start.message?.event === 'start' && start.message.start.customParameters).toEqual({
      from: '+4930901820',
      token: 't',
    });
    expect(parseStreamMessage(JSON.stringify({ event: 'future-thing', streamSid }))).toEqual({
      ok: true,
      message: null,
      event: 'future-thing',
    });
  });

  it.each([
    ['not json', 'stream messages are JSON text'],
    [JSON.stringify({ streamSid }), 'stream message without an event name'],
    [JSON.stringify({ ...fixtures.media, media: { payload: 'not base64!' } }), 'invalid media: media.payload'],
    [JSON.stringify({ ...fixtures.media, media: { payload: 'A'.repeat(20_000) } }), 'invalid media: media.payload: payload longer than'],
    [JSON.stringify({ ...fixtures.dtmf, dtmf: { digit: '12' } }), 'invalid dtmf: dtmf.digit: one of 0-9, * or #'],
    [JSON.stringify({ ...fixtures.dtmf, sequenceNumber: 5 }), 'invalid dtmf: sequenceNumber'],
    [
      JSON.stringify({
        ...fixtures.start,
        start: { ...fixtures.start.start, mediaFormat: { encoding: 'audio/l16', sampleRate: 16000, channels: 1 } },
      }),
      'invalid start: start.mediaFormat.encoding: only audio/x-mulaw',
    ],
    [JSON.stringify({ ...fixtures.start, start: { streamSid } }), 'invalid start: start.callSid'],
    [JSON.stringify({ event: 'mark', streamSid }), 'invalid mark: mark'],
  ])('names what is wrong in %s', (text, reason) => {
    const parsed = parseStreamMessage(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });

  it('builds what we send back: base64 μ-law without a header, a mark, a clear — each with the streamSid', () => {
    const media = JSON.parse(outboundMedia(streamSid, new Uint8Array([0xff, 0x7f, 0x00]).subarray(1)));
    expect(media).toEqual({ event: 'media', streamSid, media: { payload: Buffer.from([0x7f, 0x00]).toString('base64') } });
    expect(JSON.parse(outboundMark(streamSid, 'p#1'))).toEqual({ event: 'mark', streamSid, mark: { name: 'p#1' } });
    expect(JSON.parse(outboundClear(streamSid))).toEqual({ event: 'clear', streamSid });
  });
});
