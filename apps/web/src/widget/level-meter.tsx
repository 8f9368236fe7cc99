import { useEffect, useRef } from 'react';
import type { CallController } from '../call/call-controller';

/** Live mic level, drawn on animation frames straight from the controller (no React re-render per frame). */
export function LevelMeter({ controller }: { controller: CallController }) {
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let raf = 0;
    const draw = () => {
      // speech RMS rarely passes 0.3; scale so a normal voice fills most of the bar
      const pct = Math.min(100, Math.round(Math.sqrt(controller.level / 0.3) * 100));
      if (bar.current) {
        bar.current.style.width = `${pct}%`;
        bar.current.parentElement?.setAttribute('aria-valuenow', String(pct));
      }
      raf = requestAnimationFrame(draw);
    };
    raf = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(raf);
  }, [controller]);
  return (
    <div className="meter" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={0}>
      <div ref={bar} className="meter-bar" />
    </div>
  );
}
