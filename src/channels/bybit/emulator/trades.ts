import { agreementByExternal, findAgreement, sign, unsignAgreement, usedInPeriod } from './agreements.js';
import type { CryptoPayment } from './core.js';
import {
  type Agreement,
  compact,
  type EngineCore,
  iso,
  magicOf,
  PROCESSING_MS,
  pageNumber,
  RATE_VALID_MS,
  type Trade,
  type TradeStatus,
  usdCentsOf,
} from './core.js';
import { BybitRefusal, identifierOf, param } from './errors.js';
import {
  AGREEMENT_TYPES,
  type Body,
  fingerprint,
  money,
  moneyJson,
  obj,
  oneOf,
  SCENE_CODES,
  str,
} from './fields.js';
import {
  fiatToCrypto,
  type Money,
  parseMinorUnits,
  rateString,
  rateWindowEnd,
  SETTLE_CHAIN,
  SETTLE_CURRENCY,
  usdtPerFiatE8,
} from './money.js';
import { bybitLocalTime, periodStart } from './periods.js';
import { findTrade, refundView } from './refunds.js';
import { settle } from './webhooks.js';

/** Deductions: checked in the documented order, priced at the market, settled or failed; pay with sign; FX convert. */

export function deduct(e: EngineCore, merchantId: string, body: Body): Record<string, unknown> {
  const userId = str(body, 'user_id', 64, true);
  const agreementType = oneOf(body, 'agreement_type', AGREEMENT_TYPES);
  str(body, 'agreement_no', 64, true);
  const outTradeNo = str(body, 'out_trade_no', 64, true);
  const sceneCode = oneOf(body, 'scene_code', SCENE_CODES);
  const notifyUrl = str(body, 'notify_url', 512, true);
  const merchantUserId = str(body, 'merchant_user_id', 64);
  const orderInfo = obj(body, 'order_info', true)!;
  str(orderInfo, 'order_title', 128, true);
  str(orderInfo, 'order_desc', 256);
  const amount = money(body, 'amount');

  const prints = fingerprint(body);
  const first = [...e.trades.values()].find(
    (t) => t.merchantId === merchantId && t.outTradeNo === outTradeNo,
  );
  if (first !== undefined) {
    settle(e);
    if (first.fingerprint !== prints)
      throw new BybitRefusal(40004, 'out_trade_no was used with other parameters');
    if (first.status === 'PROCESSING') throw new BybitRefusal(139002005, first.tradeNo);
    return tradeView(first);
  }
  // 1. The agreement and who is asking; its status.
  const agreement = findAgreement(e, merchantId, body);
  if (agreement.agreementType !== agreementType) throw new BybitRefusal(139001013, agreement.agreementType);
  const buyer = e.world.buyers.get(userId);
  if (buyer === undefined) throw new BybitRefusal(139006002, userId);
  if (agreement.userId !== undefined && agreement.userId !== userId) throw new BybitRefusal(139001010);
  if (merchantUserId !== undefined && agreement.merchantUserId !== merchantUserId)
    throw new BybitRefusal(139001011, 'merchant_user_id differs from the one at sign time');
  const merchant = e.world.merchants.get(merchantId)!;
  if (merchant.strictSceneCode && sceneCode !== agreement.sceneCode)
    throw new BybitRefusal(139001008, `signed for ${agreement.sceneCode}`);
  switch (agreement.status) {
    case 'SIGNED':
      break;
    case 'EXPIRED':
      throw new BybitRefusal(139001002);
    case 'UNSIGNED':
      throw new BybitRefusal(139001003);
    case 'SUSPENDED':
      throw new BybitRefusal(139001004);
    default:
      throw new BybitRefusal(139001005, `the agreement is ${agreement.status}`);
  }
  // 2. Single limit; 3. period limits (in the limit's currency).
  const now = e.clock.now();
  for (const limit of [agreement.singleLimit, ...agreement.periodLimits.map((p) => p.limit)]) {
    if (
      limit !== undefined &&
      (limit.currency !== amount.currency || limit.currencyType !== amount.currencyType)
    )
      throw new BybitRefusal(139004002, `the agreement's limits are in ${limit.currency}`);
  }
  if (agreement.singleLimit !== undefined && amount.total > agreement.singleLimit.total)
    throw new BybitRefusal(139004005, `single limit ${agreement.singleLimit.total}`);
  for (const p of agreement.periodLimits) {
    const used = usedInPeriod(e, agreement, p.periodType, now);
    if (used + amount.total > p.limit.total)
      throw new BybitRefusal(139004006, `${p.periodType} limit ${p.limit.total}, used ${used}`, {
        period_type: p.periodType,
        used_amount: used.toString(),
        limit_amount: p.limit.total.toString(),
      });
  }
  // The buyer's own daily cap and the merchant-wide quota, both in USD.
  const usdCents = usdCentsOf(amount);
  const dayFrom = periodStart('DAY', now);
  const today = (match: (t: Trade) => boolean) =>
    [...e.trades.values()]
      .filter(
        (t) => match(t) && t.createdAt >= dayFrom && (t.status === 'SUCCESS' || t.status === 'PROCESSING'),
      )
      .reduce((sum, t) => sum + t.usdCents - (t.refunded * t.usdCents) / t.amount.total, 0n);
  if (today((t) => t.userId === userId) + usdCents > buyer.dailyAutoDebitCapUsdCents)
    throw new BybitRefusal(139002002, "the buyer's daily auto-debit quota is used up");
  if (today((t) => t.merchantId === merchantId) + usdCents > merchant.dailyQuotaUsdCents)
    throw new BybitRefusal(139004008);
  if (amount.chainAddress !== undefined) {
    const settleTo = `${amount.currencyType === 'CRYPTO' ? amount.currency : SETTLE_CURRENCY}:${amount.chain ?? SETTLE_CHAIN}`;
    if (!merchant.settlement.has(settleTo)) throw new BybitRefusal(139006004, `no settlement to ${settleTo}`);
  }
  // 5. Risk (the sandbox's 99; before any money moves). 4. Balance is decided when the trade settles.
  const magic = magicOf(amount.total);
  if (magic === '99') throw new BybitRefusal(139005001);

  const crypto = price(amount, now);
  const trade: Trade = {
    tradeNo: e.id('PAY'),
    orderNo: e.id('ORD'),
    outTradeNo,
    merchantId,
    agreementNo: agreement.agreementNo,
    agreementType,
    userId,
    amount,
    usdCents,
    ...(crypto === undefined ? {} : { crypto }),
    createdAt: now,
    notifyUrl,
    fingerprint: prints,
    status: 'PROCESSING',
    refunded: 0n,
  };
  e.trades.set(trade.tradeNo, trade);
  if (magic === '02') trade.settleAt = now + PROCESSING_MS;
  else if (magic === '04') finishTrade(e, trade, 'TIMEOUT', 50002);
  else if (magic === '03') finishTrade(e, trade, 'FAILED', 139002003);
  else settleTrade(e, trade);
  return tradeView(trade);
}

/** Fiat is paid in USDT at the rate of the moment; crypto is paid as is. */
export function price(amount: Money, now: number): CryptoPayment | undefined {
  if (amount.currencyType === 'CRYPTO') return undefined;
  const rateE8 = usdtPerFiatE8(amount.currency, now);
  if (rateE8 === undefined) throw new BybitRefusal(139004002, amount.currency);
  return {
    currency: SETTLE_CURRENCY,
    amount: fiatToCrypto(amount.total, amount.currency, SETTLE_CURRENCY, rateE8),
    chain: amount.chain ?? SETTLE_CHAIN,
    rateE8,
    rateTime: now,
  };
}

/** Takes the money (or fails for balance, or for a rate that expired while PROCESSING). */
export function settleTrade(e: EngineCore, trade: Trade): void {
  const now = e.clock.now();
  if (trade.crypto !== undefined && now - trade.crypto.rateTime > RATE_VALID_MS) {
    finishTrade(e, trade, 'FAILED', 139004003);
    return;
  }
  const buyer = e.world.buyers.get(trade.userId)!;
  const currency = trade.crypto?.currency ?? trade.amount.currency;
  const due = trade.crypto?.amount ?? trade.amount.total;
  const balance = buyer.balances.get(currency) ?? 0n;
  if (balance < due) {
    finishTrade(e, trade, 'FAILED', 139002003);
    return;
  }
  buyer.balances.set(currency, balance - due);
  finishTrade(e, trade, 'SUCCESS');
}

export function finishTrade(e: EngineCore, trade: Trade, status: TradeStatus, failureCode?: number): void {
  const now = e.clock.now();
  trade.status = status;
  delete trade.settleAt;
  if (failureCode !== undefined) trade.failureCode = failureCode;
  if (status === 'SUCCESS') trade.payTime = now;
  e.notify({
    url: trade.notifyUrl,
    notifyType: status === 'TIMEOUT' ? 'ORDER_TIMEOUT' : 'TRANSACTION_RESULT',
    merchantId: trade.merchantId,
    data: compact({
      orderNo: trade.orderNo,
      tradeNo: trade.tradeNo,
      outTradeNo: trade.outTradeNo,
      agreementNo: trade.agreementNo,
      userId: status === 'TIMEOUT' ? trade.userId : undefined,
      eventType: 'PAY',
      orderType: 'AGREEMENT_PAY',
      status,
      amount: moneyJson(trade.amount),
      payTime: trade.payTime === undefined ? undefined : bybitLocalTime(trade.payTime),
      timeoutTime: status === 'TIMEOUT' ? bybitLocalTime(now) : undefined,
      failureCode: failureCode === undefined ? undefined : String(failureCode),
      failureReason:
        status === 'TIMEOUT'
          ? 'ORDER_TIMEOUT'
          : failureCode === undefined
            ? undefined
            : identifierOf(failureCode),
    }),
  });
  if (status === 'SUCCESS') {
    const agreement = e.agreements.get(trade.agreementNo)!;
    if (agreement.agreementType === 'SINGLE' && agreement.status === 'SIGNED')
      unsignAgreement(e, agreement, 'SYSTEM');
  }
}

export function tradeView(t: Trade): Record<string, unknown> {
  return compact({
    order_no: t.orderNo,
    trade_no: t.tradeNo,
    out_trade_no: t.outTradeNo,
    agreement_no: t.agreementNo,
    status: t.status,
    amount: moneyJson(t.amount),
    crypto_payment:
      t.crypto === undefined
        ? undefined
        : {
            currency: t.crypto.currency,
            amount: t.crypto.amount.toString(),
            chain: t.crypto.chain,
            exchange_rate: rateString(t.crypto.rateE8),
            rate_time: iso(t.crypto.rateTime),
          },
    pay_time: iso(t.payTime),
    refund_amount:
      t.refunded > 0n ? { total: t.refunded.toString(), currency: t.amount.currency } : undefined,
    failure_code: t.failureCode === undefined ? undefined : String(t.failureCode),
    failure_reason: t.failureCode === undefined ? undefined : identifierOf(t.failureCode),
  });
}

/**
 * Sign and deduct in one call. With `sign_params` the sign order is created (or found by its
 * external_agreement_no) and the deduction waits for the buyer: `pay_result` is absent until signed,
 * when the merchant deducts by agreement_no. A sign order past its expire_time is SIGN_URL_EXPIRED.
 */
export function payWithSign(
  e: EngineCore,
  merchantId: string,
  body: Body,
  publicUrl: string,
): Record<string, unknown> {
  const agreementType = oneOf(body, 'agreement_type', AGREEMENT_TYPES);
  const signParams = obj(body, 'sign_params', false);
  const payParams = obj(body, 'pay_params', true)!;
  let agreement: Agreement;
  if (signParams !== undefined) {
    const external = str(signParams, 'external_agreement_no', 64, true);
    const known = agreementByExternal(e, merchantId, external);
    settle(e);
    if (known?.status === 'TIMEOUT') throw new BybitRefusal(139001012);
    if (known === undefined) {
      const { sign_notify_url: notifyUrl, ...rest } = signParams;
      sign(e, merchantId, { ...rest, agreement_type: agreementType, notify_url: notifyUrl }, publicUrl);
    }
    agreement = agreementByExternal(e, merchantId, external)!;
  } else {
    agreement = findAgreement(e, merchantId, payParams);
  }
  const signResult = compact({
    agreement_no: agreement.agreementNo,
    external_agreement_no: agreement.externalAgreementNo,
    status: agreement.status,
    sign_time: iso(agreement.signTime),
    valid_time: iso(agreement.validUntil),
    ...agreement.signResult,
  });
  if (agreement.status !== 'SIGNED' || agreement.userId === undefined) return { sign_result: signResult };
  const { pay_notify_url: notifyUrl, ...pay } = payParams;
  const payResult = deduct(e, merchantId, {
    ...pay,
    agreement_no: agreement.agreementNo,
    agreement_type: agreementType,
    user_id: agreement.userId,
    notify_url: notifyUrl,
  });
  return { sign_result: signResult, pay_result: payResult };
}

/**
 * `/v5/bybitpay/fx/convert` (the QR product's quote, the only FX endpoint documented): the settle amount
 * of a fiat amount at the market rate of now. `exchangeRate` and `expireTime` (epoch ms: the end of the
 * rate's window) are inferred additions, so a caller can show the rate and know how long it holds.
 */
export function fxConvert(e: EngineCore, _merchantId: string, body: Body): Record<string, unknown> {
  const orderAmount = str(body, 'orderAmount', 32, true);
  const orderCurrency = str(body, 'orderCurrency', 16, true);
  const settleCurrency = str(body, 'settleCurrency', 16, true);
  const total = parseMinorUnits(orderAmount);
  if (total === undefined)
    throw new BybitRefusal(139004004, 'orderAmount is an integer string of minimum units');
  const now = e.clock.now();
  const rateE8 = usdtPerFiatE8(orderCurrency, now);
  if (rateE8 === undefined || (settleCurrency !== 'USDT' && settleCurrency !== 'USDC'))
    throw new BybitRefusal(139004002, `${orderCurrency} to ${settleCurrency}`);
  return {
    quotationId: e.id('QUO'),
    settleCurrency,
    settleAmount: fiatToCrypto(total, orderCurrency, settleCurrency, rateE8).toString(),
    exchangeRate: rateString(rateE8),
    expireTime: rateWindowEnd(now),
  };
}

export function payQuery(e: EngineCore, merchantId: string, body: Body): Record<string, unknown> {
  settle(e);
  const recordType = body.record_type === undefined ? 'PAY' : oneOf(body, 'record_type', ['PAY', 'REFUND']);
  if (recordType === 'PAY') return tradeView(findTrade(e, merchantId, body));
  const refundNo = str(body, 'refund_no', 64);
  const outRefundNo = str(body, 'out_refund_no', 64);
  if (refundNo === undefined && outRefundNo === undefined)
    throw param('refund_no or out_refund_no is required');
  const refund = [...e.refunds.values()].find(
    (r) =>
      r.merchantId === merchantId &&
      (refundNo !== undefined ? r.refundNo === refundNo : r.outRefundNo === outRefundNo),
  );
  if (refund === undefined) throw new BybitRefusal(139003004);
  return refundView(refund);
}

export function payList(e: EngineCore, merchantId: string, body: Body): Record<string, unknown> {
  settle(e);
  const pageNo = pageNumber(body.page_no, 1, 1_000_000, 'page_no');
  const pageSize = pageNumber(body.page_size, 20, 100, 'page_size');
  const agreementNo = str(body, 'agreement_no', 64);
  const recordType = body.record_type === undefined ? 'PAY' : oneOf(body, 'record_type', ['PAY', 'REFUND']);
  const status = str(body, 'status', 16);
  const rows =
    recordType === 'PAY'
      ? [...e.trades.values()]
          .filter(
            (t) =>
              t.merchantId === merchantId && (agreementNo === undefined || t.agreementNo === agreementNo),
          )
          .filter((t) => status === undefined || t.status === status)
          .map((t) => tradeView(t))
      : [...e.refunds.values()]
          .filter((r) => r.merchantId === merchantId)
          .filter((r) => agreementNo === undefined || e.trades.get(r.tradeNo)?.agreementNo === agreementNo)
          .filter((r) => status === undefined || r.status === status)
          .map((r) => refundView(r));
  return {
    total: rows.length,
    page_no: pageNo,
    page_size: pageSize,
    list: rows.slice((pageNo - 1) * pageSize, pageNo * pageSize),
  };
}
