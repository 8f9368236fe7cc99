const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** Phone keypad: DTMF works everywhere speech does (1 billing, 2 technical, 3 sales, 0 a person). */
export function DtmfKeypad({ onDigit }: { onDigit: (digit: string) => void }) {
  return (
    <fieldset className="keypad" aria-label="Keypad">
      {KEYS.map((k) => (
        <button key={k} type="button" aria-label={`Key ${k}`} onClick={() => onDigit(k)}>
          {k}
        </button>
      ))}
    </fieldset>
  );
}
