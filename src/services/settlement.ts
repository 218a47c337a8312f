import type { Kysely } from 'kysely';
import { localDayBounds } from '../domain/calendar.js';
import { postingsForSettlement } from '../domain/ledger-rules.js';
import type { Currency } from '../domain/money.js';
import { scheduleSingletonJob } from '../jobs/queue.js';
import type { JobHandler } from '../jobs/runner.js';
import { type JournalInput, postJournals } from '../ledger/ledger.js';
import {
  appModeOf,
  type Charge,
  type Database,
  flowsOfCharges,
  markChargesSettled,
  refundsOfCharges,
  unsettledCharges,
} from '../store/index.js';
import { type ChargeDeps, SETTLEMENT_JOB } from './charges/deps.js';
import { chargeEvent } from './charges/move-charge.js';
import { recordEvents } from './events.js';

/** How often the settlement sweep looks for merchants past their daily cut-off. */
export const SETTLEMENT_SWEEP_MS = 15 * 60_000;

/**
 * Charges settled per transaction. A day of a busy merchant is hundreds of thousands of charges: in one
 * transaction its balance rows (and, on SQLite, every write) would wait for all of them.
 */
export const SETTLEMENT_BATCH = 200;

/**
 * Settles a merchant's charges paid before its last daily cut-off (00:00 in the merchant's time zone):
 * their unsettled proceeds move from pending to available, and the charges are marked settled, first
 * paid first, in batches of SETTLEMENT_BATCH. Each batch is one transaction of a fixed number of
 * statements: every charge it marks settled commits with its journal and its `charge.settled` event, so
 * a charge's settlement is never seen in part (the merchant's may be, between two batches).
 */
export async function settleMerchant(
  deps: ChargeDeps,
  merchantId: string,
  timeZone: string,
  /** Test mode's "settle now": everything paid before `cutoff`, of one app only. */
  options: { readonly cutoff?: number; readonly appId?: string; readonly batch?: number } = {},
): Promise<number> {
  const now = deps.clock.now();
  const cutoff = options.cutoff ?? localDayBounds(now, timeZone).start;
  const batch = options.batch ?? SETTLEMENT_BATCH;
  let settled = 0;
  for (;;) {
    const count = await deps.store.write(async (trx) => {
      const charges = await unsettledCharges(trx, merchantId, cutoff, {
        limit: batch,
        ...(options.appId !== undefined ? { appId: options.appId } : {}),
      });
      await settleCharges(trx, deps, charges, now);
      return charges.length;
    });
    settled += count;
    if (count < batch) return settled;
  }
}

/** In the caller's transaction: the charges' journals, their settled mark and their events. */
async function settleCharges(
  trx: Kysely<Database>,
  deps: ChargeDeps,
  charges: readonly Charge[],
  now: number,
): Promise<void> {
  if (charges.length === 0) return;
  const ids = charges.map((charge) => charge.id);
  const refunds = await refundsOfCharges(trx, ids);
  const journals: JournalInput[] = [];
  for (const charge of charges) {
    const fromPending = (refunds.get(charge.id) ?? [])
      .filter((r) => r.status !== 'FAILED')
      .reduce((sum, r) => sum + r.funded_from_pending, 0);
    const proceeds = charge.amount - charge.fee - fromPending;
    if (proceeds <= 0) continue;
    journals.push({
      merchantId: charge.merchant_id,
      mode: await appModeOf(trx, charge.app_id),
      postings: postingsForSettlement(proceeds, charge.currency as Currency),
      refType: 'settlement',
      refId: charge.id,
      now,
    });
  }
  await markChargesSettled(trx, ids, now);
  const flows = await flowsOfCharges(trx, ids);
  await recordEvents(
    trx,
    charges.map((charge) =>
      chargeEvent(
        deps,
        { ...charge, settled_at: now, updated_at: now, version: charge.version + 1 },
        'charge.settled',
        flows.get(charge.id) ?? [],
      ),
    ),
  );
  // The merchant's balances last: on PostgreSQL their row locks are then held only until the COMMIT.
  await postJournals(trx, journals);
}

export async function settleAll(deps: ChargeDeps): Promise<number> {
  const merchants = await deps.store.db.selectFrom('merchants').select(['id', 'time_zone']).execute();
  let settled = 0;
  for (const merchant of merchants) settled += await settleMerchant(deps, merchant.id, merchant.time_zone);
  return settled;
}

/** Makes sure one settlement sweep is scheduled (called at start). */
export async function scheduleSettlementSweep(deps: ChargeDeps): Promise<void> {
  await scheduleSingletonJob(deps.store.db, SETTLEMENT_JOB, deps.clock.now());
}

export function settlementJobHandlers(deps: ChargeDeps): Record<string, JobHandler> {
  return {
    [SETTLEMENT_JOB]: async () => {
      await settleAll(deps);
      return { kind: 'retry', at: deps.clock.now() + SETTLEMENT_SWEEP_MS };
    },
  };
}
