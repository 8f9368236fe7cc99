import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractEntities } from './extract-entities.js';
import { parseNumberWord } from './number-words.js';

const now = new Date('2026-03-10T12:00:00Z');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** The test's own speller (the oracle): 1249 → "one thousand two hundred and forty-nine", in a caller's style. */
function spell(n: number, style: { and: boolean; hyphen: boolean }): string {
  const below100 = (x: number) =>
    x < 20 ? ONES[x] : `${TENS[Math.floor(x / 10)]}${x % 10 ? `${style.hyphen ? '-' : ' '}${ONES[x % 10]}` : ''}`;
  const below1000 = (x: number) => {
    const h = Math.floor(x / 100);
    const rest = x % 100;
    if (!h) return below100(rest) ?? '';
    return `${ONES[h]} hundred${rest ? `${style.and ? ' and' : ''} ${below100(rest)}` : ''}`;
  };
  if (n < 1000) return below1000(n);
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  return `${below1000(thousands)} thousand${rest ? `${style.and && rest < 100 ? ' and' : ''} ${below1000(rest)}` : ''}`;
}

const style = fc.record({ and: fc.boolean(), hyphen: fc.boolean() });
const sentence = fc.constantFrom(
  'you charged me {} last week',
  '{}',
  'there is a payment of {} I do not recognise',
  'please refund {} to my card',
);

describe('amounts (property)', () => {
  it('spelled-out numbers up to 999,999 read back as the number', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 999_999 }), style, (n, s) => parseNumberWord(spell(n, s)) === n));
  });

  it('amounts in words with a currency word are extracted exactly', () => {
    const currency = fc.constantFrom(['dollars', 'USD'], ['euros', 'EUR'], ['pounds', 'GBP'], ['quid', 'GBP']);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), style, currency, sentence, (n, s, [word, code], template) => {
        const text = template.replace('{}', `${spell(n, s)} ${word}`);
        expect(extractEntities(text, { now }).amounts, text).toEqual([{ value: n, currency: code }]);
      }),
    );
  });

  it('amounts in digits, with or without thousands separators and cents, are extracted exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 3 }),
        sentence,
        (whole, cents, form, template) => {
          const grouped = whole.toLocaleString('en-US');
          const c = String(cents).padStart(2, '0');
          const written = [`$${grouped}.${c}`, `$${whole}`, `${grouped}.${c} euros`, `GBP ${whole}.${c}`][form] ?? '';
          const value = form === 1 ? whole : Number(`${whole}.${c}`);
          const currency = ['USD', 'USD', 'EUR', 'GBP'][form];
          const text = template.replace('{}', written);
          expect(extractEntities(text, { now }).amounts, text).toEqual([{ value, currency }]);
        },
      ),
    );
  });

  it('a price read aloud as two numbers ("twelve ninety-nine dollars") gives no amount rather than a wrong one', () => {
    expect(extractEntities('it was twelve ninety-nine dollars', { now }).amounts).toBeUndefined();
    expect(extractEntities('one hundred twenty dollars', { now }).amounts).toEqual([{ value: 120, currency: 'USD' }]);
  });
});

describe('dates (property)', () => {
  const day = fc
    .record({ year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .filter(({ year, month, day }) => new Date(Date.UTC(year, month - 1, day)).getUTCMonth() === month - 1);
  const iso = ({ year, month, day }: { year: number; month: number; day: number }) =>
    `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const two = (n: number) => String(n).padStart(2, '0');
  const ordinal = (n: number) =>
    `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

  it('written dates resolve to the same day whatever the format, numeric ones in the caller’s locale order', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 7 }), (d, form) => {
        const month = MONTHS[d.month - 1] ?? '';
        const [written, locale] = (
          [
            [iso(d), 'en-US'],
            [`${d.day} ${month} ${d.year}`, 'en-US'],
            [`${month} ${ordinal(d.day)}, ${d.year}`, 'en-GB'],
            [`the ${ordinal(d.day)} of ${month} ${d.year}`, 'en-US'],
            [`${two(d.day)}/${two(d.month)}/${d.year}`, 'en-GB'],
            [`${two(d.month)}/${two(d.day)}/${d.year}`, 'en-US'],
            [`${d.day}.${d.month}.${d.year}`, 'de-DE'],
            [`${d.month}/${d.day}/${d.year}`, 'en-US'],
          ] as const
        )[form] ?? ['', 'en-US'];
        const text = `I was charged on ${written} for something I did not buy`;
        expect(extractEntities(text, { now, locale }).dates, text).toEqual([iso(d)]);
      }),
    );
  });

  it('an ambiguous all-numeric date follows the locale; a part above 12 is the day whatever the locale', () => {
    expect(extractEntities('on 03/12/2026', { now, locale: 'en-US' }).dates).toEqual(['2026-03-12']);
    expect(extractEntities('on 03/12/2026', { now, locale: 'en-GB' }).dates).toEqual(['2026-12-03']);
    expect(extractEntities('on 12/03/2025', { now, locale: 'en-GB' }).dates).toEqual(['2025-03-12']);
    expect(extractEntities('on 25/03/2025', { now, locale: 'en-US' }).dates).toEqual(['2025-03-25']);
    expect(extractEntities('on 2 March', { now, locale: 'en-US' }).dates).toEqual(['2026-03-02']);
    expect(extractEntities('on 31/04/2026', { now, locale: 'en-GB' }).dates).toBeUndefined();
  });

  it('an amount and a date in one sentence both come back', () => {
    expect(extractEntities('$1,249.00 on 03/12/2026', { now, locale: 'en-US' })).toMatchObject({
      amounts: [{ value: 1249, currency: 'USD' }],
      dates: ['2026-03-12'],
    });
  });
});

describe('error codes and prior calls', () => {
  it.each([
    ['I keep getting 0x80070005 when I install', { errorMessage: '0x80070005' }],
    ['error code 0x80004005 when syncing', { errorMessage: '0x80004005' }],
    ["I've rung you four times", { priorCalls: 4 }],
    ['I have called you guys like 5 times already', { priorCalls: 5 }],
    ['phoned twice and nothing happened', { priorCalls: 2 }],
    ['this is my third attempt calling you', { priorCalls: 2 }],
  ])('%s', (text, expected) => {
    expect(extractEntities(text, { now })).toMatchObject(expected);
  });

  it('a bad locale is refused with its name', () => {
    expect(() => extractEntities('on 03/12/2026', { now, locale: 'not a locale!' })).toThrow(/not a BCP 47 locale/);
  });
});
