import { describe, expect, it } from 'vitest';
import { maskCardSpeech } from './call-input.js';

describe('maskCardSpeech', () => {
  it('masks written digits and spoken number words but keeps the other words', () => {
    expect(maskCardSpeech('my card is 4242 4242, expiry twelve')).toBe('my card is **** ****, expiry *');
    expect(maskCardSpeech('four two four two then Nine oh one')).toBe('* * * * then * * *');
    expect(maskCardSpeech('forty two, double seven, nineteen')).toBe('* *, * *, *');
    expect(maskCardSpeech('stop recording')).toBe('stop recording');
  });
});
