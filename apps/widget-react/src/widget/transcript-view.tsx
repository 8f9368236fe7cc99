import { useEffect, useRef } from 'react';
import type { TranscriptLine } from '../call/call-state';

export function TranscriptView({ lines }: { lines: TranscriptLine[] }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (lines.length > 0) end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [lines.length]);
  if (lines.length === 0) return null;
  return (
    <ol className="transcript" aria-label="Conversation" aria-live="polite" data-testid="transcript">
      {lines.map((l) => (
        <li key={l.key} className={l.role} data-role={l.role}>
          <span className="who">{l.role === 'caller' ? 'You' : 'Acme'}</span> {l.text}
        </li>
      ))}
      <li ref={end} aria-hidden="true" className="end" />
    </ol>
  );
}
