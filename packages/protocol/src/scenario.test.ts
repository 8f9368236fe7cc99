import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario.js';

describe('parseScenario', () => {
  it('accepts the design example and defaults channel, tier and industry', () => {
    const r = parseScenario({
      caller: '+4930901820',
      steps: [{ say: "yes, that's fine" }, { dtmf: '1' }, { wait: 12000 }, { expect: { type: 'consent.decided', decision: 'granted' } }, 'hangup'],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.channel).toBe('pstn');
    expect(r.value.tier).toBe('standard');
    expect(r.value.steps.map((s) => s.kind)).toEqual(['say', 'dtmf', 'wait', 'expect', 'hangup']);
  });

  it('names the step and field that is wrong', () => {
    const r = parseScenario({ caller: '+4930901820', steps: [{ say: 'hi' }, { wait: 'soon' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]?.path).toBe('steps[1].wait');
  });

  it('rejects unknown step keys and unknown top-level keys', () => {
    const r = parseScenario({ caller: '+4930901820', colour: 'red', steps: [{ shout: 'hi' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.issues.map((i) => i.path);
    expect(paths).toContain('steps[0].shout');
    expect(r.issues.some((i) => i.message.includes('colour'))).toBe(true);
  });

  it('rejects a caller that is neither E.164 nor anonymous', () => {
    const r = parseScenario({ caller: '030 901820', steps: [{ wait: 1 }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]?.path).toBe('caller');
  });

  it('accepts a numeric carrier fault as in YAML `fault: 503`', () => {
    const r = parseScenario({ caller: 'anonymous', steps: [{ carrier: { provider: 'twilio', fault: 503 } }] });
    expect(r.ok && r.value.steps[0]).toEqual({ kind: 'carrier', value: { provider: 'twilio', fault: '503' } });
  });
});
