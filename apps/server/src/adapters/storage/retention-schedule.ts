import type { RecordingVault } from '../recordings/recording-vault.js';
import { type SweepResult, sweepExpiredRecordings } from './retention-sweeper.js';
import type { SqlComplianceStore } from './sql-compliance-store.js';

/**
 * Runs the retention sweeper now and then every `intervalMs` (default hourly) with the given
 * clock; one sweep at a time. For the server's start-up:
 *
 *   const stopSweeper = scheduleRetentionSweeps({ store: compliance, vault, now: () => new Date(clock.now()),
 *     onSweep: (r) => logger.info({ deleted: r.deleted.length, held: r.held.length }, 'retention sweep'),
 *     onError: (e) => logger.error({ err: e }, 'retention sweep failed') });
 *   …on shutdown: stopSweeper();
 */
export interface RetentionScheduleOptions {
  store: SqlComplianceStore;
  vault: RecordingVault;
  now: () => Date;
  intervalMs?: number;
  onSweep?: (result: SweepResult) => void;
  onError?: (error: unknown) => void;
}

export function scheduleRetentionSweeps(opts: RetentionScheduleOptions): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      opts.onSweep?.(await sweepExpiredRecordings(opts.store, opts.vault, opts.now()));
    } catch (error) {
      opts.onError?.(error);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), opts.intervalMs ?? 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
