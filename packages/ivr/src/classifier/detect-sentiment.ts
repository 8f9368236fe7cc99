import type { Sentiment } from '@switchboard/protocol';
import { normalizeText } from './normalize-text.js';

export interface SentimentReading {
  sentiment: Sentiment;
  /** The caller asked for a person (agent, manager …): route to the flow's escalation intent. */
  wantsPerson: boolean;
  /** Which rule fired, for tests and the operator console ("why was this escalated"). */
  cues: string[];
}

// shared/DESIGN.md: frustration means anger at the service — repeat calls, being ignored,
// threats, asking for a manager — not a negative description of a problem.
const FRUSTRATION: [string, RegExp][] = [
  [
    'repeat-calls',
    /\b(called|calling|rang|phoned|contacted)( (you|you guys|you people|here|this number|in|about this))? (\w+ )?(twice|again|before|already|\d+ times|(one|two|three|four|five|six|seven|eight|nine|ten|several|many|multiple|numerous|a few|so many|a dozen) times)\b/,
  ],
  ['repeat-calls', /\b(second|third|fourth|fifth|sixth|\d+(st|nd|rd|th)|nth|umpteenth) (time|call)\b/],
  ['repeat-calls', /\bhow many times (do|have|must|should) i\b/],
  ['repeat-calls', /\b(already|keep) (called|calling|explained|told)\b|\bexplained (this|it) (twice|already|again|\w+ times)\b/],
  ['repeat-calls', /\bcalled (yesterday|last week|on monday|this morning)\b.*\b(still|again)\b/],
  [
    'waiting',
    /\b(on hold|waiting|waited) (for )?(over |more than |almost |nearly )?(an|one|two|three|\d+|several|many) (hours?|days?|weeks?|months?)\b|\bon hold forever\b|\bwaiting for weeks\b/,
  ],
  [
    'ignored',
    /\b(no one|nobody|noone|no body) (ever )?(calls?|called|answers?|answered|helps?|helped|fixe[sd]|fix|listens?|responds?|responded|gets? back|got back|cares?|returns?|sorted)\b/,
  ],
  [
    'ignored',
    /\b(never|did not|didn't) (call(ed)?|get|got|ring) (me )?back\b|\bhung up on\b|\bbeing ignored\b|\bignor(ed|ing) me\b|\brunaround\b|\bkeep (getting )?transferred\b|\b(are|is) (you|anyone|anybody) (even )?listening\b|\bnever listen/,
  ],
  ['ignored', /\b(keep|kept) promising\b|\bnever deliver/],
  // Anger said without an angry word: the same thing again and again, being passed around, patience run out.
  [
    'repeat-calls',
    /\b(told|tell|telling|explain\w*|ask\w*|repeat\w*|said|saying|call\w*|rung|rang|ringing|phon\w*)\b( \w+){0,5} (over and over|again and again)\b|\b(round|around) in circles\b|\b(every|each) (single )?time i (call|ring|phone|contact|try to (call|reach))\b|\bpassed (around|about|from one|between)\b/,
  ],
  ['anger', /\b(losing|lost|run out of|running out of) (my |our )?patience\b|\bend of my (rope|tether)\b|\bat my wits'? end\b/],
  [
    'threat',
    /\b(lawyer|attorney|solicitor|sue|suing|lawsuit|legal action|small claims|better business bureau|bbb|ombudsman|regulator|trading standards)\b|\breport (you|this|your company)\b/,
  ],
  [
    'threat',
    /\b(never|not) (using|use|buying|buy|coming back to|recommend(ing)?) (you|your|this)\w*\b.*\b(again|anymore|ever)\b|\btell (everyone|everybody|all my friends)\b|\bleave (you )?a bad review\b/,
  ],
  // Threats to leave: the issue-15 "threats to cancel" family (a plain "cancel my plan" is billing).
  [
    'threat',
    /\b(go|going|move|moving|switch|switching|leave|leaving|take (my|our) business|taking (my|our) business) (elsewhere|somewhere else)\b|\bto (a |one of )?(your )?competitors?\b|\b(lose|lost|losing) (me|us|a customer|my business|our business|my custom)\b/,
  ],
  ['threat', /\b(fix|sort) (this|it)( out)? or (i|we)\b|\b(or|unless) (i|we) (am |are |will )?(be )?(leav|cancel|switch|mov|gone)\w*/],
  ['complaint', /\b(file|make|lodge|raise) a (formal )?complaint\b|\bescalate\b|\bcomplain(ing)? about (the|your|my|how)\b/],
  [
    'anger',
    /\b(fed up|sick of|sick and tired|had enough|enough is enough|i am done with|furious|livid|extremely angry|so angry|really angry|outraged|disgusted)\b/,
  ],
  [
    'anger',
    /\b(worst (customer )?(service|support|experience|company)|useless (support|service|company|people|staff)|(support|service|staff|you people|you guys|company) (is|are) (useless|a joke|pathetic|a disgrace|hopeless))\b/,
  ],
  [
    'anger',
    /\byou people\b|\bwaste of (my )?time\b|\bi am not doing (it|this) again\b|\bthis is a joke\b|\bhow i (have been|was|am being) treated\b/,
  ],
  [
    'machine',
    /\b(do not|dont) want (to talk|to speak)? ?(to )?(a |this )?(machine|robot|bot|computer)\b|\b(stop|enough) with the (robot|machine|bot)\b/,
  ],
  [
    'manager',
    // "account manager", "my manager asked me" are not a request for one.
    /(?<!\b(account|project|product|office|line|hiring|my|our|his|her|their) )\b(manager|supervisor)\b|\b(someone|somebody) (in charge|senior|higher up)\b|\byour (boss|superior)\b/,
  ],
];

// Exasperation words: frustrated together with a reason above, otherwise only negative
// ("this is ridiculous" alone may be about the problem, "ridiculously slow" always is).
const EXASPERATION =
  /\b(this|that|it) is (absolutely |just |completely |totally )?(ridiculous|unacceptable|unbelievable|absurd|outrageous|insane|a joke|a disgrace|pathetic)\b|\bunbelievable\b|\bunacceptable\b/;

const PERSON_REQUEST: RegExp[] = [
  /\b(speak|talk|chat) (to|with) (a |an |the |your |some |any )?(real |actual |live |human |customer service |customer support )?(human|person|people|agent|representative|rep|operator|being|staff|somebody|someone|anyone|anybody)\b(?! about (buying|pricing|prices|a quote|purchas|sales|an order|upgrad))/,
  /\b(transfer|put|connect|get) me (through )?(to|with)? ?(a |an |the |your )?(real |actual |live )?(human|person|agent|representative|operator|someone|somebody|customer service|customer support)\b/,
  /\b(give|get) me (a |an |your )?(real |actual |live )?(human|person|agent|representative|operator)\b/,
  /^\W*(a |an )?(real |live |actual )?(human|person|agent|representative|operator|customer service)( (please|now|pls|plz))?\W*$/,
  /\b(is there|can i get|i need|i want|i would like|i would prefer) (a |an |to speak to a |to talk to a )?(real |actual |live )?(human|person|agent|representative|operator)\b/,
  /\b(human being|real person|live person|live agent|actual person|actual human|actual agent|real human)\b/,
];

const NEGATIVE =
  /\b(annoy(ed|ing)|frustrat(ed|ing)|terrible|awful|horrible|horrendous|garbage|rubbish|crap|useless|hate|disappoint(ed|ing)|upset|unhappy|not happy|ridiculous(ly)?|outrageous|painful(ly)?|ugh|buggy|way too (high|much|expensive|slow)|sucks?|worst|bad|angry|mad|stupid|nightmare|fed up|ripped off|rip off|scam)\b/;
const POSITIVE =
  /\b(thanks|thank you|love|lovely|great|excellent|excited|wonderful|fantastic|amazing|awesome|appreciate|happy|glad|pleased|compliment|brilliant|perfect)\b/;
const NEGATED_POSITIVE = /\b(not|never|no longer|hardly) (very |so |that |really )?(happy|pleased|great|good|glad)\b/;

/**
 * Rule-based sentiment toward the service (a lexicon plus patterns). nlp.js's English
 * sentiment voted angry manager requests "positive" (shared/FACTS.md), and a statistical
 * model trained on product reviews would call "ridiculously slow" angry — both wrong here.
 */
export function detectSentiment(text: string): SentimentReading {
  const t = normalizeText(text)
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cues = FRUSTRATION.filter(([, re]) => re.test(t)).map(([cue]) => cue);
  const wantsPerson = PERSON_REQUEST.some((re) => re.test(t)) || cues.includes('manager');
  const exasperated = EXASPERATION.test(t);
  if (exasperated && cues.length === 0 && !wantsPerson) return { sentiment: 'negative', wantsPerson, cues: ['exasperation'] };
  if (cues.length > 0) return { sentiment: 'frustrated', wantsPerson, cues: [...new Set(cues)] };
  if (wantsPerson && (exasperated || NEGATIVE.test(t))) return { sentiment: 'frustrated', wantsPerson, cues: ['person+anger'] };
  if (NEGATIVE.test(t) || NEGATED_POSITIVE.test(t)) return { sentiment: 'negative', wantsPerson, cues: [] };
  if (POSITIVE.test(t)) return { sentiment: 'positive', wantsPerson, cues: [] };
  return { sentiment: 'neutral', wantsPerson, cues: [] };
}
