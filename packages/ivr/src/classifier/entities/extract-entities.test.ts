import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractEntities } from './extract-entities.js';
import { isCardNumberLike, luhnValid, maskCardNumbers } from './mask-card-numbers.js';

const now = new Date('2026-03-10T12:00:00Z'); // a Tuesday
const ents = (text: string) => extractEntities(text, { now });

describe('extractEntities', () => {
  it.each([
    ['Hi, I was charged twice on my credit card last week', { timeframe: 'last week' }],
    ["This is ridiculous, I've called three times already!", { priorCalls: 3 }],
    [
      'please refund the $49.99 you took yesterday',
      { timeframe: 'yesterday', dates: ['2026-03-09'], amounts: [{ value: 49.99, currency: 'USD' }] },
    ],
    ['I see a pending charge of 120 euros', { amounts: [{ value: 120, currency: 'EUR' }] }],
    [
      'charged 1,250.00 USD two weeks ago',
      { timeframe: 'two weeks ago', dates: ['2026-02-24'], amounts: [{ value: 1250, currency: 'USD' }] },
    ],
    [
      'I paid thirty pounds too much on the 5th',
      { timeframe: 'the 5th', dates: ['2026-03-05'], amounts: [{ value: 30, currency: 'GBP' }] },
    ],
    ['my invoice number is 88231', { invoiceNumber: '88231' }],
    ["I'd like a copy of invoice INV-20931", { invoiceNumber: 'INV-20931' }],
    ['my account number is AC-553201 and I am locked out', { accountId: 'AC-553201' }],
    ["it says 'connection refused' when I try to sync", { errorMessage: 'connection refused' }],
    ["I'm getting error 502 when I upload files", { errorMessage: 'error 502' }],
    ['an error message saying payment module failed to initialise', { errorMessage: 'payment module failed to initialise' }],
    ['the router stopped working 3 days ago', { product: 'router', timeframe: '3 days ago', dates: ['2026-03-07'] }],
    ['since Monday the mobile app crashes', { product: 'mobile app', timeframe: 'since Monday', dates: ['2026-03-09'] }],
    ['this is the fourth time I am calling about this', { priorCalls: 3 }],
    ['I called twice last Monday', { timeframe: 'last Monday', dates: ['2026-03-09'], priorCalls: 2 }],
    ['the 2026-01-05 invoice', { timeframe: '2026-01-05', dates: ['2026-01-05'] }],
    ['my account is locked', {}],
  ])('%s', (text, expected) => {
    expect(ents(text)).toEqual(expected);
  });

  it('resolves relative dates against the injected clock, not the wall clock', () => {
    expect(extractEntities('it broke yesterday', { now: new Date('2030-01-01T08:00:00Z') }).dates).toEqual(['2029-12-31']);
  });

  it('uses the products a flow gives', () => {
    expect(extractEntities('my Taskboard desktop app hangs', { now, products: ['Taskboard desktop', 'Taskboard'] }).product).toBe(
      'Taskboard desktop',
    );
  });
});

describe('card numbers never come back as entities (PCI)', () => {
  it('knows a Luhn-valid card number when it sees one', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(isCardNumberLike('4111 1111 1111 1111')).toBe(true);
    expect(isCardNumberLike('5500-0000-0000-0004')).toBe(true);
    expect(maskCardNumbers('card 4111 1111 1111 1111 please')).toBe('card [card] please');
  });

  it('drops a card number said where an account number would be', () => {
    expect(ents('account number 4111111111111111')).toEqual({});
    expect(ents('my card 4111 1111 1111 1111 was charged thirty dollars')).toEqual({ amounts: [{ value: 30, currency: 'USD' }] });
  });

  /** Appends the Luhn check digit to a digit string. */
  function withCheckDigit(body: string): string {
    for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
    throw new Error('unreachable');
  }

  it('holds for any 13–19 digit Luhn number in any phrasing', () => {
    const card = fc
      .integer({ min: 12, max: 18 })
      .chain((n) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }))
      .map((digits) => withCheckDigit(digits.join('')));
    const template = fc.constantFrom(
      'account number {}',
      'invoice {}',
      "error '{}'",
      'my card is {} thanks',
      'account {} was charged $5',
      'acc-{}',
    );
    const separator = fc.constantFrom('', ' ', '-');
    fc.assert(
      fc.property(card, template, separator, (number, t, sep) => {
        const spoken = sep ? number.replace(/(\d{4})(?=\d)/g, `$1${sep}`) : number;
        const found = JSON.stringify(ents(t.replace('{}', spoken)));
        expect(found).not.toContain(number.slice(0, 12));
        expect(found).not.toContain(spoken);
      }),
      { numRuns: 300 },
    );
  });
});
