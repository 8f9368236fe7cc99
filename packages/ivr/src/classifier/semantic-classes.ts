import { stem } from './normalize-text.js';

// A small hand-written lexicon of semantic classes, written from what a support line hears
// (never from an evaluation set; blind-set-disjointness.test.ts compares it with them). A word
// of a class adds a shared feature for that class, so a word no example holds ("quid",
// "overdraft", "glitchy") still pulls toward the intents whose examples use its neighbours.
// Each class is one space-separated string: the model learns which intent a class points to.
const CLASSES: Record<string, string> = {
  money:
    'charge charged charges charging overcharged overcharge bill bills billed billing invoice invoices invoiced payment payments paid pay paying owe owed refund refunds refunded reimburse reimbursement money fee fees debit debited credit credited deducted deduction withdrawn statement receipt receipts balance dollars dollar pounds pound euros euro quid bucks cents amount sum renewal renewed renew transaction transactions tax vat overdraft',
  price: 'price prices pricing cost costs costing expensive cheap cheaper quote quotation rate rates discount discounts budget afford',
  purchase:
    'buy buying bought purchase purchasing order ordering signup subscribe trial demo demonstration licence licences license licenses seat upgrade upgrading interested offer offers package packages plans bundle brochure evaluate evaluating comparing compare providers vendor onboard',
  broken:
    'broken break breaks crash crashes crashed crashing error errors bug bugs buggy glitch glitches glitchy freeze freezes froze frozen hang hangs hanging stuck fail fails failed failing failure outage outages down offline slow sluggish lag laggy lagging spinning blank timeout timed disconnect disconnects disconnected dropping drops unresponsive corrupted missing disappeared vanished',
  access: 'login logon signin password passcode locked lockout access verification authenticator otp username credentials reset',
  person:
    'human person people agent agents representative rep operator someone somebody anybody anyone staff manager supervisor colleague advisor adviser employee',
  anger:
    'angry annoyed furious livid ridiculous unacceptable outrageous disgrace disgraceful pathetic useless terrible awful appalling shocking joke complain complaint complaining fed sick tired enough waste rude incompetent',
  company:
    'hours open opening close closing closed office offices address located location headquarters career careers job jobs hiring vacancy vacancies press media journalist reporter interview privacy policy terms conditions language languages website email fax post postal founded history charity partnership',
  social: 'weather weekend lovely nice pleasure chat chatting doing fine thank thanks grateful cheers compliment kind',
};

const VERBS_THAT_BREAK = new Set(
  [
    'work',
    'load',
    'open',
    'connect',
    'sync',
    'start',
    'show',
    'come',
    'arrive',
    'save',
    'upload',
    'respond',
    'launch',
    'print',
    'send',
    'play',
    'update',
    'run',
  ].map(stem),
);
const NEGATORS = new Set(['not', 'never', 'nothing', 'none', 'stopped', 'no', 'longer'].map(stem));

const classOf = new Map<string, string>();
for (const [name, words] of Object.entries(CLASSES)) for (const word of words.split(' ')) classOf.set(stem(word), name);

/** The semantic classes of a stemmed utterance, once per occurrence ("it will not load" → broken). */
export function semanticClasses(stems: readonly string[]): string[] {
  const out: string[] = [];
  stems.forEach((s, i) => {
    const name = classOf.get(s);
    if (name) out.push(name);
    // "will not load", "nothing works", "stopped syncing": a broken thing said without a breakage word.
    if (VERBS_THAT_BREAK.has(s) && stems.slice(Math.max(0, i - 3), i).some((w) => NEGATORS.has(w))) out.push('broken');
  });
  return out;
}
