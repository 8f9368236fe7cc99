import type { Entities } from '@switchboard/protocol';
import { extractAmounts } from './extract-amounts.js';
import { dateOrderOf, extractDates } from './extract-dates.js';
import { CARD_MASK, maskCardNumbers } from './mask-card-numbers.js';
import { NUMBER_WORD, ORDINAL_WORD, parseNumberWord, parseOrdinalWord } from './number-words.js';

/** Products recognised when a flow gives none; longest match wins. */
export const DEFAULT_PRODUCTS = [
  'mobile app',
  'app',
  'website',
  'web portal',
  'portal',
  'dashboard',
  'router',
  'modem',
  'api',
  'printer',
  'smart tv',
  'vpn',
  'device',
  'phone',
  'laptop',
  'tablet',
  'pro plan',
  'premium plan',
  'basic plan',
  'starter plan',
  'business plan',
  'enterprise plan',
  'family plan',
  'annual plan',
  'premium',
  'enterprise',
];

export interface EntityOptions {
  /** Resolves relative dates ("yesterday"); the caller's clock, injected. */
  now: Date;
  products?: readonly string[];
  /** The caller's BCP 47 locale: decides whether 03/12/2026 is 3 December (en-GB) or March 12 (en-US). Default en-US. */
  locale?: string;
}

// An id must contain a digit: "account is locked" is not an account number.
const ID = '([a-z]{0,6}[-#]?\\d[a-z0-9-]{2,}|\\d{3,})';
const ACCOUNT = new RegExp(`\\b(?:account|acct|customer|member|client)(?: (?:number|no\\.?|num|id|#))?(?: is|:| #)? ?#?${ID}`, 'i');
const ACCOUNT_BARE = /\b(acc|acct|cus|cust)-?\d{3,}\b/i;
const INVOICE = new RegExp(`\\b(?:invoice|receipt)(?: (?:number|no\\.?|num|id|#))?(?: is|:| #)? ?#?${ID}`, 'i');
const INVOICE_BARE = /\binv-?\d{3,}\b/i;

const ERROR_QUOTED =
  /(?:says?|said|saying|shows?|showing|get(?:ting)?|got|message|error|reads?|pops? up)[^'"“”‘’]{0,25}["“‘']([^"“”‘’']{3,80})["”’']/i;
const ERROR_CODE =
  /\b0x[0-9a-f]{4,8}\b|\b(?:error|code|status)(?: code)? #?([a-z]{0,3}-?\d{2,5})\b|\b([45]\d\d)(?: error| (?:bad gateway|not found|unauthori[sz]ed|forbidden|internal server error|service unavailable|gateway timeout))\b/i;
const ERROR_SAYING =
  /\b(?:error|message)(?: message)? (?:saying|that says|which says) ([a-z][a-z0-9 ]{2,60}?)(?=[.,!?;]|$| when | every | on | after )/i;

// "I've rung you four times", "called like 5 times already", "phoned twice", "tried calling three times"
const CALLED = '(?:called|calling|call|rung|rang|ringing|ring|phoned|phoning|contacted|tried calling|tried ringing|been on the phone)';
const PRIOR_COUNT = new RegExp(
  `\\b${CALLED}(?: (?:you|you guys|you people|you lot|here|this number|in|about this|up|back))?(?: \\w+)?(?: like| about| over)? (${NUMBER_WORD}|a few|several|many|multiple|numerous|a dozen) times?\\b|\\b${CALLED}(?: you| here)? (twice|once)\\b`,
  'i',
);
const PRIOR_ORDINAL = new RegExp(`\\b(${ORDINAL_WORD}) (?:time|call|attempt)\\b`, 'i');
const PRIOR_SOME = /\b(?:already|previously) (?:called|rang|phoned)\b|\bcalled (?:before|already|again|yesterday|last week)\b/i;

function firstGroup(m: RegExpExecArray | null): string | undefined {
  return m?.slice(1).find((g) => g !== undefined);
}

function priorCalls(text: string): number | undefined {
  const count = PRIOR_COUNT.exec(text);
  if (count) {
    const word = (count[1] ?? count[2] ?? '').toLowerCase();
    const vague: Record<string, number> = { 'a few': 3, several: 3, many: 3, multiple: 2, numerous: 3, 'a dozen': 12 };
    const n = vague[word] ?? parseNumberWord(word);
    if (n !== undefined && Number.isInteger(n) && n >= 0 && n < 1000) return n;
  }
  const ordinal = PRIOR_ORDINAL.exec(text);
  // "this is the third time I'm calling": two calls came before this one.
  if (ordinal && /\b(call|calling|called|ring|rung|rang|phon|tr(y|ied))/i.test(text)) {
    const n = parseOrdinalWord(ordinal[1] ?? '');
    if (n !== undefined && n >= 2 && n < 1000) return n - 1;
  }
  return PRIOR_SOME.test(text) ? 1 : undefined;
}

function product(lower: string, products: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const p of products) {
    if (best && p.length <= best.length) continue;
    const word = p.toLowerCase();
    for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
      if (!/[a-z0-9]/.test(lower[at - 1] ?? ' ') && !/[a-z0-9]/.test(lower[at + word.length] ?? ' ')) {
        best = p;
        break;
      }
    }
  }
  return best;
}

/** Entities of one utterance; card-like digit runs are masked first and never come back. */
export function extractEntities(text: string, opts: EntityOptions): Entities {
  const masked = maskCardNumbers(text);
  const lower = masked.toLowerCase();
  const entities: Entities = {};
  const account = firstGroup(ACCOUNT.exec(masked)) ?? ACCOUNT_BARE.exec(masked)?.[0];
  if (account) entities.accountId = account.toUpperCase();
  const invoice = firstGroup(INVOICE.exec(masked)) ?? INVOICE_BARE.exec(masked)?.[0];
  if (invoice) entities.invoiceNumber = invoice.toUpperCase();
  const found = product(lower, opts.products ?? DEFAULT_PRODUCTS);
  if (found) entities.product = found;
  const error = firstGroup(ERROR_QUOTED.exec(masked)) ?? ERROR_SAYING.exec(masked)?.[1] ?? errorCode(masked);
  if (error && !error.includes(CARD_MASK)) entities.errorMessage = error.trim();
  const { timeframe, dates } = extractDates(masked, opts.now, dateOrderOf(opts.locale ?? 'en-US'));
  if (timeframe) entities.timeframe = timeframe;
  if (dates.length) entities.dates = dates;
  const amounts = extractAmounts(masked);
  if (amounts.length) entities.amounts = amounts;
  const calls = priorCalls(masked);
  if (calls !== undefined) entities.priorCalls = calls;
  return entities;
}

function errorCode(text: string): string | undefined {
  const m = ERROR_CODE.exec(text);
  return m ? m[0] : undefined;
}
