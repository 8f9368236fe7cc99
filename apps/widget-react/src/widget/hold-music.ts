/**
 * Hold music synthesised with Web Audio (a soft arpeggio), so no audio file ships or downloads.
 * Returns a stop function.
 */
const NOTES_HZ = [261.63, 329.63, 392.0, 523.25, 392.0, 329.63];

export function startHoldMusic(volume = 0.04): () => void {
  if (typeof AudioContext === 'undefined') return () => {};
  const ctx = new AudioContext();
  const gain = new GainNode(ctx, { gain: volume });
  gain.connect(ctx.destination);
  const noteS = 0.4;
  let stopped = false;
  const schedule = (from: number) => {
    if (stopped) return;
    NOTES_HZ.forEach((hz, i) => {
      const osc = new OscillatorNode(ctx, { type: 'sine', frequency: hz });
      const env = new GainNode(ctx, { gain: 0 });
      const t = from + i * noteS;
      env.gain.setTargetAtTime(1, t, 0.02);
      env.gain.setTargetAtTime(0, t + noteS * 0.7, 0.08);
      osc.connect(env).connect(gain);
      osc.start(t);
      osc.stop(t + noteS);
    });
    const next = from + NOTES_HZ.length * noteS;
    setTimeout(() => schedule(next), (next - ctx.currentTime - 0.5) * 1000);
  };
  schedule(ctx.currentTime + 0.1);
  return () => {
    stopped = true;
    void ctx.close();
  };
}
