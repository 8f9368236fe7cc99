import { useEffect, useRef } from 'react';
import type { CallController } from '../call/call-controller';

/** Live mic level, updated on animation frames straight from the controller (no React re-render per frame). */
export function LevelMeter({ controller }: { controller: CallController }) {
  const meter = useRef<HTMLMeterElement>(null);
  useEffect(() => {
    let raf = 0;
    const draw = () => {
      // speech RMS rarely passes 0.3; scale so a normal voice fills most of the meter
      if (meter.current) meter.current.value = Math.min(100, Math.round(Math.sqrt(controller.level / 0.3) * 100));
      raf = requestAnimationFrame(draw);
    };
    raf = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(raf);
  }, [controller]);
  return <meter ref={meter} className="meter" aria-label="Microphone level" min={0} max={100} value={0} />;
}
