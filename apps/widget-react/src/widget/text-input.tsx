import { useState } from 'react';

/** Typing into the same IVR — the fallback when there is no microphone. */
export function TextInput({ onSend }: { onSend: (text: string) => void }) {
  const [text, setText] = useState('');
  return (
    <form
      className="text-input"
      onSubmit={(e) => {
        e.preventDefault();
        onSend(text);
        setText('');
      }}
    >
      <label htmlFor="say-text">Or type it</label>
      <input id="say-text" value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} placeholder="e.g. I was charged twice" />
      <button type="submit">Send</button>
    </form>
  );
}
