import type { SubPayway } from '../../domain/charge-state.js';
import { nextPollDelay } from '../../domain/polling.js';
import type { ChargeStatus } from '../../domain/statuses.js';
import { jobPayload } from '../../jobs/queue.js';
import { backoffMs, type JobHandler, type JobOutcome } from '../../jobs/runner.js';
import { flowsOf, getChargeById, getRefundById, insertFlow, lockCharge } from '../../store/index.js';
import { applyRefundResult, toChannelRefund } from '../refunds/refund-charge.js';
import { callChannel, cancelVerdict, newFlow, recordFlowResult } from './charge-operations.js';
import { toChannelCharge } from './create-charge.js';
import { CHARGE_RESOLVE_JOB, type ChargeDeps, REFUND_RESOLVE_JOB } from './deps.js';
import { moveCharge } from './move-charge.js';
import { applyPaymentResult, paymentVerdict } from './pay-outcome.js';

const done: JobOutcome = { kind: 'done' };
const IN_DOUBT: ReadonlySet<ChargeStatus> = new Set(['PAY_ERROR', 'CANCEL_INPROGRESS', 'CANCEL_ERROR']);
/** Reversals and uncertain refunds are retried for as long as it takes, at most this far apart. */
const MAX_RETRY_GAP_MS = 10 * 60_000;

function retryAfter(deps: ChargeDeps, attempts: number): JobOutcome {
  return { kind: 'retry', at: deps.clock.now() + Math.min(MAX_RETRY_GAP_MS, backoffMs(attempts + 1)) };
}

/**
 * Settles a charge whose outcome is not known (DESIGN: "never PAID without the channel's confirmation"):
 * query while the payment window lasts; past the deadline, reverse. A reversal that is itself uncertain
 * leaves the charge PAY_ERROR and is retried until the channel confirms it.
 */
async function resolveCharge(deps: ChargeDeps, chargeId: string, attempts: number): Promise<JobOutcome> {
  const charge = await getChargeById(deps.store.db, chargeId);
  if (!charge) return { kind: 'failed', error: `no charge ${chargeId}` };
  const channel = deps.channels.byName(charge.channel ?? '');
  if (!channel) return { kind: 'failed', error: `channel ${charge.channel} is not configured` };
  const now = deps.clock.now();
  const subPayway = (charge.sub_payway ?? 'barcode') as SubPayway;

  if (charge.status === 'CREATED' && now - charge.created_at < deps.settings.deadlineMs[subPayway]) {
    const flow = newFlow(charge, 'query', charge.amount, now);
    await insertFlow(deps.store.db, flow);
    const result = await callChannel(() => channel.query(toChannelCharge(charge)));
    const applied = await applyPaymentResult(deps, charge.id, flow.id, result, { emitPending: false });
    // Still open in another way (a reversal to retry, a merchant's cancel under way): this job, the
    // charge's only one, goes on with it.
    if (applied.charge.status !== 'CREATED')
      return IN_DOUBT.has(applied.charge.status) ? retryAfter(deps, 0) : done;
    const delay = nextPollDelay(subPayway, deps.clock.now() - charge.created_at) ?? 0;
    return { kind: 'retry', at: deps.clock.now() + Math.max(delay, 1) };
  }

  if (charge.status === 'CREATED' || charge.status === 'PAY_ERROR') {
    // Past the deadline, or the channel's own reversal failed: reverse it ourselves.
    const flow = newFlow(charge, 'cancel', charge.amount, now);
    await insertFlow(deps.store.db, flow);
    const result = await callChannel(() => channel.cancel(toChannelCharge(charge)));
    const verdict = cancelVerdict(result);
    // A reversal refused because the channel already ended the order (a QR code it let expire): nothing to undo.
    const ended =
      verdict === 'refused' && !(result instanceof Error) && result.orderStatus === 'PAY_CANCELED';
    return deps.store.db.transaction().execute(async (trx) => {
      await recordFlowResult(trx, flow.id, result, deps.clock.now());
      const current = (await lockCharge(trx, charge.id))!;
      if (current.status !== 'CREATED' && current.status !== 'PAY_ERROR') return done;
      if (verdict === 'done' || ended) {
        await moveCharge(trx, deps, current, 'PAY_CANCELED', {
          failure_code: current.failure_code ?? 'trade_timeout',
          failure_message:
            current.failure_message ?? 'The payment was not confirmed in time and was reversed.',
        });
        return done;
      }
      if (verdict === 'refused' && !(result instanceof Error) && paymentVerdict(result) === 'paid') {
        await moveCharge(trx, deps, current, 'PAID');
        return done;
      }
      if (current.status === 'CREATED') await moveCharge(trx, deps, current, 'PAY_ERROR');
      // Back off by reversal attempts, not by the job's attempts (which count the queries before the deadline).
      const reversals = (await flowsOf(trx, charge.id)).filter((f) => f.kind === 'cancel').length;
      return retryAfter(deps, reversals);
    });
  }

  if (charge.status === 'CANCEL_INPROGRESS' || charge.status === 'CANCEL_ERROR') {
    // A merchant's cancel with an unknown outcome: ask, and send the reversal again when it failed.
    const flow = newFlow(charge, charge.status === 'CANCEL_ERROR' ? 'cancel' : 'query', charge.amount, now);
    await insertFlow(deps.store.db, flow);
    const channelCharge = toChannelCharge(charge);
    const result = await callChannel(() =>
      charge.status === 'CANCEL_ERROR' ? channel.cancel(channelCharge) : channel.query(channelCharge),
    );
    return deps.store.db.transaction().execute(async (trx) => {
      await recordFlowResult(trx, flow.id, result, deps.clock.now());
      const current = (await lockCharge(trx, charge.id))!;
      if (current.status !== 'CANCEL_INPROGRESS' && current.status !== 'CANCEL_ERROR') return done;
      const verdict = cancelVerdict(result);
      if (verdict === 'done') {
        await moveCharge(trx, deps, current, 'CANCELED');
        return done;
      }
      // A query that still says PAID while a cancel is in progress does not mean the cancel failed: keep asking.
      if (!(result instanceof Error) && result.orderStatus === 'PAID' && current.status === 'CANCEL_ERROR') {
        await moveCharge(trx, deps, current, 'PAID');
        return done;
      }
      return retryAfter(deps, attempts);
    });
  }
  return done;
}

async function resolveRefund(
  deps: ChargeDeps,
  refundId: string,
  flowId: string,
  attempts: number,
): Promise<JobOutcome> {
  const refund = await getRefundById(deps.store.db, refundId);
  if (!refund) return { kind: 'failed', error: `no refund ${refundId}` };
  if (refund.status === 'SUCCEEDED' || refund.status === 'FAILED') return done;
  const charge = (await getChargeById(deps.store.db, refund.charge_id))!;
  const channel = deps.channels.byName(charge.channel ?? '');
  if (!channel) return { kind: 'failed', error: `channel ${charge.channel} is not configured` };
  const result = await callChannel(() =>
    channel.queryRefund(toChannelCharge(charge), toChannelRefund(refund, charge.amount_refunded)),
  );
  const applied = await applyRefundResult(deps, refundId, flowId, result);
  return applied.refund.status === 'SUCCEEDED' || applied.refund.status === 'FAILED'
    ? done
    : retryAfter(deps, attempts);
}

export function chargeJobHandlers(deps: ChargeDeps): Record<string, JobHandler> {
  return {
    [CHARGE_RESOLVE_JOB]: (job) =>
      resolveCharge(deps, jobPayload<{ chargeId: string }>(job).chargeId, job.attempts),
    [REFUND_RESOLVE_JOB]: (job) => {
      const payload = jobPayload<{ refundId: string; flowId: string }>(job);
      return resolveRefund(deps, payload.refundId, payload.flowId, job.attempts);
    },
  };
}
