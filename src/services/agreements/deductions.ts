import type { Kysely, Selectable } from 'kysely';
import type { AgreementType, DeductionState } from '../../channels/agreement-port.js';
import { ChannelIoError } from '../../channels/port.js';
import { exceededPeriod } from '../../domain/agreement-quota.js';
import { newId } from '../../domain/ids.js';
import { postingsForPaid, postingsForRefund } from '../../domain/ledger-rules.js';
import { isCurrency } from '../../domain/money.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { postJournal } from '../../ledger/ledger.js';
import { type AgreementDeductionsTable, type Database, dialectOf, lockForUpdate } from '../../store/index.js';
import type { Caller } from '../caller.js';
import { recordEvent } from '../events.js';
import {
  type AgreementDeps,
  type AgreementRow,
  channelRefusal,
  countedDeductions,
  parseMinorUnits,
  refreshAgreement,
  statusError,
} from './agreements.js';
import { agreementChannelNamed } from './channel.js';

/**
 * Deductions on an agreement. polypay keeps the quotas itself: the agreement row is locked, the single
 * and period limits checked against what is already counted, and the deduction inserted as `processing`
 * (so it counts) in one transaction, before any call to the channel. Concurrent deductions therefore
 * never pass a period limit. The channel's answer settles it in a second transaction with its ledger
 * postings and event; an answer lost in transit is resolved by a query on the same merchant number,
 * never by a second deduction.
 */

export type DeductionRow = Selectable<AgreementDeductionsTable>;

export interface CreateDeductionInput {
  readonly amount: string;
  readonly title: string;
  readonly description?: string | undefined;
  /** A quote from POST /v1/fx/quotes whose rate the merchant showed the buyer; expired: refused. */
  readonly fx_quote_id?: string | undefined;
}

export function deductionView(row: DeductionRow) {
  return {
    id: row.id,
    object: 'deduction' as const,
    agreement: row.agreement_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    refunded: row.refunded,
    channel_trade_no: row.provider_trade_no,
    crypto_payment:
      row.crypto_payment === null ? null : (JSON.parse(row.crypto_payment) as Record<string, string>),
    failure_code: row.failure_code,
    created: row.created_at,
    updated: row.updated_at,
  };
}

export type DeductionView = ReturnType<typeof deductionView>;

async function checkQuote(
  db: Kysely<Database>,
  caller: Caller,
  row: AgreementRow,
  quoteId: string,
  now: number,
) {
  const quote = await db
    .selectFrom('fx_quotes')
    .selectAll()
    .where('id', '=', quoteId)
    .where('app_id', '=', caller.appId)
    .executeTakeFirst();
  if (!quote || quote.from_currency !== row.currency)
    throw new PolypayError('invalid_params', {
      param: 'fx_quote_id',
      message: `No quote ${quoteId} from ${row.currency}.`,
    });
  if (now >= quote.expires_at)
    throw new PolypayError('exchange_rate_expired', {
      param: 'fx_quote_id',
      message: `Quote ${quoteId} expired at ${new Date(quote.expires_at).toISOString()}: get a new one.`,
    });
}

export async function createDeduction(
  deps: AgreementDeps,
  caller: Caller,
  agreementId: string,
  input: CreateDeductionInput,
): Promise<DeductionView> {
  const amount = parseMinorUnits(input.amount, 'amount');
  await refreshAgreement(deps, caller, agreementId);
  // 1. Reserve: checks and the processing row in one transaction, under the agreement's lock.
  const reserved = await deps.store.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('agreements')
      .selectAll()
      .where('id', '=', agreementId)
      .where('app_id', '=', caller.appId)
      .$call((qb) => lockForUpdate(qb, dialectOf(trx)))
      .executeTakeFirstOrThrow();
    const now = deps.clock.now();
    if (row.status !== 'SIGNED') throw statusError(row);
    if (input.fx_quote_id !== undefined) await checkQuote(trx, caller, row, input.fx_quote_id, now);
    if (row.single_limit !== null && amount > BigInt(row.single_limit))
      throw new PolypayError('agreement_single_limit_exceeded', {
        param: 'amount',
        message: `amount ${amount} is above the single limit ${row.single_limit}.`,
      });
    const limits = (JSON.parse(row.period_limits) as Array<{ period_type: 'DAY'; amount: string }>).map(
      (p) => ({
        periodType: p.period_type,
        amount: BigInt(p.amount),
      }),
    );
    const over = exceededPeriod(limits, await countedDeductions(trx, row.id), amount, now, row.time_zone);
    if (over)
      throw new PolypayError('agreement_quota_exceeded', {
        param: 'amount',
        message: `amount ${amount} would pass the ${over.limit.periodType} limit ${over.limit.amount} (used ${over.used}).`,
      });
    const deduction: DeductionRow = {
      id: newId('ded'),
      agreement_id: row.id,
      merchant_id: caller.merchantId,
      app_id: caller.appId,
      mode: caller.mode,
      amount: amount.toString(),
      currency: row.currency,
      status: 'processing',
      refunded: '0',
      provider_trade_no: null,
      crypto_payment: null,
      failure_code: null,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('agreement_deductions').values(deduction).execute();
    return { row, deduction };
  });
  // 2. The channel, outside any transaction.
  const channel = await agreementChannelNamed(deps.channels, reserved.row.channel);
  const request = {
    agreementNo: reserved.row.provider_agreement_no ?? '',
    agreementType: reserved.row.agreement_type as AgreementType,
    userId: reserved.row.buyer_id ?? '',
    outTradeNo: reserved.deduction.id,
    sceneCode: reserved.row.scene_code,
    amount: {
      total: amount.toString(),
      currency: reserved.row.currency,
      currencyType: reserved.row.currency_type as 'FIAT',
    },
    title: input.title,
    ...(input.description === undefined ? {} : { description: input.description }),
  };
  let answer: Awaited<ReturnType<typeof channel.deduct>>;
  try {
    answer = await channel.deduct(request);
  } catch (error) {
    if (!(error instanceof ChannelIoError)) throw error;
    try {
      answer = await channel.queryDeduction(request);
    } catch (again) {
      if (!(again instanceof ChannelIoError)) throw again;
      // Still unknown: the deduction stays processing (and counted) until a read resolves it.
      return deductionView(reserved.deduction);
    }
    if (!answer.ok && answer.error.channelError.code === '139002001') {
      // The channel never saw it: nothing was taken.
      answer = {
        ok: true,
        value: { tradeNo: '', outTradeNo: request.outTradeNo, status: 'FAILED', amount: request.amount },
      };
    }
  }
  if (!answer.ok) {
    await settle(deps, caller, reserved.deduction.id, { status: 'failed', failure_code: answer.error.code });
    throw channelRefusal(answer.error);
  }
  return settle(deps, caller, reserved.deduction.id, fromState(answer.value));
}

function fromState(state: DeductionState): Partial<DeductionRow> {
  return {
    status:
      state.status === 'SUCCESS' ? 'succeeded' : state.status === 'PROCESSING' ? 'processing' : 'failed',
    ...(state.tradeNo === '' ? {} : { provider_trade_no: state.tradeNo }),
    ...(state.cryptoPayment === undefined
      ? {}
      : {
          crypto_payment: JSON.stringify({
            currency: state.cryptoPayment.currency,
            amount: state.cryptoPayment.amount,
            chain: state.cryptoPayment.chain,
            exchange_rate: state.cryptoPayment.exchangeRate,
            rate_time: state.cryptoPayment.rateTime,
          }),
        }),
    ...(state.failure === undefined ? {} : { failure_code: state.failure.code }),
  };
}

/** The ledger records fiat deductions (its amounts are numbers of a ledger currency). */
function ledgerAmount(row: DeductionRow, amount: string): number | undefined {
  const n = Number(amount);
  return isCurrency(row.currency) && Number.isSafeInteger(n) ? n : undefined;
}

/** Applies the channel's answer: status, ledger postings and event in one transaction; final states stay. */
async function settle(
  deps: AgreementDeps,
  caller: Caller,
  id: string,
  update: Partial<DeductionRow>,
): Promise<DeductionView> {
  return deps.store.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('agreement_deductions')
      .selectAll()
      .where('id', '=', id)
      .$call((qb) => lockForUpdate(qb, dialectOf(trx)))
      .executeTakeFirstOrThrow();
    const now = deps.clock.now();
    if (row.status !== 'processing' || update.status === undefined || update.status === 'processing') {
      if (row.status === 'processing' && update.provider_trade_no !== undefined) {
        await trx
          .updateTable('agreement_deductions')
          .set({ ...update, updated_at: now })
          .where('id', '=', id)
          .execute();
        return deductionView({ ...row, ...update, updated_at: now });
      }
      return deductionView(row);
    }
    const next = { ...row, ...update, updated_at: now };
    await trx
      .updateTable('agreement_deductions')
      .set({ ...update, updated_at: now })
      .where('id', '=', id)
      .execute();
    const amount = ledgerAmount(row, row.amount);
    if (next.status === 'succeeded' && amount !== undefined && isCurrency(row.currency))
      await postJournal(trx, {
        merchantId: row.merchant_id,
        mode: row.mode,
        postings: postingsForPaid(amount, 0, row.currency),
        refType: 'deduction',
        refId: row.id,
        now,
      });
    const view = deductionView(next);
    await recordEvent(trx, {
      merchantId: caller.merchantId,
      appId: caller.appId,
      type: next.status === 'succeeded' ? 'deduction.succeeded' : 'deduction.failed',
      objectId: row.id,
      object: view,
      now,
    });
    return view;
  });
}

async function deductionRow(deps: AgreementDeps, caller: Caller, agreementId: string, id: string) {
  const row = await deps.store.db
    .selectFrom('agreement_deductions')
    .selectAll()
    .where('id', '=', id)
    .where('agreement_id', '=', agreementId)
    .where('app_id', '=', caller.appId)
    .executeTakeFirst();
  if (!row)
    throw new PolypayError('trade_not_found', { param: 'deduction_id', message: `No deduction ${id}.` });
  return row;
}

async function agreementOf(deps: AgreementDeps, row: DeductionRow) {
  return deps.store.db
    .selectFrom('agreements')
    .selectAll()
    .where('id', '=', row.agreement_id)
    .executeTakeFirstOrThrow();
}

/** A deduction, read from the channel while processing (PROCESSING settles later, or an answer was lost). */
export async function retrieveDeduction(
  deps: AgreementDeps,
  caller: Caller,
  agreementId: string,
  id: string,
) {
  const row = await deductionRow(deps, caller, agreementId, id);
  if (row.status !== 'processing') return deductionView(row);
  const agreement = await agreementOf(deps, row);
  const channel = await agreementChannelNamed(deps.channels, agreement.channel);
  const state = await channel.queryDeduction({
    agreementType: agreement.agreement_type as AgreementType,
    userId: agreement.buyer_id ?? '',
    outTradeNo: row.id,
  });
  if (!state.ok) {
    if (state.error.channelError.code === '139002001')
      return settle(deps, caller, id, { status: 'failed', failure_code: 'trade_not_found' });
    return deductionView(row);
  }
  return settle(deps, caller, id, fromState(state.value));
}

export async function listDeductions(deps: AgreementDeps, caller: Caller, agreementId: string) {
  await refreshAgreement(deps, caller, agreementId);
  const rows = await deps.store.db
    .selectFrom('agreement_deductions')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .where('app_id', '=', caller.appId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { items: rows.map(deductionView), has_more: false, next_cursor: null };
}

/**
 * Refunds part or all of a succeeded deduction. A refund the channel completes gives the quota back and
 * books the ledger in one transaction; one still PROCESSING is reported as pending and books nothing yet.
 */
export async function refundDeduction(
  deps: AgreementDeps,
  caller: Caller,
  agreementId: string,
  id: string,
  input: { amount: string; reason?: string | undefined },
) {
  const amount = parseMinorUnits(input.amount, 'amount');
  const row = await deductionRow(deps, caller, agreementId, id);
  if (row.status !== 'succeeded')
    throw new PolypayError('refund_not_allowed', {
      param: 'deduction_id',
      message: `The deduction is ${row.status}.`,
    });
  if (amount > BigInt(row.amount) - BigInt(row.refunded))
    throw new PolypayError('refund_amount_exceeded', {
      param: 'amount',
      message: `At most ${BigInt(row.amount) - BigInt(row.refunded)}.`,
    });
  const agreement = await agreementOf(deps, row);
  const channel = await agreementChannelNamed(deps.channels, agreement.channel);
  const refundNo = newId('re');
  const answer = await channel.refund({
    agreementType: agreement.agreement_type as AgreementType,
    userId: agreement.buyer_id ?? '',
    outTradeNo: row.id,
    outRefundNo: refundNo,
    amount: {
      total: amount.toString(),
      currency: row.currency,
      currencyType: agreement.currency_type as 'FIAT',
    },
    ...(input.reason === undefined ? {} : { reason: input.reason }),
  });
  if (!answer.ok) throw channelRefusal(answer.error);
  if (answer.value.status !== 'SUCCESS')
    return {
      id: refundNo,
      object: 'deduction_refund' as const,
      status: answer.value.status === 'FAILED' ? 'failed' : 'pending',
      amount: amount.toString(),
      deduction: deductionView(row),
    };
  const deduction = await deps.store.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('agreement_deductions')
      .selectAll()
      .where('id', '=', id)
      .$call((qb) => lockForUpdate(qb, dialectOf(trx)))
      .executeTakeFirstOrThrow();
    const now = deps.clock.now();
    const refunded = (BigInt(locked.refunded) + amount).toString();
    await trx
      .updateTable('agreement_deductions')
      .set({ refunded, updated_at: now })
      .where('id', '=', id)
      .execute();
    const value = ledgerAmount(locked, amount.toString());
    if (value !== undefined && isCurrency(locked.currency))
      await postJournal(trx, {
        merchantId: locked.merchant_id,
        mode: locked.mode,
        postings: postingsForRefund(value, value, 0, locked.currency),
        refType: 'deduction_refund',
        refId: refundNo,
        now,
      });
    const view = deductionView({ ...locked, refunded, updated_at: now });
    await recordEvent(trx, {
      merchantId: caller.merchantId,
      appId: caller.appId,
      type: 'deduction.refunded',
      objectId: id,
      object: view,
      now,
    });
    return view;
  });
  return {
    id: refundNo,
    object: 'deduction_refund' as const,
    status: 'succeeded',
    amount: amount.toString(),
    deduction,
  };
}
