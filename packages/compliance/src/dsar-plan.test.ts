import { describe, expect, it } from 'vitest';
import { planErasure } from './dsar-plan.js';

describe('planErasure', () => {
  it('erases all but held recordings and their calls, reporting the reason', () => {
    const plan = planErasure({
      callIds: ['c1', 'c2', 'c3'],
      recordings: [
        { recordingId: 'r1', callId: 'c1' },
        { recordingId: 'r2', callId: 'c2' },
        { recordingId: 'r3', callId: 'c2' },
      ],
      holds: [{ recordingId: 'r2', reason: 'litigation 2026-114' }],
    });
    expect(plan.eraseRecordings).toEqual(['r1', 'r3']);
    expect(plan.eraseCalls).toEqual(['c1', 'c3']);
    expect(plan.kept).toEqual([
      { kind: 'recording', id: 'r2', reason: 'legal hold: litigation 2026-114' },
      { kind: 'call', id: 'c2', reason: 'recording r2 is under legal hold: litigation 2026-114' },
    ]);
  });

  it('without holds everything goes, including calls known only through recordings', () => {
    const plan = planErasure({ callIds: [], recordings: [{ recordingId: 'r1', callId: 'c9' }], holds: [] });
    expect(plan).toEqual({ eraseRecordings: ['r1'], eraseCalls: ['c9'], kept: [] });
  });
});
