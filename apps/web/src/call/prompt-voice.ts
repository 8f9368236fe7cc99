/**
 * Speaks the IVR's prompts with the browser's own speechSynthesis (DESIGN.md: TTS "browser
 * speechSynthesis"), when the browser has it; the transcript shows them either way.
 */
export function speakPrompt(text: string): void {
  if (typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined') return;
  speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

export function stopSpeaking(): void {
  if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
}
