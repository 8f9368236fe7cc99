/**
 * Silero/vad-web timing shared by the VAD loader and the speech gate (kept apart so the gate
 * does not pull vad-web and onnxruntime into the first bundle).
 */
export const PRE_SPEECH_PAD_MS = 320;
/** Shorter blips are misfires and never reach the server. */
export const MIN_SPEECH_MS = 250;
/** vad-web's default 1400 ms reports speech end ~1.5 s late (shared/FACTS.md); ~500 ms is snappier. */
export const REDEMPTION_MS = 500;
