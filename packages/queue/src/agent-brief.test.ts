import { describe, expect, it } from 'vitest';
import { agentBrief } from './agent-brief.js';

const context = {
  callerId: '+4930901820',
  intent: 'billing',
  statement: 'I was charged twice last week',
  sentiment: 'frustrated' as const,
  entities: { timeframe: 'last week', priorCalls: 3 },
  summary: 'billing — frustrated caller said "I was charged twice last week" — when: last week; called 3 times before',
};

describe('agentBrief', () => {
  it('puts need, wait, mood, words and recording status in one line, without the number', () => {
    const brief = agentBrief({ context, queue: 'billing', waitedMs: 4 * 60_000 + 10_000, recorded: false });
    expect(brief).toMatch(/^billing caller from the billing queue, waited 4 minutes, frustrated — apologise first\./);
    expect(brief).toContain('charged twice last week');
    expect(brief).toContain('called 3 times before');
    expect(brief).toMatch(/NOT recorded\.$/);
    expect(brief).not.toContain('+4930901820');
    expect(brief).not.toContain('\n');
  });

  it('says a short wait plainly', () => {
    expect(agentBrief({ context: { ...context, sentiment: 'neutral' }, queue: 'billing', waitedMs: 20_000, recorded: true })).toMatch(
      /waited under a minute, neutral\..*recorded\.$/,
    );
  });
});
