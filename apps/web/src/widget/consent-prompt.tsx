import { useEffect, useRef } from 'react';

/** The recording-consent question, answered in the page (consent method "web"). */
export function ConsentPrompt({ onAnswer }: { onAnswer: (answer: 'yes' | 'no') => void }) {
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    yes.current?.focus();
  }, []);
  return (
    <div className="consent" role="group" aria-labelledby="consent-q">
      <p id="consent-q">May we record this call? You can also say “yes” or “no”, or press 1 or 2.</p>
      <button ref={yes} type="button" onClick={() => onAnswer('yes')}>
        Yes, record
      </button>
      <button type="button" onClick={() => onAnswer('no')}>
        No
      </button>
    </div>
  );
}
