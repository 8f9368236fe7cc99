import { NUMBER_WORD, parseNumberWord, parseOrdinalWord } from './number-words.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = `(?:${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)`;
const WEEKDAY = `(?:${WEEKDAYS.join('|')})`;
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';

export interface DateMentions {
  /** The caller's own words for the first time reference ("last week"). */
  timeframe?: string;
  /** Days the references resolve to, ISO yyyy-mm-dd, in the order spoken. */
  dates: string[];
}

/** How the caller writes an all-numeric date: 03/12/2026 is 3 December (dmy) or March 12 (mdy). */
export type DateOrder = 'dmy' | 'mdy';

/**
 * The date order of a BCP 47 locale ("en-US" → mdy, "en-GB" → dmy), read from Intl's own
 * formatting of a day past the 12th; year-first locales read all-numeric dates day-first.
 */
export function dateOrderOf(locale: string): DateOrder {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2026, 10, 22)));
    const month = parts.findIndex((p) => p.type === 'month');
    const day = parts.findIndex((p) => p.type === 'day');
    return month >= 0 && day >= 0 && month < day && parts[0]?.type !== 'year' ? 'mdy' : 'dmy';
  } catch {
    throw new RangeError(`not a BCP 47 locale: ${JSON.stringify(locale)}`);
  }
}

type Resolver = (m: RegExpExecArray, now: Date, order: DateOrder) => Date | undefined;

const DAY_MS = 86_400_000;
const daysAgo = (now: Date, n: number) => new Date(startOfDay(now).getTime() - n * DAY_MS);

/** Most recent past `weekday` (today counts when `includeToday`). */
function previousWeekday(now: Date, name: string, includeToday: boolean): Date {
  const target = WEEKDAYS.indexOf(name);
  let back = (now.getUTCDay() - target + 7) % 7;
  if (back === 0 && !includeToday) back = 7;
  return daysAgo(now, back);
}

function monthIndex(word: string): number {
  return MONTHS.findIndex((m) => m.startsWith(word.slice(0, 3)));
}

// Order matters: longer phrases first so "the day before yesterday" wins over "yesterday".
const PATTERNS: [RegExp, Resolver | undefined][] = (
  [
    [/\b(\d{4})-(\d{2})-(\d{2})\b/, (m) => calendarDay(Number(m[1]), Number(m[2]), Number(m[3]))],
    // 12/03/2025, 3/12/26, 12.03.2025, 12-03-2025, 12/03: the locale decides when both parts could be a month.
    [/\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])|\b(\d{1,2})[.-](\d{1,2})[.-](\d{4})\b/, numericDate],
    [
      new RegExp(`\\b(?:on |since )?(?:the )?${DAY} (?:of )?(${MONTH})(?:,? (\\d{4}))?\\b`),
      (m, now) => monthDay(now, m[2] ?? '', m[1] ?? '', m[3]),
    ],
    [
      new RegExp(`\\b(?:on |since )?(${MONTH}) (?:the )?${DAY}(?:,? (\\d{4}))?\\b`),
      (m, now) => monthDay(now, m[1] ?? '', m[2] ?? '', m[3]),
    ],
    [/\bthe day before yesterday\b/, (_m, now) => daysAgo(now, 2)],
    [/\byesterday( morning| afternoon| evening)?\b/, (_m, now) => daysAgo(now, 1)],
    [/\b(earlier )?today\b|\bthis (morning|afternoon|evening)\b|\btonight\b/, (_m, now) => daysAgo(now, 0)],
    [
      new RegExp(`\\b(${NUMBER_WORD}) (day|week)s? ago\\b`),
      (m, now) => {
        const n = parseNumberWord(m[1] ?? '');
        return n === undefined ? undefined : daysAgo(now, n * (m[2] === 'week' ? 7 : 1));
      },
    ],
    [new RegExp(`\\b(?:last|this past) (${WEEKDAY})\\b`), (m, now) => previousWeekday(now, m[1] ?? '', false)],
    [new RegExp(`\\b(?:on|since) (${WEEKDAY})\\b`), (m, now) => previousWeekday(now, m[1] ?? '', true)],
    [
      /\bon the (\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b/,
      (m, now) => {
        const day = parseOrdinalWord(m[1] ?? '');
        if (!day || day > 31) return undefined;
        const d = utc(now.getUTCFullYear(), now.getUTCMonth(), day);
        return d.getTime() > now.getTime() ? utc(now.getUTCFullYear(), now.getUTCMonth() - 1, day) : d;
      },
    ],
    [/\b(?:last|this|past|previous) (week|month|year|weekend|night|quarter|few days|couple of days)\b/, undefined],
    [new RegExp(`\\b(?:for|over|in|during) the (?:last|past) (?:${NUMBER_WORD} )?(?:days|weeks|months|hours|years)\\b`), undefined],
    [new RegExp(`\\b(?:for|since) (?:${NUMBER_WORD}|a few|several) (?:days|weeks|months|hours)\\b`), undefined],
    [new RegExp(`\\b(?:in|since|during) (${MONTH})\\b`), undefined],
    [/\bsince the (?:last )?update\b|\bover the weekend\b|\brecently\b/, undefined],
  ] as [RegExp, Resolver | undefined][]
).map(([re, resolve]) => [new RegExp(re.source, 'g'), resolve]);

function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m, d));
}

function startOfDay(now: Date): Date {
  return utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

function monthDay(now: Date, month: string, day: string, year?: string): Date | undefined {
  const m = monthIndex(month);
  if (m < 0) return undefined;
  return calendarDay(year === undefined ? now.getUTCFullYear() : Number(year), m + 1, Number(day));
}

/** A real day of the calendar (no 31 April), months 1-12; two-digit years are this century. */
function calendarDay(year: number, month: number, day: number): Date | undefined {
  const y = year < 100 ? 2000 + year : year;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return undefined;
  const d = utc(y, month - 1, day);
  return d.getUTCMonth() === month - 1 ? d : undefined;
}

function numericDate(m: RegExpExecArray, now: Date, order: DateOrder): Date | undefined {
  const [a, b, year] = m[1] !== undefined ? [Number(m[1]), Number(m[2]), m[3]] : [Number(m[4]), Number(m[5]), m[6]];
  // A part above 12 can only be the day; otherwise the caller's locale decides.
  const dayFirst = a > 12 ? true : b > 12 ? false : order === 'dmy';
  const [day, month] = dayFirst ? [a, b] : [b, a];
  return calendarDay(year === undefined ? now.getUTCFullYear() : Number(year), month, day);
}

/**
 * Time references in an utterance. Relative ones resolve against the injected `now` (the
 * engine's clock, never the wall clock inside a package). Looked at chrono-node: it covers
 * far more, but these phrases are what callers say and it adds ~500 kB to the browser bundle.
 */
export function extractDates(text: string, now: Date, order: DateOrder = 'mdy'): DateMentions {
  const lower = text.toLowerCase();
  const found: { index: number; words: string; date?: string }[] = [];
  const taken: [number, number][] = [];
  for (const [pattern, resolve] of PATTERNS) {
    const re = pattern;
    re.lastIndex = 0;
    for (let m = re.exec(lower); m; m = re.exec(lower)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      const date = resolve?.(m, now, order);
      found.push({
        index: start,
        words: text.slice(start, end).replace(/^on /i, ''),
        ...(date && !Number.isNaN(date.getTime()) && date.getUTCFullYear() < 10000 ? { date: date.toISOString().slice(0, 10) } : {}),
      });
    }
  }
  found.sort((a, b) => a.index - b.index);
  const first = found[0];
  return { ...(first ? { timeframe: first.words } : {}), dates: [...new Set(found.flatMap((f) => (f.date ? [f.date] : [])))] };
}
