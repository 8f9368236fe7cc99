import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainEntry } from './audit-chain.js';
import { maskAllDigits, maskCardDigits, maskCardDigitsDeep } from './mask.js';

const digit = fc.constantFrom(...'0123456789');
/** A card number as people and recognisers write it: 12–19 digits, grouped by random separators. */
const cardText = fc
  .tuple(
    fc.array(digit, { minLength: 12, maxLength: 19 }),
    fc.array(fc.constantFrom('', ' ', '-', '.', ' - ', '/'), { minLength: 19, maxLength: 19 }),
  )
  .map(([ds, seps]) => ({ digits: ds.join(''), text: ds.map((d, i) => (i === 0 ? d : `${seps[i] ?? ''}${d}`)).join('') }));
const noDigits = fc.string({ unit: fc.constantFrom(...'abc XYZ,:;!?é\n"{}') });
const anyText = fc.string({ unit: fc.constantFrom(...'ab 0123456789-.,') });

describe('maskCardDigits', () => {
  it('no card digit survives in text around it', () => {
    fc.assert(
      fc.property(noDigits, cardText, noDigits, (before, card, after) => {
        const masked = maskCardDigits(`${before}${card.text}${after}`);
        expect(masked).not.toMatch(/\d/);
        expect(masked.length).toBe(before.length + card.text.length + after.length);
      }),
    );
  });

  it('the card digit sequence never survives whatever surrounds it', () => {
    fc.assert(
      fc.property(anyText, cardText, anyText, (before, card, after) => {
        const masked = maskCardDigits(`${before} ${card.text} ${after}`);
        expect(masked.replace(/\D/g, '')).not.toContain(card.digits);
      }),
    );
  });

  it('keeps short numbers (amounts, invoice numbers, times)', () => {
    expect(maskCardDigits('invoice 4471 for $23.50 at 10:30')).toBe('invoice 4471 for $23.50 at 10:30');
    expect(maskCardDigits('card 4111 1111 1111 1111 exp 12/29')).toBe('card **** **** **** **** exp 12/29');
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
      fc.asyncProperty(cardText, noDigits, async (card, note) => {
        const entry = await chainEntry(undefined, {
          action: 'payment.note',
          actor: 'system',
          at: '2026-11-25T12:00:00.000Z',
          payload: { note: `${note}${card.text}`, nested: [{ [card.text]: card.text }] },
        });
        // The payload is the only free-form part of what is hashed and stored.
        expect(JSON.stringify(entry.payload)).not.toMatch(/\d/);
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
