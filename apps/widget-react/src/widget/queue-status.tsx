import { useEffect, useRef } from 'react';
import { startHoldMusic } from './hold-music';

/** Queue position and estimated wait, with synthesised hold music while it shows. */
export function QueueStatus({ queue }: { queue: { position: number; ewtSeconds: number } }) {
  const minutes = Math.max(1, Math.round(queue.ewtSeconds / 60));
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => {
    stop.current = startHoldMusic();
    return () => stop.current?.();
  }, []);
  return (
    <p className="queue" data-testid="queue" role="status">
      {queue.position <= 3
        ? `You're number ${queue.position} — almost there.`
        : `You are number ${queue.position} in the queue. Expected wait about ${minutes} minute${minutes === 1 ? '' : 's'}.`}
    </p>
  );
}
