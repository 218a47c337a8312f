import { localDayBounds } from '../domain/calendar.js';
import { postingsForSettlement } from '../domain/ledger-rules.js';
import type { Currency } from '../domain/money.js';
import { scheduleSingletonJob } from '../jobs/queue.js';
import type { JobHandler } from '../jobs/runner.js';
import { postJournal } from '../ledger/ledger.js';
import { appModeOf, refundsOfCharge, unsettledCharges, updateCharge } from '../store/index.js';
import { type ChargeDeps, SETTLEMENT_JOB } from './charges/deps.js';
import { emitChargeEvent } from './charges/move-charge.js';

/** How often the settlement sweep looks for merchants past their daily cut-off. */
export const SETTLEMENT_SWEEP_MS = 15 * 60_000;

/**
 * Settles a merchant's charges paid before its last daily cut-off (00:00 in the merchant's time zone):
 * their unsettled proceeds move from pending to available, and the charges are marked settled. One
 * transaction per merchant, so a merchant's ledger never shows half a settlement.
 */
export async function settleMerchant(
  deps: ChargeDeps,
  merchantId: string,
  timeZone: string,
  /** Test mode's "settle now": everything paid before `cutoff`, of one app only. */
  options: { readonly cutoff?: number; readonly appId?: string } = {},
): Promise<number> {
  const now = deps.clock.now();
  const cutoff = options.cutoff ?? localDayBounds(now, timeZone).start;
  return deps.store.db.transaction().execute(async (trx) => {
    const all = await unsettledCharges(trx, merchantId, cutoff);
    const charges = options.appId === undefined ? all : all.filter((c) => c.app_id === options.appId);
    for (const charge of charges) {
      const refunds = await refundsOfCharge(trx, charge.id);
      const fromPending = refunds
        .filter((r) => r.status !== 'FAILED')
        .reduce((sum, r) => sum + r.funded_from_pending, 0);
      const proceeds = charge.amount - charge.fee - fromPending;
      if (proceeds > 0) {
        await postJournal(trx, {
          merchantId,
          mode: await appModeOf(trx, charge.app_id),
          postings: postingsForSettlement(proceeds, charge.currency as Currency),
          refType: 'settlement',
          refId: charge.id,
          now,
        });
      }
      await updateCharge(trx, charge.id, { settled_at: now, updated_at: now });
      await emitChargeEvent(trx, deps, { ...charge, settled_at: now, updated_at: now }, 'charge.settled');
    }
    return charges.length;
  });
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
