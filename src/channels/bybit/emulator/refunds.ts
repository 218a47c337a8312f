import { compact, type EngineCore, iso, magicOf, PROCESSING_MS, type Refund, type Trade } from './core.js';
import { BybitRefusal, identifierOf, param } from './errors.js';
import { AGREEMENT_TYPES, type Body, fingerprint, money, moneyJson, oneOf, str } from './fields.js';
import { bybitLocalTime } from './periods.js';
import { settle } from './webhooks.js';

/** Refunds of deductions: checks, PROCESSING that settles later, the quota given back. */

export function refund(e: EngineCore, merchantId: string, body: Body): Record<string, unknown> {
  const userId = str(body, 'user_id', 64, true);
  const agreementType = oneOf(body, 'agreement_type', AGREEMENT_TYPES);
  const outRefundNo = str(body, 'out_refund_no', 64, true);
  const notifyUrl = str(body, 'notify_url', 512, true);
  str(body, 'refund_reason', 256);
  const amount = money(body, 'refund_amount');
  const prints = fingerprint(body);
  settle(e);
  const first = [...e.refunds.values()].find(
    (r) => r.merchantId === merchantId && r.outRefundNo === outRefundNo,
  );
  if (first !== undefined) {
    if (first.fingerprint !== prints)
      throw new BybitRefusal(40004, 'out_refund_no was used with other parameters');
    if (first.status === 'PROCESSING') throw new BybitRefusal(139003003, first.refundNo);
    return refundView(first);
  }
  const trade = findTrade(e, merchantId, body);
  if (trade.agreementType !== agreementType) throw new BybitRefusal(139001013);
  if (trade.userId !== userId) throw new BybitRefusal(139001010);
  if (trade.status === 'FAILED' || trade.status === 'TIMEOUT')
    throw new BybitRefusal(139002004, `the trade is ${trade.status}`);
  if (trade.status !== 'SUCCESS') throw new BybitRefusal(139003002, `the trade is ${trade.status}`);
  if (amount.currency !== trade.amount.currency || amount.currencyType !== trade.amount.currencyType)
    throw new BybitRefusal(139004002, `the trade was in ${trade.amount.currency}`);
  const open = [...e.refunds.values()].filter(
    (r) => r.tradeNo === trade.tradeNo && r.status === 'PROCESSING',
  );
  if (open.length > 0) throw new BybitRefusal(139003003, open[0]!.refundNo);
  if (amount.total > trade.amount.total - trade.refunded)
    throw new BybitRefusal(139003001, `refundable ${trade.amount.total - trade.refunded}`);
  const refund: Refund = {
    refundNo: e.id('RFD'),
    outRefundNo,
    tradeNo: trade.tradeNo,
    merchantId,
    amount,
    createdAt: e.clock.now(),
    notifyUrl,
    fingerprint: prints,
    status: 'PROCESSING',
  };
  e.refunds.set(refund.refundNo, refund);
  if (magicOf(amount.total) === '02') refund.settleAt = refund.createdAt + PROCESSING_MS;
  else settleRefund(e, refund);
  return refundView(refund);
}

export function findTrade(e: EngineCore, merchantId: string, body: Body): Trade {
  const tradeNo = str(body, 'trade_no', 64);
  const outTradeNo = str(body, 'out_trade_no', 64);
  if (tradeNo === undefined && outTradeNo === undefined) throw param('trade_no or out_trade_no is required');
  const trade = [...e.trades.values()].find(
    (t) =>
      t.merchantId === merchantId &&
      (tradeNo !== undefined ? t.tradeNo === tradeNo : t.outTradeNo === outTradeNo),
  );
  if (trade === undefined) throw new BybitRefusal(139002001);
  return trade;
}

/** The money goes back and, through `refunded`, the quota of the deduction's period with it. */
export function settleRefund(e: EngineCore, refund: Refund): void {
  const trade = e.trades.get(refund.tradeNo)!;
  const now = e.clock.now();
  refund.status = 'SUCCESS';
  refund.refundTime = now;
  delete refund.settleAt;
  const share =
    trade.crypto === undefined
      ? refund.amount.total
      : (trade.crypto.amount * refund.amount.total) / trade.amount.total;
  const buyer = e.world.buyers.get(trade.userId)!;
  const currency = trade.crypto?.currency ?? trade.amount.currency;
  buyer.balances.set(currency, (buyer.balances.get(currency) ?? 0n) + share);
  trade.refunded += refund.amount.total;
  e.notify({
    url: refund.notifyUrl,
    notifyType: 'TRANSACTION_RESULT',
    merchantId: refund.merchantId,
    data: {
      orderNo: trade.orderNo,
      tradeNo: trade.tradeNo,
      outTradeNo: trade.outTradeNo,
      agreementNo: trade.agreementNo,
      refundNo: refund.refundNo,
      outRefundNo: refund.outRefundNo,
      eventType: 'REFUND',
      orderType: 'AGREEMENT_REFUND',
      status: 'SUCCESS',
      refund_amount: moneyJson(refund.amount),
      refundTime: bybitLocalTime(now),
    },
  });
}

export function refundView(r: Refund): Record<string, unknown> {
  return compact({
    refund_no: r.refundNo,
    out_refund_no: r.outRefundNo,
    trade_no: r.tradeNo,
    status: r.status,
    refund_amount: moneyJson(r.amount),
    refund_time: iso(r.refundTime),
    failure_reason: r.failureCode === undefined ? undefined : identifierOf(r.failureCode),
  });
}
