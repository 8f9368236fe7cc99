import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClassificationSchema, type Flow } from '@switchboard/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseFlow } from '../flow/parse-flow.js';
import { createEmbeddedClassifier } from './embedded-classifier.js';

function loadFlow(name: string): Flow {
  const parsed = parseFlow(parse(readFileSync(join(import.meta.dirname, '..', '..', 'flows', `${name}.yaml`), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const flow = loadFlow('default');
const now = new Date('2026-03-10T12:00:00Z'); // a Tuesday
const classifier = createEmbeddedClassifier(flow, { now: () => now });

describe('embedded classifier: the lesson examples', () => {
  it("routes a double charge to billing, neutral, with the caller's timeframe", () => {
    const r = classifier.classifySync('Hi, I was charged twice on my credit card last week');
    expect(r.intent).toBe('billing');
    expect(r.sentiment).toBe('neutral');
    expect(r.entities.timeframe).toBe('last week');
    expect(r.confidence).toBeGreaterThanOrEqual(flow.clarifyBelowConfidence);
  });

  it('escalates repeat calls as frustrated with the prior-call count', () => {
    const r = classifier.classifySync("This is ridiculous, I've called three times already!");
    expect(r.intent).toBe('escalation');
    expect(r.sentiment).toBe('frustrated');
    expect(r.entities.priorCalls).toBe(3);
  });
});

describe('embedded classifier: sentiment is about the service, not the problem', () => {
  it('keeps a rude description of a problem technical and merely negative', () => {
    const r = classifier.classifySync('the website is ridiculously slow');
    expect(r.intent).toBe('technical');
    expect(r.sentiment).toBe('negative');
  });

  it('escalates a request for a manager whatever the topic', () => {
    const r = classifier.classifySync('I want to speak to a manager about my invoice');
    expect(r.intent).toBe(flow.escalationIntent);
  });

  it('reads polite thanks as positive', () => {
    expect(classifier.classifySync('Thanks so much, I love the app, I just want to upgrade').sentiment).toBe('positive');
  });
});

describe('embedded classifier: bad input never throws', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['whitespace', '   \n\t '],
    ['10 kB of text', 'I was charged twice on my bill and the app crashes. '.repeat(200)],
    ['binary garbage', String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 7919) % 256))],
    ['digits only', '4111 1111 1111 1111'],
    ['punctuation', '?!?!...;;'],
  ];
  it.each(cases)('%s → the flow fallback intent with low confidence', (_name, text) => {
    const r = classifier.classifySync(text);
    expect(ClassificationSchema.parse(r)).toEqual(r);
    expect(r.intent).toBe(flow.fallbackIntent);
    expect(r.confidence).toBeLessThan(flow.clarifyBelowConfidence);
  });

  it('any string at all gives a valid classification with a flow intent', () => {
    const names = new Set(flow.intents.map((i) => i.name));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc
            .array(fc.constantFrom('bill', 'refund', 'crash', 'manager', '4111', 'called', 'twice', ' ', '$', 'yesterday'), {
              maxLength: 40,
            })
            .map((w) => w.join(' ')),
        ),
        (text) => {
          const r = classifier.classifySync(text);
          expect(ClassificationSchema.parse(r)).toEqual(r);
          expect(names.has(r.intent)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the async port gives the same answer as classifySync', async () => {
    const text = 'my router keeps dropping the connection';
    expect(await classifier.classify(text)).toEqual(classifier.classifySync(text));
  });
});

describe('embedded classifier: intent names come from the flow', () => {
  it('trains on any flow, with no intent name built in', () => {
    const custom: Flow = {
      ...flow,
      escalationIntent: 'human',
      fallbackIntent: 'other',
      intents: [
        {
          name: 'weather',
          description: 'Forecasts, rain, temperature',
          examples: ['will it rain tomorrow', 'how hot will it be', 'is it going to snow'],
          route: 'w',
        },
        {
          name: 'sport',
          description: 'Football scores, matches and teams',
          examples: ['who won the match', 'what was the football score', 'when does my team play'],
          route: 's',
        },
        { name: 'human', description: 'Wants a person', examples: ['let me talk to a person'], route: 'h' },
        { name: 'other', description: 'Anything else', examples: ['hello'], route: 'o' },
      ],
    };
    const c = createEmbeddedClassifier(custom);
    expect(c.classifySync('is it going to rain later').intent).toBe('weather');
    expect(c.classifySync('what was the score of the football match').intent).toBe('sport');
    expect(c.classifySync('get me a supervisor now').intent).toBe('human');
    expect(c.classifySync('').intent).toBe('other');
  });
});
