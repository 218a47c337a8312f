import type { PayoutRegistry } from '../../channels/payout-port.js';
import type { Clock } from '../../domain/clock.js';
import type { Store } from '../../store/index.js';

export interface TransferDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly payouts: PayoutRegistry;
}

export const TRANSFER_RESOLVE_JOB = 'transfer.resolve';
/** First look at a pending payout by query, after this; then backing off up to MAX_GAP. */
export const TRANSFER_FIRST_CHECK_MS = 10_000;
export const TRANSFER_MAX_CHECK_GAP_MS = 10 * 60_000;
