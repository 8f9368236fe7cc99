import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_CARD_CARRY, redactCardData, screenKey } from './redact-card-data.js';
import {
  arbitraryAmountOrDate,
  arbitraryLanguage,
  arbitraryPan,
  arbitrarySpelling,
  digitStream,
  spell,
  splitPieces,
} from '../test/support/card-numbers.js';

const filler = fc.constantFrom('', 'my card is', 'the number is', 'ok so', 'it is', 'uh', 'vale', 'meine Karte ist');

describe('redactCardData', () => {
  it('masks the PAN, the expiry and the CVV, and leaves the amount and the date', () => {
    const r = redactCardData('card 4111 1111 1111 1111 exp 12/28 cvv 123, $1,249.00 on 03/12/2026');
    expect(r.text).toBe('card **** **** **** **** exp **/** cvv ***, $1,249.00 on 03/12/2026');
    expect(r.found).toBe(true);
  });

  it('keeps what is no card data: amounts, dates, invoice and phone numbers, non-Luhn runs', () => {
    for (const text of [
      'I was charged $1,249.00 on 03/12/2026',
      '1249 dollars on March 12, 2026',
      'invoice INV-20260312 and account 12345678',
      'call me back on +49 30 901820',
      '4111 1111 1111 1112',
    ])
      expect(redactCardData(text)).toMatchObject({ text, found: false });
  });

  it('reads digit words in six languages and "double"', () => {
    expect(redactCardData('vier eins eins eins eins eins eins eins eins eins eins eins eins eins eins eins').text).not.toMatch(/eins/);
    const spoken = `four double one ${'one '.repeat(13).trim()}`; // 4111 1111 1111 1111
    expect(redactCardData(spoken).text).not.toMatch(/[a-z]/);
  });

  it('after a PAN, the expiry and CVV of the next inputs are masked too', () => {
    let carry = NO_CARD_CARRY;
    const out = ['my card number is 4111 1111', '1111 1111', 'expires 12 28', '123', 'I was charged $40.00 on 12/03/2026'].map((text) => {
      const r = redactCardData(text, carry);
      carry = r.carry;
      return r.text;
    });
    expect(out).toEqual(['my card number is **** ****', '**** ****', 'expires ** **', '***', 'I was charged $40.00 on 12/03/2026']);
  });

  it('property: whatever the spelling and however it is split, the PAN never survives; amounts and dates always do', () => {
    fc.assert(
      fc.property(
        arbitraryPan,
        arbitrarySpelling,
        arbitraryLanguage,
        fc.array(fc.nat(), { maxLength: 3 }),
        filler,
        arbitraryAmountOrDate,
        (pan, spelling, language, cuts, before, keep) => {
          const pieces = splitPieces(spell(pan, spelling, language), cuts);
          const inputs = [`${before} ${pieces[0]}`.trim(), ...pieces.slice(1), `that was ${keep} thanks`];
          let carry = NO_CARD_CARRY;
          const out = inputs.map((text) => {
            const r = redactCardData(text, carry);
            carry = r.carry;
            return r.text;
          });
          const shown = digitStream(out.slice(0, -1).join(' '));
          expect(shown).not.toContain(pan);
          // What shows is the first piece, or no more than the six leading digits PCI DSS allows.
          const firstPiece = digitStream(out[0] ?? '');
          expect(pan.startsWith(shown)).toBe(true);
          expect(shown.length).toBeLessThanOrEqual(Math.max(6, firstPiece.length));
          expect(out.at(-1)).toBe(`that was ${keep} thanks`);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('screenKey', () => {
  it('one key is a menu choice; keys that follow within the gap are a keyed string and are not', () => {
    let carry = NO_CARD_CARRY;
    const kept = [0, 300, 600, 900, 5000, 5200].map((atMs) => {
      const r = screenKey(carry, atMs);
      carry = r.carry;
      return r.menuKey;
    });
    expect(kept).toEqual([true, false, false, false, true, false]);
  });
});
