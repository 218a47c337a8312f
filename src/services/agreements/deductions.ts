import type { Kysely, Selectable } from 'kysely';
import type { AgreementType, DeductionState } from '../../channels/agreement-port.js';
import { ChannelIoError } from '../../channels/port.js';
import { exceededPeriod } from '../../domain/agreement-quota.js';
import { newId } from '../../domain/ids.js';
import { postingsForPaid } from '../../domain/ledger-rules.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { postJournal } from '../../ledger/ledger.js';
import {
  type AgreementDeductionsTable,
  type Database,
  dialectOf,
  lockForUpdate,
  pastPosition,
} from '../../store/index.js';
import type { Caller } from '../caller.js';
import { recordEvent } from '../events.js';
import { notFound } from '../not-found.js';
import { decodeCursor, toPage } from '../pagination.js';
import { currencyTypeOf, parseMinorUnits } from './amounts.js';
import { agreementChannelNamed } from './channel.js';
import type { AgreementDeps, AgreementRow } from './deps.js';
import { ledgerValueOf } from './ledger-value.js';
import { refreshAgreement } from './refresh-agreement.js';
import { channelRefusal, statusError } from './refusals.js';
import { countedDeductions } from './views.js';

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
    ledger_amount: row.ledger_amount,
    ledger_currency: row.ledger_currency,
    channel_trade_no: row.provider_trade_no,
    crypto_payment:
      row.crypto_payment === null ? null : (JSON.parse(row.crypto_payment) as Record<string, string>),
    failure_code: row.failure_code,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export type DeductionView = ReturnType<typeof deductionView>;

/** An amount whose value the ledger cannot hold as an integer of fiat minor units is refused. */
export function checkBookable(amount: bigint, currency: string, currencyType: string, param: string) {
  if (ledgerValueOf(amount, currency, currencyType) === undefined)
    throw new PolypayError('invalid_amount', {
      param,
      message: `${param} is above the largest ${currency} amount polypay books (worth ${Number.MAX_SAFE_INTEGER} minor units).`,
      messageZh: `${param} 超过 polypay 可记账的 ${currency} 最大金额（${Number.MAX_SAFE_INTEGER} 个最小单位）`,
    });
}

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
      messageZh: `不存在从 ${row.currency} 兑换的报价 ${quoteId}`,
    });
  if (now >= quote.expires_at)
    throw new PolypayError('exchange_rate_expired', {
      param: 'fx_quote_id',
      message: `Quote ${quoteId} expired at ${new Date(quote.expires_at).toISOString()}: get a new one.`,
      messageZh: `报价 ${quoteId} 已于 ${new Date(quote.expires_at).toISOString()} 过期，请重新获取`,
    });
}

export async function createDeduction(
  deps: AgreementDeps,
  caller: Caller,
  agreementId: string,
  input: CreateDeductionInput,
): Promise<DeductionView> {
  const amount = parseMinorUnits(input.amount, 'amount');
  const current = await refreshAgreement(deps, caller, agreementId);
  checkBookable(amount, current.currency, current.currency_type, 'amount');
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
        messageZh: `金额 ${amount} 超过单笔限额 ${row.single_limit}`,
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
        messageZh: `金额 ${amount} 将超过 ${over.limit.periodType} 限额 ${over.limit.amount}（已用 ${over.used}）`,
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
      ledger_amount: null,
      ledger_currency: null,
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
    const value =
      next.status === 'succeeded'
        ? ledgerValueOf(BigInt(row.amount), row.currency, currencyTypeOf(row.currency) ?? 'FIAT')
        : undefined;
    if (value !== undefined && value.amount > 0) {
      next.ledger_amount = value.amount;
      next.ledger_currency = value.currency;
      await trx
        .updateTable('agreement_deductions')
        .set({ ledger_amount: value.amount, ledger_currency: value.currency })
        .where('id', '=', id)
        .execute();
      await postJournal(trx, {
        merchantId: row.merchant_id,
        mode: row.mode,
        postings: postingsForPaid(value.amount, 0, value.currency),
        refType: 'deduction',
        refId: row.id,
        now,
      });
    }
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

export async function deductionRow(deps: AgreementDeps, caller: Caller, agreementId: string, id: string) {
  const row = await deps.store.db
    .selectFrom('agreement_deductions')
    .selectAll()
    .where('id', '=', id)
    .where('agreement_id', '=', agreementId)
    .where('app_id', '=', caller.appId)
    .executeTakeFirst();
  if (!row) throw notFound('deduction', id, { code: 'trade_not_found', param: 'deduction_id' });
  return row;
}

export async function agreementOf(deps: AgreementDeps, row: DeductionRow) {
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

/** An agreement's deductions, oldest first (its history in the order it happened), cursor-paged. */
export async function listDeductions(
  deps: AgreementDeps,
  caller: Caller,
  agreementId: string,
  page: { limit: number; startingAfter?: string | undefined },
) {
  const after = page.startingAfter === undefined ? undefined : decodeCursor(page.startingAfter);
  await refreshAgreement(deps, caller, agreementId);
  const rows = await deps.store.db
    .selectFrom('agreement_deductions')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .where('app_id', '=', caller.appId)
    .$call((qb) => (after === undefined ? qb : qb.where((eb) => pastPosition(eb, after, '>'))))
    .orderBy('created_at')
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, deductionView);
}
