import { useEffect, useState } from 'react';
import { pipelineStats, type StatsSnapshot } from '../stats/pipeline-stats';

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

/** The lesson's budgets beside what this browser measures (open with ?debug). */
export function DebugPanel() {
  const [s, setS] = useState<StatsSnapshot>(() => pipelineStats.snapshot());
  useEffect(() => {
    const id = setInterval(() => setS(pipelineStats.snapshot()), 1000);
    return () => clearInterval(id);
  }, []);
  const rows: [string, StatsSnapshot['vad'], number][] = [
    ['worklet / frame', s.worklet, 3],
    ['VAD / frame', s.vad, 1],
    ['total / frame', s.total, 10],
  ];
  return (
    <details className="debug" open>
      <summary>Audio pipeline (ms per 32 ms frame)</summary>
      <table>
        <thead>
          <tr>
            <th>stage</th>
            <th>p50</th>
            <th>p99</th>
            <th>budget</th>
            <th>n</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, p, budget]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{fmt(p.p50)}</td>
              <td>{fmt(p.p99)}</td>
              <td>&lt; {budget}</td>
              <td>{p.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        frames {s.framesCaptured} captured / {s.framesSent} sent · speech {s.speechStarts}↑ {s.speechEnds}↓ · VAD ready{' '}
        {s.vadReadyMs === null ? '–' : `${Math.round(s.vadReadyMs)} ms`}
      </p>
    </details>
  );
}
