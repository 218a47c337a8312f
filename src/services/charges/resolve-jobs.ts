import { ChannelIoError } from '../../channels/port.js';
import type { SubPayway } from '../../domain/charge-state.js';
import { nextPollDelay } from '../../domain/polling.js';
import type { ChargeStatus } from '../../domain/statuses.js';
import { jobPayload } from '../../jobs/queue.js';
import { backoffMs, type JobHandler, type JobOutcome } from '../../jobs/runner.js';
import { flowsOf, getChargeById, getRefundById, insertFlow, lockCharge } from '../../store/index.js';
import { recordEvent } from '../events.js';
import { applyRefundResult, toChannelRefund } from '../refunds/refund-charge.js';
import { cancelVerdict } from './charge-operations.js';
import { toChannelCharge } from './create-charge.js';
import { CHARGE_RESOLVE_JOB, type ChargeDeps, payDeadline, REFUND_RESOLVE_JOB } from './deps.js';
import { callChannel, newFlow, recordFlowResult } from './flows.js';
import { moveCharge } from './move-charge.js';
import { applyPaymentResult, paymentVerdict } from './pay-outcome.js';
import { toRefundView } from './views.js';

const done: JobOutcome = { kind: 'done' };
/** How long polypay keeps asking the channel about an uncertain refund before a person must settle it. */
export const MANUAL_INTERVENTION_AFTER_MS = 24 * 3600 * 1000;
const IN_DOUBT: ReadonlySet<ChargeStatus> = new Set(['PAY_ERROR', 'CANCEL_INPROGRESS', 'CANCEL_ERROR']);
/** Reversals and uncertain refunds are retried for as long as it takes, at most this far apart. */
const MAX_RETRY_GAP_MS = 10 * 60_000;
/** Past the deadline, queries that get no answer at all before the reversal is sent anyway. */
const UNANSWERED_QUERIES_BEFORE_REVERSAL = 3;

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
  const channel = await deps.channels.byName(charge.channel ?? '');
  if (!channel) return { kind: 'failed', error: `channel ${charge.channel} is not configured` };
  const now = deps.clock.now();
  const subPayway = (charge.sub_payway ?? 'barcode') as SubPayway;

  const deadline = payDeadline(deps.settings, charge);
  if (charge.status === 'CREATED' && now < deadline) {
    const flow = newFlow(charge, 'query', charge.amount, now);
    await insertFlow(deps.store.db, flow);
    const result = await callChannel(() => channel.query(toChannelCharge(charge)));
    const applied = await applyPaymentResult(deps, charge.id, flow.id, result, { emitPending: false });
    // Still open in another way (a reversal to retry, a merchant's cancel under way): this job, the
    // charge's only one, goes on with it.
    if (applied.charge.status !== 'CREATED')
      return IN_DOUBT.has(applied.charge.status) ? retryAfter(deps, 0) : done;
    const delay =
      nextPollDelay(subPayway, deps.clock.now() - charge.created_at, deadline - charge.created_at) ?? 0;
    return { kind: 'retry', at: deps.clock.now() + Math.max(delay, 1) };
  }

  if (charge.status === 'CREATED') {
    // Past the deadline. However late this job runs (a crash, a backlog), the reversal is decided on
    // the channel's latest answer, never on the clock alone: a charge the buyer paid meanwhile is kept.
    const query = newFlow(charge, 'query', charge.amount, now);
    await insertFlow(deps.store.db, query);
    const answer = await callChannel(() => channel.query(toChannelCharge(charge)));
    const applied = await applyPaymentResult(deps, charge.id, query.id, answer, { emitPending: false });
    if (applied.charge.status !== 'CREATED')
      return IN_DOUBT.has(applied.charge.status) ? retryAfter(deps, 0) : done;
    if (answer instanceof ChannelIoError) {
      // No answer at all: ask again a few times before reversing blind.
      const unanswered = (await flowsOf(deps.store.db, charge.id)).filter(
        (f) => f.kind === 'query' && f.created_at >= deadline && f.status.startsWith('FAIL_'),
      ).length;
      if (unanswered < UNANSWERED_QUERIES_BEFORE_REVERSAL) return retryAfter(deps, unanswered);
    }
  }

  if (charge.status === 'CREATED' || charge.status === 'PAY_ERROR') {
    // The channel still has the payment open past the deadline, or its own reversal failed: reverse it.
    const flow = newFlow(charge, 'cancel', charge.amount, deps.clock.now());
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
  const channel = await deps.channels.byName(charge.channel ?? '');
  if (!channel) return { kind: 'failed', error: `channel ${charge.channel} is not configured` };
  const result = await callChannel(() =>
    channel.queryRefund(toChannelCharge(charge), toChannelRefund(refund, charge.amount_refunded)),
  );
  const applied = await applyRefundResult(deps, refundId, flowId, result);
  if (applied.refund.status === 'SUCCEEDED' || applied.refund.status === 'FAILED') return done;
  if (deps.clock.now() - refund.created_at >= MANUAL_INTERVENTION_AFTER_MS) {
    await handOverRefund(deps, refundId);
    return done;
  }
  return retryAfter(deps, attempts);
}

/**
 * A refund the channel has not settled for a day will not settle itself: Shouqianba's REFUND_ERROR means
 * "contact support". It keeps its reserved money and its REFUND_ERROR status, and is marked for a person
 * to settle it offline or by transfer (seed 000's refund_manual_intervention).
 */
async function handOverRefund(deps: ChargeDeps, refundId: string): Promise<void> {
  await deps.store.write(async (trx) => {
    const now = deps.clock.now();
    const message =
      'The channel has not confirmed this refund for 24 hours; settle it offline or by transfer.';
    await trx
      .updateTable('refunds')
      .set({ failure_code: 'refund_manual_intervention', failure_message: message, updated_at: now })
      .where('id', '=', refundId)
      .execute();
    const refund = await trx
      .selectFrom('refunds')
      .selectAll()
      .where('id', '=', refundId)
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      merchantId: refund.merchant_id,
      appId: refund.app_id,
      type: 'refund.manual_intervention',
      objectId: refund.id,
      object: toRefundView(refund),
      now,
    });
  });
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
