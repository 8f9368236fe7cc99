import { useEffect, useRef } from 'react';

/**
 * The recording-consent question, answered in the page (consent method "web"). The buttons wait
 * until the announcement has played to the end: the server only accepts an answer after that.
 */
export function ConsentPrompt({ ready, onAnswer }: { ready: boolean; onAnswer: (answer: 'yes' | 'no') => void }) {
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (ready) yes.current?.focus();
  }, [ready]);
  return (
    <fieldset className="consent">
      <legend className="visually-hidden">Recording consent</legend>
      <p>
        May we record this call? You can also say “yes” or “no”, or press 1 or 2.
        {!ready && <span className="hint"> Please listen to the end of the notice first.</span>}
      </p>
      <button ref={yes} type="button" disabled={!ready} onClick={() => onAnswer('yes')}>
        Yes, record
      </button>
      <button type="button" disabled={!ready} onClick={() => onAnswer('no')}>
        No
      </button>
    </fieldset>
  );
}
