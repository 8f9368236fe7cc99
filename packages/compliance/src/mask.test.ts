import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainEntry } from './audit-chain.js';
import { maskAllDigits, maskCardDigits, maskCardDigitsDeep } from './mask.js';
import { arbitraryAmountOrDate, arbitraryPan, arbitrarySpelling, digitStream, spell } from '../test/support/card-numbers.js';

const noDigits = fc.string({ unit: fc.constantFrom(...'abc XYZ,:;!?é\n"{}') });

describe('maskCardDigits', () => {
  it('no PAN survives in text around it, in any spelling', () => {
    fc.assert(
      fc.property(noDigits, arbitraryPan, arbitrarySpelling, noDigits, (before, pan, spelling, after) => {
        const masked = maskCardDigits(`${before} ${spell(pan, spelling)} ${after}`);
        expect(digitStream(masked)).not.toContain(pan);
      }),
    );
  });

  it('never masks amounts or dates (issue 13, 15)', () => {
    fc.assert(
      fc.property(arbitraryAmountOrDate, arbitraryAmountOrDate, (a, b) => {
        const text = `I was charged ${a} on ${b}`;
        expect(maskCardDigits(text)).toBe(text);
      }),
    );
    expect(maskCardDigits('$1,249.00 on 03/12/2026')).toBe('$1,249.00 on 03/12/2026');
  });

  it('keeps short numbers and masks the expiry beside a card', () => {
    expect(maskCardDigits('invoice 4471 for $23.50 at 10:30')).toBe('invoice 4471 for $23.50 at 10:30');
    expect(maskCardDigits('card 4111 1111 1111 1111 exp 12/29')).toBe('card **** **** **** **** exp **/**');
  });

  it('maskAllDigits leaves no digit', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(maskAllDigits(s)).not.toMatch(/\d/);
      }),
    );
  });

  it('no card digit reaches an audit payload or its hash input', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryPan, noDigits, async (pan, note) => {
        const entry = await chainEntry(undefined, {
          action: 'payment.note',
          actor: 'system',
          at: '2026-11-25T12:00:00.000Z',
          payload: { note: `${note} ${pan}`, nested: [{ [pan]: pan }] },
        });
        expect(JSON.stringify(entry.payload)).not.toContain(pan);
      }),
    );
  });

  it('deep masking keeps structure and non-card values', () => {
    expect(maskCardDigitsDeep({ a: 1, b: ['4111111111111111', true, null], c: { d: 'ok' } })).toEqual({
      a: 1,
      b: ['****************', true, null],
      c: { d: 'ok' },
    });
  });
});
