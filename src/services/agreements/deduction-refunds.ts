import type { Kysely, Selectable } from 'kysely';
import type { AgreementResult, AgreementType, DeductionRefundState } from '../../channels/agreement-port.js';
import { ChannelIoError } from '../../channels/port.js';
import { newId } from '../../domain/ids.js';
import { postingsForRefund } from '../../domain/ledger-rules.js';
import { isCurrency } from '../../domain/money.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { enqueueJob, jobPayload } from '../../jobs/queue.js';
import { backoffMs, type JobHandler } from '../../jobs/runner.js';
import { postJournal, reverseJournal } from '../../ledger/ledger.js';
import {
  type AgreementDeductionRefundsTable,
  type Database,
  dialectOf,
  lockForUpdate,
} from '../../store/index.js';
import type { Caller } from '../caller.js';
import { recordEvent } from '../events.js';
import { notFound } from '../not-found.js';
import { parseMinorUnits } from './amounts.js';
import { agreementChannelNamed } from './channel.js';
import { agreementOf, type DeductionRow, deductionRow, deductionView } from './deductions.js';
import type { AgreementDeps } from './deps.js';
import { refundLedgerShare } from './ledger-value.js';
import { channelRefusal } from './refusals.js';

/**
 * Refunds of deductions. Like refunds of charges, a refund is reserved first (its row `pending`, its
 * ledger share taken back, a resolution job queued) in one transaction under the deduction's lock, then
 * asked of the channel. Its answer, a webhook or the job's query settles it exactly once: succeeded gives
 * the quota back (the deduction's `refunded`), failed reverses the reservation. A refund still PROCESSING
 * at the channel stays pending until one of them sees it final.
 */

export type DeductionRefundRow = Selectable<AgreementDeductionRefundsTable>;

export const DEDUCTION_REFUND_RESOLVE_JOB = 'deduction_refund.resolve';
/** The first query of a pending refund, then backing off up to MAX_GAP. */
const FIRST_CHECK_MS = 5_000;
const MAX_CHECK_GAP_MS = 10 * 60_000;

export function deductionRefundView(row: DeductionRefundRow, deduction: DeductionRow) {
  return {
    id: row.id,
    object: 'deduction_refund' as const,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    reason: row.reason,
    ledger_amount: row.ledger_amount,
    ledger_currency: row.ledger_currency,
    channel_refund_no: row.provider_refund_no,
    failure_code: row.failure_code,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deduction: deductionView(deduction),
  };
}

export type DeductionRefundView = ReturnType<typeof deductionRefundView>;

async function lockDeduction(trx: Kysely<Database>, id: string) {
  return trx
    .selectFrom('agreement_deductions')
    .selectAll()
    .where('id', '=', id)
    .$call((qb) => lockForUpdate(qb, dialectOf(trx)))
    .executeTakeFirstOrThrow();
}

export async function refundDeduction(
  deps: AgreementDeps,
  caller: Caller,
  agreementId: string,
  id: string,
  input: { amount: string; reason?: string | undefined },
): Promise<DeductionRefundView> {
  const amount = parseMinorUnits(input.amount, 'amount');
  await deductionRow(deps, caller, agreementId, id);
  // 1. Reserve under the deduction's lock: concurrent refunds never pass what is left of it.
  const reserved = await deps.store.db.transaction().execute(async (trx) => {
    const row = await lockDeduction(trx, id);
    if (row.status !== 'succeeded')
      throw new PolypayError('refund_not_allowed', {
        param: 'deduction_id',
        message: `The deduction is ${row.status}.`,
        messageZh: `扣款状态为 ${row.status}`,
      });
    const open = await trx
      .selectFrom('agreement_deduction_refunds')
      .select(['amount', 'ledger_amount', 'status'])
      .where('deduction_id', '=', id)
      .where('status', 'in', ['pending', 'succeeded'])
      .execute();
    const taken = open.reduce(
      (sum, r) => ({ amount: sum.amount + BigInt(r.amount), ledger: sum.ledger + (r.ledger_amount ?? 0) }),
      { amount: 0n, ledger: 0 },
    );
    const left = BigInt(row.amount) - taken.amount;
    if (amount > left)
      throw new PolypayError('refund_amount_exceeded', {
        param: 'amount',
        message: `At most ${left} (refunds pending or done: ${taken.amount}).`,
        messageZh: `最多还可退 ${left}（处理中或已完成的退款：${taken.amount}）`,
      });
    const now = deps.clock.now();
    const share =
      row.ledger_amount === null
        ? undefined
        : refundLedgerShare(row.ledger_amount, BigInt(row.amount), amount, taken);
    const refund: DeductionRefundRow = {
      id: newId('dre'),
      deduction_id: id,
      agreement_id: row.agreement_id,
      merchant_id: row.merchant_id,
      app_id: row.app_id,
      mode: row.mode,
      amount: amount.toString(),
      currency: row.currency,
      status: 'pending',
      ledger_amount: share === undefined || share <= 0 ? null : share,
      ledger_currency: share === undefined || share <= 0 ? null : row.ledger_currency,
      reason: input.reason ?? null,
      provider_refund_no: null,
      failure_code: null,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('agreement_deduction_refunds').values(refund).execute();
    if (refund.ledger_amount !== null && isCurrency(refund.ledger_currency))
      await postJournal(trx, {
        merchantId: row.merchant_id,
        mode: row.mode,
        postings: postingsForRefund(refund.ledger_amount, refund.ledger_amount, 0, refund.ledger_currency),
        refType: 'deduction_refund',
        refId: refund.id,
        now,
      });
    // The safety net: settles the refund if this process dies mid-call or the answer is PROCESSING.
    await enqueueJob(trx, {
      merchantId: row.merchant_id,
      kind: DEDUCTION_REFUND_RESOLVE_JOB,
      payload: { refundId: refund.id },
      runAt: now + FIRST_CHECK_MS,
      now,
    });
    return refund;
  });
  // 2. The channel, outside any transaction.
  const row = await deductionRow(deps, caller, agreementId, id);
  const agreement = await agreementOf(deps, row);
  const channel = await agreementChannelNamed(deps.channels, agreement.channel);
  let answer: AgreementResult<DeductionRefundState>;
  try {
    answer = await channel.refund({
      agreementType: agreement.agreement_type as AgreementType,
      userId: agreement.buyer_id ?? '',
      outTradeNo: row.id,
      outRefundNo: reserved.id,
      amount: {
        total: amount.toString(),
        currency: row.currency,
        currencyType: agreement.currency_type as 'FIAT',
      },
      ...(input.reason === undefined ? {} : { reason: input.reason }),
    });
  } catch (error) {
    if (!(error instanceof ChannelIoError)) throw error;
    // Unknown: pending, for the job's query (Bybit answers a resend of out_refund_no with the first result).
    return applyRefundAnswer(deps, reserved.id, undefined);
  }
  if (!answer.ok) {
    // A refusal took nothing: the reservation is given back and the refusal answered.
    await applyRefundAnswer(deps, reserved.id, { status: 'FAILED', failureCode: answer.error.code });
    throw channelRefusal(answer.error);
  }
  return applyRefundAnswer(deps, reserved.id, {
    status: answer.value.status,
    ...(answer.value.refundNo === '' ? {} : { refundNo: answer.value.refundNo }),
  });
}

interface RefundAnswer {
  readonly status: DeductionRefundState['status'];
  readonly refundNo?: string;
  readonly failureCode?: string;
}

/**
 * Applies what the channel says of a refund, exactly once: a refund already final stays as it is, so a
 * webhook and the job arriving together book nothing twice.
 */
export async function applyRefundAnswer(
  deps: Pick<AgreementDeps, 'store' | 'clock'>,
  refundId: string,
  answer: RefundAnswer | undefined,
): Promise<DeductionRefundView> {
  return deps.store.db.transaction().execute(async (trx) => {
    const first = await trx
      .selectFrom('agreement_deduction_refunds')
      .select('deduction_id')
      .where('id', '=', refundId)
      .executeTakeFirstOrThrow();
    const deduction = await lockDeduction(trx, first.deduction_id);
    const refund = await trx
      .selectFrom('agreement_deduction_refunds')
      .selectAll()
      .where('id', '=', refundId)
      .executeTakeFirstOrThrow();
    const now = deps.clock.now();
    const owner = { merchantId: refund.merchant_id, appId: refund.app_id };
    if (refund.status !== 'pending' || answer === undefined) return deductionRefundView(refund, deduction);
    const channelNo = answer.refundNo === undefined ? {} : { provider_refund_no: answer.refundNo };
    if (answer.status === 'PROCESSING') {
      if (answer.refundNo !== undefined && refund.provider_refund_no === null) {
        await trx
          .updateTable('agreement_deduction_refunds')
          .set({ ...channelNo, updated_at: now })
          .where('id', '=', refundId)
          .execute();
        const pending = { ...refund, ...channelNo, updated_at: now };
        const view = deductionRefundView(pending, deduction);
        await recordEvent(trx, {
          ...owner,
          type: 'deduction_refund.pending',
          objectId: refundId,
          object: view,
          now,
        });
        return view;
      }
      return deductionRefundView(refund, deduction);
    }
    if (answer.status === 'SUCCESS') {
      const refunded = (BigInt(deduction.refunded) + BigInt(refund.amount)).toString();
      const nextDeduction = { ...deduction, refunded, updated_at: now };
      await trx
        .updateTable('agreement_deductions')
        .set({ refunded, updated_at: now })
        .where('id', '=', deduction.id)
        .execute();
      const done = { ...refund, ...channelNo, status: 'succeeded', updated_at: now };
      await trx
        .updateTable('agreement_deduction_refunds')
        .set({ ...channelNo, status: 'succeeded', updated_at: now })
        .where('id', '=', refundId)
        .execute();
      const view = deductionRefundView(done, nextDeduction);
      await recordEvent(trx, {
        ...owner,
        type: 'deduction.refunded',
        objectId: deduction.id,
        object: view.deduction,
        now,
      });
      await recordEvent(trx, {
        ...owner,
        type: 'deduction_refund.succeeded',
        objectId: refundId,
        object: view,
        now,
      });
      return view;
    }
    await reverseJournal(trx, {
      merchantId: refund.merchant_id,
      refType: 'deduction_refund',
      refId: refundId,
      reversalRefType: 'deduction_refund_reversal',
      now,
    });
    const failureCode = answer.failureCode ?? 'refund_failed';
    const failed = { ...refund, ...channelNo, status: 'failed', failure_code: failureCode, updated_at: now };
    await trx
      .updateTable('agreement_deduction_refunds')
      .set({ ...channelNo, status: 'failed', failure_code: failureCode, updated_at: now })
      .where('id', '=', refundId)
      .execute();
    const view = deductionRefundView(failed, deduction);
    await recordEvent(trx, {
      ...owner,
      type: 'deduction_refund.failed',
      objectId: refundId,
      object: view,
      now,
    });
    return view;
  });
}

/** Asks the channel about a pending refund and applies the answer; undefined answer when still unknown. */
export async function resolveRefund(
  deps: AgreementDeps,
  refund: DeductionRefundRow,
): Promise<DeductionRefundView> {
  const deduction = await deps.store.db
    .selectFrom('agreement_deductions')
    .selectAll()
    .where('id', '=', refund.deduction_id)
    .executeTakeFirstOrThrow();
  if (refund.status !== 'pending') return deductionRefundView(refund, deduction);
  const agreement = await agreementOf(deps, deduction);
  const channel = await agreementChannelNamed(deps.channels, agreement.channel);
  let state: AgreementResult<DeductionRefundState>;
  try {
    state = await channel.queryRefund({
      agreementType: agreement.agreement_type as AgreementType,
      userId: agreement.buyer_id ?? '',
      outTradeNo: deduction.id,
      outRefundNo: refund.id,
    });
  } catch (error) {
    if (!(error instanceof ChannelIoError)) throw error;
    return deductionRefundView(refund, deduction);
  }
  if (!state.ok) {
    // Bybit's "refund not found": the request never arrived, so nothing left.
    if (state.error.channelError.code === '139003004' || state.error.code === 'refund_not_found')
      return applyRefundAnswer(deps, refund.id, { status: 'FAILED', failureCode: 'refund_not_found' });
    return deductionRefundView(refund, deduction);
  }
  return applyRefundAnswer(deps, refund.id, {
    status: state.value.status,
    ...(state.value.refundNo === '' ? {} : { refundNo: state.value.refundNo }),
  });
}

async function refundRow(db: Kysely<Database>, id: string) {
  return db.selectFrom('agreement_deduction_refunds').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A refund of a deduction, read from the channel while pending. */
export async function retrieveDeductionRefund(
  deps: AgreementDeps,
  caller: Caller,
  agreementId: string,
  deductionId: string,
  refundId: string,
) {
  const row = await refundRow(deps.store.db, refundId);
  if (
    !row ||
    row.app_id !== caller.appId ||
    row.deduction_id !== deductionId ||
    row.agreement_id !== agreementId
  )
    throw notFound('deduction_refund', refundId, { code: 'refund_not_found', param: 'refund_id' });
  return resolveRefund(deps, row);
}

export async function listDeductionRefunds(
  deps: AgreementDeps,
  caller: Caller,
  agreementId: string,
  deductionId: string,
) {
  const deduction = await deductionRow(deps, caller, agreementId, deductionId);
  const rows = await deps.store.db
    .selectFrom('agreement_deduction_refunds')
    .selectAll()
    .where('deduction_id', '=', deductionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { items: rows.map((r) => deductionRefundView(r, deduction)), has_more: false, next_cursor: null };
}

/** A webhook naming one of our refunds (`dre_…`): a hint, the channel's answer moves it. */
export async function refreshRefundFromNotification(
  deps: AgreementDeps,
  appId: string,
  refundId: string,
): Promise<boolean> {
  const row = await refundRow(deps.store.db, refundId);
  if (!row || row.app_id !== appId) return false;
  await resolveRefund(deps, row);
  return true;
}

/** Resolves pending deduction refunds by query until final (a lost webhook is recovered here). */
export function deductionRefundJobHandlers(deps: AgreementDeps): Record<string, JobHandler> {
  return {
    [DEDUCTION_REFUND_RESOLVE_JOB]: async (job) => {
      const { refundId } = jobPayload<{ refundId: string }>(job);
      const row = await refundRow(deps.store.db, refundId);
      if (!row) return { kind: 'failed', error: `no deduction refund ${refundId}` };
      const view = await resolveRefund(deps, row);
      if (view.status !== 'pending') return { kind: 'done' };
      const gap = Math.min(MAX_CHECK_GAP_MS, Math.max(FIRST_CHECK_MS, backoffMs(job.attempts + 1)));
      return { kind: 'retry', at: deps.clock.now() + gap };
    },
  };
}
