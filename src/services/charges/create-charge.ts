import { createHash } from 'node:crypto';
import type { ChannelCharge, ChannelLimits, SubPayway } from '../../channels/port.js';
import { ChannelIoError } from '../../channels/port.js';
import { localDate } from '../../domain/calendar.js';
import { newSortableId } from '../../domain/ids.js';
import {
  checkBuyerLimits,
  checkSellerDailyLimit,
  checkStoreDailyLimit,
  checkTerminal,
} from '../../domain/limits.js';
import { type Currency, checkChargeAmount } from '../../domain/money.js';
import { nextPollDelay } from '../../domain/polling.js';
import type { Result } from '../../domain/refusal.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { newJobRow } from '../../jobs/queue.js';
import {
  type AppMode,
  type Charge,
  type ChargeFlow,
  ClaimRefused,
  DailyCeilingPassed,
  type DailyCount,
  type DailyKey,
  type DailyScope,
  getChargeByOutTradeNo,
  insertNewCharge,
  isUniqueViolation,
  merchantScopeId,
  type NewChargeWrite,
  type PingppChargesTable,
} from '../../store/index.js';
import type { Caller } from '../caller.js';
import { finalFailure } from '../final-failure.js';
import { notFound } from '../not-found.js';
import { type RequestWrites, withRequestWrites } from '../request-writes.js';
import { storesOfMode } from '../terminals.js';
import { CHARGE_RESOLVE_JOB, type ChargeDeps } from './deps.js';
import { newFlow } from './flows.js';
import { type AppliedPayment, applyPaymentResult, type ChannelResult } from './pay-outcome.js';
import { maskAuthCode } from './views.js';

export interface CreateChargeInput {
  readonly out_trade_no: string;
  readonly amount: number;
  readonly currency: Currency;
  readonly subject: string;
  readonly description?: string;
  readonly payway: string;
  readonly sub_payway: SubPayway;
  readonly auth_code?: string;
  readonly notify_url?: string;
  readonly terminal_sn?: string;
  readonly store_id?: string;
  readonly metadata?: Record<string, string>;
  /**
   * Epoch ms when a QR/wap charge stops being payable and is closed (default: the channel's deadline,
   * settings.deadlineMs). Not part of the request's identity: a retry computes it anew.
   */
  readonly expires_at?: number;
}

/** The longest a QR/wap charge may stay open (Ping++'s `time_expire` allows 15 days too). */
export const MAX_CHARGE_VALIDITY_MS = 15 * 86_400_000;

export interface ChargeResult {
  readonly charge: Charge;
  /** Set when the charge definitely failed: the API answers this error (402) after recording the charge. */
  readonly failure?: PolypayError;
  /** The charge's flows when the request already read them (the view needs no second read). */
  readonly flows?: readonly ChargeFlow[];
}

function refusalToError(result: Result<unknown>): void {
  if (!result.ok)
    throw new PolypayError(result.code, {
      message: result.message,
      messageZh: result.messageZh,
      ...(result.param ? { param: result.param } : {}),
    });
}

/** The business content of a charge request: the same out_trade_no with other content is a new order. */
function requestHash(input: CreateChargeInput): string {
  const { out_trade_no: _ignored, expires_at: _computed, ...content } = input;
  const canonical = JSON.stringify(content, Object.keys(content).sort());
  // Key order carries no meaning: { a, b } and { b, a } are the same metadata. (The replacer above keeps
  // only top-level names in nested objects too, so metadata is hashed on its own, keys sorted.)
  const metadata = input.metadata ?? {};
  return createHash('sha256')
    .update(canonical)
    .update(JSON.stringify(metadata, Object.keys(metadata).sort()))
    .digest('hex');
}

export function toChannelCharge(charge: Charge, authCode?: string): ChannelCharge {
  return {
    chargeId: charge.id,
    merchantId: charge.merchant_id,
    outTradeNo: charge.out_trade_no,
    amount: charge.amount,
    currency: charge.currency,
    payway: charge.payway,
    subPayway: (charge.sub_payway ?? 'barcode') as SubPayway,
    subject: charge.subject,
    // Later operations have only the masked barcode (we never keep a buyer's full code).
    ...(authCode !== undefined
      ? { authCode }
      : charge.auth_code_masked
        ? { authCode: charge.auth_code_masked }
        : {}),
    ...(charge.metadata ? { metadata: JSON.parse(charge.metadata) as Record<string, string> } : {}),
    createdAt: charge.created_at,
    ...(charge.expires_at !== null ? { expiresAt: charge.expires_at } : {}),
  };
}

function checkExpiry(expiresAt: number, subPayway: SubPayway, now: number): void {
  if (subPayway === 'barcode') {
    throw new PolypayError('invalid_params', {
      param: 'expires_at',
      message: 'An expiry is for qrcode and wap charges: a barcode charge is decided at once.',
      messageZh: '仅 qrcode 和 wap 订单可设有效期：barcode 订单会立即得出结果',
    });
  }
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= now || expiresAt > now + MAX_CHARGE_VALIDITY_MS) {
    throw new PolypayError('invalid_params', {
      param: 'expires_at',
      message: 'The expiry must be in the future and at most 15 days away.',
      messageZh: '有效期须晚于当前时间，且不超过 15 天',
    });
  }
}

/** The same request again answers the first outcome: the charge, or its failure. */
function replay(existing: Charge, hash: string): ChargeResult {
  if (existing.request_hash !== hash) {
    throw new PolypayError('charge_order_no_used', {
      param: 'out_trade_no',
      message: `out_trade_no ${existing.out_trade_no} was already used for another charge; use a new one.`,
      messageZh: `out_trade_no ${existing.out_trade_no} 已用于另一笔订单，请换一个新的`,
    });
  }
  if (existing.status === 'PAY_CANCELED' && existing.failure_code) {
    return {
      charge: existing,
      failure: finalFailure({
        object: 'charge',
        id: existing.id,
        status: existing.status,
        failureCode: existing.failure_code,
        failureMessage: existing.failure_message,
      }),
    };
  }
  return { charge: existing };
}

/**
 * The daily totals the charge counts in (the merchant's seller limit, its store's, its buyer's), each
 * with the most it may reach. The merchant's row first (lock order). The totals are counted in the
 * statement that records the charge, so that concurrent charges cannot together pass a limit; a charge
 * that ends without money is taken out again (releaseDailyLimits).
 */
function dailyCounts(
  charge: Charge,
  options: { storeLimit: number | null; limits: ChannelLimits; mode: AppMode },
): DailyCount[] {
  const key = (scope: DailyScope, scopeId: string): DailyKey => ({
    merchantId: charge.merchant_id,
    scope,
    scopeId,
    day: charge.limit_day!,
  });
  const counts: DailyCount[] = [
    {
      key: key('merchant', merchantScopeId(charge.merchant_id, options.mode)),
      ceiling: options.limits.sellerDaily,
    },
  ];
  if (charge.store_id !== null) {
    counts.push({ key: key('store', charge.store_id), ceiling: options.storeLimit ?? undefined });
  }
  if (charge.buyer_id !== null) {
    counts.push({ key: key('buyer', charge.buyer_id), ceiling: options.limits.buyerDaily });
  }
  return counts;
}

/** The refusal of a charge whose totals passed a ceiling, checked in order: seller, store, buyer. */
function refuseOverLimits(charge: Charge, counts: readonly DailyCount[], passed: DailyCeilingPassed): never {
  const amount = charge.amount;
  const paidBefore = (scope: DailyScope) => (passed.totals.get(scope) ?? amount) - amount;
  const ceiling = (scope: DailyScope) => counts.find((count) => count.key.scope === scope)?.ceiling;
  refusalToError(
    checkSellerDailyLimit({ amount, dailyLimit: ceiling('merchant'), paidToday: paidBefore('merchant') }),
  );
  refusalToError(
    checkStoreDailyLimit({ amount, dailyLimit: ceiling('store'), paidToday: paidBefore('store') }),
  );
  refusalToError(
    checkBuyerLimits({ amount, dailyLimit: ceiling('buyer'), buyerPaidToday: paidBefore('buyer') }),
  );
  throw passed;
}

/**
 * Creates a charge: checks the parties and limits, records the charge with its pay flow and its
 * resolution job in one transaction, calls the channel outside any transaction, then applies the answer.
 * A crash between the two leaves a CREATED charge whose job queries the channel and settles it.
 */
export async function createCharge(
  deps: ChargeDeps,
  auth: Caller,
  input: CreateChargeInput,
  options: {
    readonly requestWrites?: RequestWrites<ChargeResult>;
    /** The Ping++ request's own fields (compat surface), written with the new charge. */
    readonly pingpp?: PingppChargesTable;
  } = {},
): Promise<ChargeResult> {
  const writes = options.requestWrites;
  const { store, clock } = deps;
  refusalToError(checkChargeAmount(input.amount, input.currency));
  if (input.sub_payway === 'barcode' && !input.auth_code) {
    throw new PolypayError('missing_param', {
      param: 'auth_code',
      message: 'auth_code (the buyer’s barcode) is required for barcode charges.',
      messageZh: 'barcode 订单须提供 auth_code（买家的付款码）',
    });
  }
  if (input.expires_at !== undefined) checkExpiry(input.expires_at, input.sub_payway, clock.now());
  const hash = requestHash(input);
  // No read of an earlier charge with this out_trade_no here: the insert's unique violation finds it
  // (below), which spares every new charge a statement.

  const channel = await deps.channels.forCharge({
    appId: auth.appId,
    mode: auth.mode,
    payway: input.payway,
    subPayway: input.sub_payway,
    currency: input.currency,
  });
  if (!channel) {
    throw new PolypayError('payway_not_enabled', {
      param: 'payway',
      message: `No channel serves payway ${input.payway} (${input.sub_payway}, ${input.currency}) for this app.`,
      messageZh: `该应用没有支持 ${input.payway}（${input.sub_payway}，${input.currency}）的渠道`,
    });
  }
  const now = clock.now();
  if (input.terminal_sn !== undefined) {
    const terminal = await store.db
      .selectFrom('terminals')
      .select(['status'])
      .where('merchant_id', '=', auth.merchantId)
      .where('store_id', 'in', storesOfMode(store.db, auth))
      .where('sn', '=', input.terminal_sn)
      .executeTakeFirst();
    const check = checkTerminal(terminal ? { exists: true, status: terminal.status } : { exists: false });
    if (!check.ok)
      throw new PolypayError(check.code, {
        param: 'terminal_sn',
        message: check.message,
        messageZh: check.messageZh,
      });
  }
  let storeLimit: number | null = null;
  if (input.store_id !== undefined) {
    const shop = await store.db
      .selectFrom('stores')
      .select(['daily_limit'])
      .where('merchant_id', '=', auth.merchantId)
      .where('mode', '=', auth.mode)
      .where('id', '=', input.store_id)
      .executeTakeFirst();
    if (!shop) throw notFound('store', input.store_id, { param: 'store_id' });
    storeLimit = shop.daily_limit;
  }
  const limits = channel.limits?.(input.payway) ?? {};
  const buyerId = input.auth_code ? channel.identifyBuyer?.(input.auth_code) : undefined;
  const day = localDate(now, auth.timeZone);

  const charge: Charge = {
    id: newSortableId('ch'),
    merchant_id: auth.merchantId,
    app_id: auth.appId,
    out_trade_no: input.out_trade_no,
    request_hash: hash,
    amount: input.amount,
    currency: input.currency,
    amount_refunded: 0,
    fee: 0,
    status: 'CREATED',
    payway: input.payway,
    sub_payway: input.sub_payway,
    subject: input.subject,
    description: input.description ?? null,
    auth_code_masked: input.auth_code ? maskAuthCode(input.auth_code) : null,
    buyer_id: buyerId ?? null,
    terminal_sn: input.terminal_sn ?? null,
    store_id: input.store_id ?? null,
    channel: channel.name,
    channel_trade_no: null,
    qr_code: null,
    pay_url: null,
    notify_url: input.notify_url ?? null,
    metadata: input.metadata ? JSON.stringify(input.metadata) : null,
    failure_code: null,
    failure_message: null,
    paid_at: null,
    settled_at: null,
    canceled_at: null,
    closed_at: null,
    voided_at: null,
    expires_at: input.expires_at ?? now + deps.settings.deadlineMs[input.sub_payway],
    limit_day: day,
    created_at: now,
    updated_at: now,
    version: 0,
  };
  const payFlow: ChargeFlow = { ...newFlow(charge, 'pay', charge.amount, now), id: newSortableId('fl') };
  const flowId = payFlow.id;
  // The new charge has no job yet: its resolution job is written with it.
  const resolveJob = newJobRow({
    merchantId: charge.merchant_id,
    kind: CHARGE_RESOLVE_JOB,
    payload: { chargeId: charge.id },
    runAt: now + (nextPollDelay(input.sub_payway, 0) ?? 0),
    now,
  });
  const resolveJobId = resolveJob.id;
  // A buyer's per-charge limit needs no total: refused before anything is written.
  if (charge.buyer_id !== null) {
    refusalToError(
      checkBuyerLimits({
        amount: charge.amount,
        ...(limits.buyerPerCharge !== undefined ? { perChargeLimit: limits.buyerPerCharge } : {}),
        buyerPaidToday: 0,
      }),
    );
  }
  const counts = dailyCounts(charge, { storeLimit, limits, mode: auth.mode });
  const write: NewChargeWrite = {
    charge,
    flow: payFlow,
    job: resolveJob,
    counts,
    amount: charge.amount,
    ...(options.pingpp ? { pingpp: options.pingpp } : {}),
  };
  try {
    try {
      // One statement on PostgreSQL (no BEGIN/COMMIT), one group-commit unit on SQLite; either takes the
      // request's own writes (its nonce and idempotency claim) when they are handed over: a part of the
      // statement (joinStatement), or statements of the unit (join).
      await withRequestWrites(writes, () =>
        store.writeAutocommit(async (db) => {
          const claim = writes?.joinStatement();
          await writes?.join(db);
          await insertNewCharge(db, claim ? { ...write, claim } : write);
        }),
      );
    } catch (error) {
      if (!(error instanceof ClaimRefused) || !writes) throw error;
      // The statement found the nonce or the key taken and wrote nothing: the claim alone says which (it
      // throws the request's refusal), or takes a key freed meanwhile; then the charge is written alone.
      await withRequestWrites(writes, () => store.writeAutocommit((db) => writes.join(db)));
      await store.writeAutocommit((db) => insertNewCharge(db, write));
    }
  } catch (error) {
    if (error instanceof DailyCeilingPassed) refuseOverLimits(charge, counts, error);
    if (!isUniqueViolation(error)) throw error;
    // Two requests with one out_trade_no raced: the loser answers like a replay.
    const winner = await getChargeByOutTradeNo(store.db, auth.appId, input.out_trade_no);
    if (!winner) throw error;
    return replay(winner, hash);
  }

  const channelCharge = toChannelCharge(charge, input.auth_code);
  let result: ChannelResult;
  try {
    result =
      input.sub_payway === 'barcode'
        ? await channel.pay(channelCharge)
        : await channel.precreate(channelCharge);
  } catch (error) {
    if (!(error instanceof ChannelIoError)) throw error;
    result = error;
  }
  const applied = await withRequestWrites(writes, () =>
    applyPaymentResult(deps, charge.id, flowId, result, {
      emitPending: true,
      known: charge,
      knownFlows: [payFlow],
      resolveJobId,
      // The request's answer commits with the charge's outcome: in its unit, or in its statement when it
      // is one statement alone (PostgreSQL).
      ...(writes?.answersInUnit
        ? { inUnit: (db, outcome) => writes.answer(db, chargeResultOf(outcome)) }
        : {}),
      ...(writes && !writes.answersInUnit
        ? {
            inStatement: {
              part: (db, outcome) => writes.answerStatement(db, chargeResultOf(outcome)),
              dropped: () => writes.settle(false),
            },
          }
        : {}),
    }),
  );
  return chargeResultOf(applied);
}

function chargeResultOf(applied: AppliedPayment): ChargeResult {
  return {
    charge: applied.charge,
    ...(applied.failure ? { failure: applied.failure } : {}),
    ...(applied.flows ? { flows: applied.flows } : {}),
  };
}
