import { describe, expect, it } from 'vitest';
import { isObjection, readConsentAnswer } from './consent-answer.js';
import { HELD_OUT_ANSWERS, HELD_OUT_OBJECTIONS } from './eval/consent-heldout.js';

/**
 * The held-out figure (never tuned on; FACTS.md). The bars are what a consent decision needs,
 * not what was measured: a held-out phrase read as "yes" that was not a yes is an unlawful
 * recording, so that count must be zero; overall accuracy is printed and must stay above 80%.
 */
describe('consent answers on held-out phrasings', () => {
  it('no false grant, and the accuracy is printed', () => {
    const read = HELD_OUT_ANSWERS.map((c) => ({ ...c, got: readConsentAnswer(c.text, c.lang).answer }));
    const right = read.filter((r) => r.got === r.expected).length;
    const falseGrants = read.filter((r) => r.got === 'yes' && r.expected !== 'yes');
    const objections = HELD_OUT_OBJECTIONS.filter((c) => isObjection(c.text) === c.objection).length;
    console.log(
      `held-out consent answers: ${right}/${read.length} (${((100 * right) / read.length).toFixed(1)}%), false grants ${falseGrants.length}; ` +
        `objections: ${objections}/${HELD_OUT_OBJECTIONS.length}`,
    );
    for (const r of read.filter((x) => x.got !== x.expected))
      console.log(`  miss: [${r.lang}] "${r.text}" → ${r.got} (expected ${r.expected})`);
    for (const c of HELD_OUT_OBJECTIONS.filter((x) => isObjection(x.text) !== x.objection))
      console.log(`  objection miss: [${c.lang}] "${c.text}"`);
    expect(falseGrants).toEqual([]);
    expect(right / read.length).toBeGreaterThan(0.8);
  });
});
