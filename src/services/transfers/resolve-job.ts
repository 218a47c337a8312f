import { jobPayload } from '../../jobs/queue.js';
import { backoffMs, type JobHandler } from '../../jobs/runner.js';
import { getTransferById } from '../../store/index.js';
import {
  TRANSFER_FIRST_CHECK_MS,
  TRANSFER_MAX_CHECK_GAP_MS,
  TRANSFER_RESOLVE_JOB,
  type TransferDeps,
} from './deps.js';
import { refreshPayout } from './transfers.js';

/**
 * Resolves a pending payout by query until the channel gives its final answer (a lost callback is
 * recovered here). A payout the channel never took (busy, not retried; or a request that never arrived)
 * reads "not found" and is failed, which releases its money.
 */
export function transferJobHandlers(deps: TransferDeps): Record<string, JobHandler> {
  return {
    [TRANSFER_RESOLVE_JOB]: async (job) => {
      const { transferId } = jobPayload<{ transferId: string }>(job);
      const found = await getTransferById(deps.store.db, transferId);
      if (!found) return { kind: 'failed', error: `no transfer ${transferId}` };
      const transfer = await refreshPayout(deps, found);
      if (transfer.status !== 'PENDING') return { kind: 'done' };
      const gap = Math.min(
        TRANSFER_MAX_CHECK_GAP_MS,
        Math.max(TRANSFER_FIRST_CHECK_MS, backoffMs(job.attempts + 1)),
      );
      return { kind: 'retry', at: deps.clock.now() + gap };
    },
  };
}
