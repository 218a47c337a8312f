import type { Clock } from '../domain/clock.js';
import { scheduleSingletonJob } from '../jobs/queue.js';
import type { JobHandler } from '../jobs/runner.js';
import {
  purgeEndedSessions,
  purgeExpiredIdempotencyRecords,
  purgeExpiredNonces,
  type Store,
} from '../store/index.js';

export const PURGE_JOB = 'maintenance.purge';
/** How often expired idempotency records, request nonces and dashboard sessions are deleted. */
export const PURGE_INTERVAL_MS = 10 * 60_000;

export interface MaintenanceDeps {
  readonly store: Store;
  readonly clock: Clock;
}

/** Deletes expired idempotency records, nonces and ended sessions; answers how many of each. */
export async function purgeExpired(
  deps: MaintenanceDeps,
): Promise<{ idempotency: number; nonces: number; sessions: number }> {
  const now = deps.clock.now();
  const idempotency = await purgeExpiredIdempotencyRecords(deps.store.db, now);
  const nonces = await purgeExpiredNonces(deps.store.db, now);
  const sessions = await purgeEndedSessions(deps.store.db, now);
  return { idempotency, nonces, sessions };
}

/** Makes sure one purge job is scheduled (called at start); it then reschedules itself. */
export async function schedulePurge(deps: MaintenanceDeps): Promise<void> {
  await scheduleSingletonJob(deps.store.db, PURGE_JOB, deps.clock.now());
}

export function maintenanceJobHandlers(deps: MaintenanceDeps): Record<string, JobHandler> {
  return {
    [PURGE_JOB]: async () => {
      await purgeExpired(deps);
      return { kind: 'retry', at: deps.clock.now() + PURGE_INTERVAL_MS };
    },
  };
}
