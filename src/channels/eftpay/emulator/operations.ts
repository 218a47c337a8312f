import { formatVmpAmount, parseVmpAmount, VMP_MAX_AMOUNT, VMP_MIN_AMOUNT } from '../amount.js';
import {
  VMP_BUYER_TYPES,
  VMP_LANGS,
  VMP_ORDER_NO_MAX,
  VMP_PAY_SCENES,
  VMP_QUERY_TYPE,
  type VmpService,
  type VmpTradeType,
  type VmpWallet,
} from '../protocol.js';
import { formatTradeTime, formatVmpTime, hkDay } from '../vmp-time.js';
import { NOT_UNIQUE_99, VmpRefusal } from './answers.js';
import type { RefundOrder, SaleOrder, VmpBook } from './book.js';
import { readCurrency, readPayType, readWallet, spelling, walletFamily } from './fields.js';
import type { EmulatedMerchant } from './merchants.js';
import { field } from './request.js';

/**
 * VMP's business rules, one function per operation. Each either returns the business fields of a "00"
 * answer or throws a VmpRefusal; nothing changes in the book before every check has passed.
 */

export interface OperationContext {
  readonly book: VmpBook;
  readonly merchant: EmulatedMerchant;
  readonly service: VmpService;
  readonly fields: Readonly<Record<string, string>>;
  readonly now: number;
  readonly publicUrl: string;
  readonly injection:
    | { readonly code: string; readonly applied: boolean; readonly message: string }
    | undefined;
  /** Queue a notification (body without time and sign). */
  readonly notify: (notification: { url: string; body: Record<string, string> }) => void;
}

type Answer = Record<string, string>;

/** Refunds are accepted for a year after payment (inferred; VMP does not publish a window). */
export const REFUND_WINDOW_MS = 365 * 86_400_000;
/** An apply-refund (WeChat, asynchronous) settles this long after it was accepted (inferred). */
export const APPLY_REFUND_DELAY_MS = 60_000;
/** Default QR validity (`active_time`): WeChat 900 s, Alipay 1800 s; web/wap pages 1800 s. */
export function defaultActiveSeconds(service: VmpService, payType: 'Alipay' | 'WeChat'): number {
  if (service.scene === 'web' || service.scene === 'wap') return 1800;
  return payType === 'WeChat' ? 900 : 1800;
}

export function runOperation(ctx: OperationContext): Answer {
  switch (ctx.service.operation) {
    case 'preorder':
      return preorder(ctx);
    case 'query':
      return query(ctx);
    case 'refund':
      return refund(ctx, false);
    case 'apply_refund':
      return refund(ctx, true);
    case 'close':
      return close(ctx);
    case 'cancel':
      return cancel(ctx);
  }
}

const refuse = (status: string, message?: string) => new VmpRefusal(status, message);

/**
 * The last step of an operation whose checks all passed: apply it, unless a scenario stands for the world
 * behind VMP failing, in which case the injected code is the answer and the effect happens only when the
 * scenario says the failure came after it.
 */
function finish(ctx: OperationContext, effect: () => Answer): Answer {
  const injected = ctx.injection;
  if (injected === undefined) return effect();
  if (injected.applied) effect();
  throw refuse(injected.code, injected.message);
}

function checkEnum(value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) throw refuse('06');
}

function checkOrderNo(value: string | undefined): string {
  if (value === undefined) throw refuse('-13');
  if (value.length > VMP_ORDER_NO_MAX) throw refuse('06');
  return value;
}

/** A sale amount: -22 when absent or malformed, -23 outside 0.02–60000. */
function saleAmount(text: string | undefined): number {
  if (text === undefined) throw refuse('-22');
  const parsed = parseVmpAmount(text);
  if (!parsed.ok) throw refuse(parsed.reason === 'format' ? '-22' : '-23');
  if (parsed.minor < VMP_MIN_AMOUNT || parsed.minor > VMP_MAX_AMOUNT) throw refuse('-23');
  return parsed.minor;
}

/** A refund amount: malformed -22, zero or negative -54 (a wrong refund amount), above 60000 -23. */
function refundAmount(text: string | undefined): number {
  if (text === undefined) throw refuse('-22');
  const parsed = parseVmpAmount(text);
  if (!parsed.ok) throw refuse(parsed.reason === 'format' ? '-22' : '-23');
  if (parsed.minor <= 0) throw refuse('-54');
  if (parsed.minor > VMP_MAX_AMOUNT) throw refuse('-23');
  return parsed.minor;
}

function hasAccount(merchant: EmulatedMerchant, wallet: VmpWallet): boolean {
  if (wallet === 'WECHATCN') return merchant.accounts.mchId;
  if (wallet === 'WECHATHK') return merchant.accounts.mchId2;
  return merchant.accounts.partner;
}

function preorder(ctx: OperationContext): Answer {
  const { fields, service, merchant, book, now } = ctx;
  const names = spelling(service.scene);
  const payType = readPayType(field(fields, names.payType));
  if (payType === undefined) throw refuse('20');
  if (service.payType !== undefined && service.payType !== payType) throw refuse('02');
  const wallet = readWallet(field(fields, names.wallet));
  if (wallet === undefined || wallet === 'unknown') throw refuse('06');
  if (walletFamily(wallet) !== payType) throw refuse('02');
  // Only the qrcode scene lets the buyer pick Alipay HK or CN at scan time.
  if (wallet === 'ALIPAYBOTH' && service.scene !== 'qrcode') throw refuse('06');
  const outTradeNo = checkOrderNo(field(fields, 'out_trade_no'));
  const amount = saleAmount(field(fields, 'transaction_amount'));
  const currency = readCurrency(field(fields, 'fee_type'));
  if (currency === undefined) throw refuse('56');
  const subject = field(fields, 'subject');
  if (subject === undefined) throw refuse('-13');
  if (subject.length > 256 || (field(fields, 'body')?.length ?? 0) > 128) throw refuse('06');
  checkEnum(field(fields, names.buyerType), VMP_BUYER_TYPES);
  if (service.scene !== 'qrcode') {
    checkEnum(field(fields, 'lang'), VMP_LANGS);
    const payScene = field(fields, 'pay_scene');
    checkEnum(payScene, VMP_PAY_SCENES);
    if (service.scene === 'app' && payScene !== 'APP') throw refuse('06');
    if (field(fields, 'return_url')?.includes('?')) throw refuse('06');
  }
  const tid = field(fields, 'tid');
  if (tid !== undefined && tid.length > 20) throw refuse('06');
  const activeTime = field(fields, 'active_time');
  if (
    activeTime !== undefined &&
    !(/^\d{1,6}$/.test(activeTime) && Number(activeTime) > 0 && Number(activeTime) % 60 === 0)
  ) {
    throw refuse('06');
  }
  const notifyUrl = field(fields, 'notify_url');
  if (notifyUrl === undefined && merchant.requiresNotifyUrl) throw refuse('01');
  if (notifyUrl !== undefined && notifyUrl.length > 240) throw refuse('06');
  if (!hasAccount(merchant, wallet)) throw refuse('30');
  if (book.orderByOut(merchant.userConfirmKey, outTradeNo)) {
    // The APP servlet answers a duplicate with the generic -99; the JSAPI services with 03.
    throw service.scene === 'app' ? refuse('-99', NOT_UNIQUE_99) : refuse('03');
  }
  return finish(ctx, () => {
    const eftTradeNo = `EFT${formatVmpTime(now)}${String(book.nextSeq()).padStart(6, '0')}`;
    const buyerUrl = `${ctx.publicUrl}/_emulator/buyer/${eftTradeNo}`;
    const seconds = activeTime === undefined ? defaultActiveSeconds(service, payType) : Number(activeTime);
    const order: SaleOrder = {
      merchantKey: merchant.userConfirmKey,
      eftTradeNo,
      outTradeNo,
      scene: service.scene,
      payType,
      wallet,
      currency,
      amount,
      subject,
      ...(tid === undefined ? {} : { tid }),
      ...(notifyUrl === undefined ? {} : { notifyUrl }),
      createdAt: now,
      expiresAt: now + seconds * 1000,
      status: 'TRADE_PROCESSING',
      refunded: 0,
      refundedSettled: 0,
      ...(service.scene === 'qrcode' ? { qrCode: buyerUrl } : { payUrl: buyerUrl }),
    };
    book.addOrder(order);
    return {
      out_trade_no: outTradeNo,
      eft_trade_no: eftTradeNo,
      eftpay_trade_no: eftTradeNo,
      trade_status: order.status,
      transaction_amount: formatVmpAmount(amount),
      fee_type: currency,
      [names.payType]: payType,
      [names.wallet]: wallet,
      ...(order.qrCode === undefined ? { pay_url: buyerUrl } : { qr_code: buyerUrl }),
    };
  });
}

/** The order a query, close or cancel names: `eft_trade_no` (or `eftpay_trade_no`) wins over out_trade_no. */
function locate(ctx: OperationContext, notFound: '31' | '05'): SaleOrder {
  const { fields, book, merchant } = ctx;
  const eft = field(fields, 'eft_trade_no') ?? field(fields, 'eftpay_trade_no');
  const out = field(fields, 'out_trade_no');
  if (eft === undefined && out === undefined) throw refuse('-13');
  const order =
    eft !== undefined
      ? book.orderByEft(merchant.userConfirmKey, eft)
      : book.orderByOut(merchant.userConfirmKey, out!);
  if (order === undefined) throw refuse(notFound);
  return order;
}

/** The payment type and wallet a call names must be the original order's (seed 04). */
function checkSameWallet(ctx: OperationContext, order: SaleOrder, payTypeRequired: boolean): void {
  const names = spelling(ctx.service.scene);
  const payTypeText = field(ctx.fields, names.payType);
  if (payTypeText === undefined) {
    if (payTypeRequired) throw refuse('20');
  } else {
    const payType = readPayType(payTypeText);
    if (payType === undefined) throw refuse('20');
    if (payType !== order.payType) throw refuse('04');
  }
  if (ctx.service.payType !== undefined && ctx.service.payType !== order.payType) throw refuse('04');
  const wallet = field(ctx.fields, names.wallet);
  if (wallet !== undefined && wallet !== order.wallet) throw refuse('04');
}

function saleView(ctx: OperationContext, order: SaleOrder): Answer {
  const names = spelling(ctx.service.scene);
  const tradeType: VmpTradeType = order.cancelled ? 'CANCEL' : 'SALE';
  return {
    out_trade_no: order.outTradeNo,
    eft_trade_no: order.eftTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    trade_type: tradeType,
    trade_status: order.status,
    transaction_amount: formatVmpAmount(order.amount),
    total_fee: formatVmpAmount(order.amount),
    fee_type: order.currency,
    [names.payType]: order.payType,
    [names.wallet]: order.wallet,
    subject: order.subject,
    trade_time: formatTradeTime(order.paidAt ?? order.createdAt),
    ...(order.tid === undefined ? {} : { tid: order.tid }),
    ...(order.transactionId === undefined ? {} : { transaction_id: order.transactionId }),
    ...(order.buyerId === undefined ? {} : { buyer_id: order.buyerId }),
  };
}

function refundView(order: SaleOrder, refund: RefundOrder): Answer {
  return {
    out_trade_no: order.outTradeNo,
    eft_trade_no: order.eftTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    refund_no: refund.refundNo,
    eft_refund_no: refund.eftRefundNo,
    trade_type: 'REFUND',
    trade_status: refund.status,
    return_amount: formatVmpAmount(refund.amount),
    total_fee: formatVmpAmount(order.amount),
    fee_type: order.currency,
    refund_time: formatTradeTime(refund.settledAt ?? refund.createdAt),
  };
}

function query(ctx: OperationContext): Answer {
  if (field(ctx.fields, 'querytype') !== VMP_QUERY_TYPE) throw refuse('19');
  const order = locate(ctx, '31');
  checkSameWallet(ctx, order, false);
  const refundNo = field(ctx.fields, 'refund_no');
  if (refundNo === undefined) return finish(ctx, () => saleView(ctx, order));
  const found = ctx.book.refund(ctx.merchant.userConfirmKey, refundNo);
  if (found === undefined || found.eftTradeNo !== order.eftTradeNo) throw refuse('05');
  return finish(ctx, () => refundView(order, found));
}

/** The sale's status once its completed refunds are counted. */
export function refundSettled(order: SaleOrder): void {
  if (order.refundedSettled >= order.amount) {
    order.status = 'TRADE_CLOSED';
    order.closedBy = 'refund';
  } else if (order.refundedSettled > 0) {
    order.status = 'TRADE_REFUND';
  }
}

function refund(ctx: OperationContext, apply: boolean): Answer {
  const { fields, service, merchant, book, now } = ctx;
  const names = spelling(service.scene);
  const refundNo = checkOrderNo(field(fields, names.refundNo));
  const amount = refundAmount(field(fields, names.refundAmount));
  // Both numbers given: they must name one order (seed 53); otherwise the one given must exist (05).
  const eft = field(fields, 'eft_trade_no') ?? field(fields, 'eftpay_trade_no');
  const out = field(fields, 'out_trade_no');
  if (eft !== undefined && out !== undefined) {
    const byEft = book.orderByEft(merchant.userConfirmKey, eft);
    const byOut = book.orderByOut(merchant.userConfirmKey, out);
    if (byEft !== undefined && byOut !== undefined && byEft !== byOut) throw refuse('53');
  }
  const order = locate(ctx, '05');
  checkSameWallet(ctx, order, service.scene !== 'app');
  if (book.refund(merchant.userConfirmKey, refundNo)) {
    throw service.scene === 'app' ? refuse('-99', NOT_UNIQUE_99) : refuse('14');
  }
  const totalFee = field(fields, 'total_fee');
  if (totalFee !== undefined) {
    const parsed = parseVmpAmount(totalFee);
    if (!parsed.ok) throw refuse('-22');
    if (parsed.minor !== order.amount) throw refuse('17');
  }
  if (order.cancelled) throw refuse('-55');
  if (order.status === 'TRADE_PROCESSING') throw refuse('16');
  if (order.status === 'TRADE_FAIL' || (order.status === 'TRADE_CLOSED' && order.closedBy !== 'refund')) {
    throw refuse('15');
  }
  if (now - (order.paidAt ?? order.createdAt) > REFUND_WINDOW_MS) throw refuse('46');
  if (order.refunded + amount > order.amount) throw refuse('18');
  if (merchant.sweepsSales && !apply) throw order.payType === 'WeChat' ? refuse('64') : refuse('-53');
  if (!merchant.sweepsSales && book.balance(merchant.userConfirmKey) < amount) throw refuse('-53');
  const notifyUrl = field(fields, 'notify_url');
  return finish(ctx, () => {
    const seq = book.nextSeq();
    order.refunded += amount;
    const record: RefundOrder = {
      merchantKey: merchant.userConfirmKey,
      refundNo,
      eftRefundNo: `EFTR${formatVmpTime(now)}${String(seq).padStart(6, '0')}`,
      eftTradeNo: order.eftTradeNo,
      amount,
      ...(field(fields, 'reason') === undefined ? {} : { reason: field(fields, 'reason')! }),
      ...(apply && notifyUrl !== undefined ? { notifyUrl } : {}),
      createdAt: now,
      status: 'APPLY_SUCCESS',
      ...(apply ? { settlesAt: now + APPLY_REFUND_DELAY_MS } : {}),
    };
    if (!apply) {
      order.refundedSettled += amount;
      record.status = order.refundedSettled >= order.amount ? 'TRADE_CLOSED' : 'TRADE_REFUND';
      record.settledAt = now;
      book.moveBalance(merchant.userConfirmKey, -amount);
      refundSettled(order);
    }
    book.addRefund(record);
    return { ...refundView(order, record), [names.refundNo]: refundNo };
  });
}

function close(ctx: OperationContext): Answer {
  const order = locate(ctx, '31');
  checkSameWallet(ctx, order, false);
  const paid =
    order.status === 'TRADE_SUCCESS' ||
    order.status === 'TRADE_REFUND' ||
    order.cancelled === true ||
    order.closedBy === 'refund';
  if (paid) throw refuse('54');
  if (hkDay(order.createdAt) !== hkDay(ctx.now)) throw refuse('55');
  return finish(ctx, () => {
    order.status = 'TRADE_CLOSED';
    order.closedBy ??= 'close';
    return saleView(ctx, order);
  });
}

function cancel(ctx: OperationContext): Answer {
  const { merchant, book, now } = ctx;
  const order = locate(ctx, '31');
  checkSameWallet(ctx, order, true);
  if (order.cancelled) throw refuse('-55');
  if (order.status === 'TRADE_PROCESSING') throw refuse('16');
  if (order.status === 'TRADE_FAIL' || (order.status === 'TRADE_CLOSED' && order.closedBy !== 'refund')) {
    throw refuse('15');
  }
  // A reversal undoes a whole payment of today; after a refund, or on a later day, only refunds remain.
  if (order.refunded > 0 || hkDay(order.paidAt ?? order.createdAt) !== hkDay(now)) throw refuse('40');
  if (merchant.sweepsSales || book.balance(merchant.userConfirmKey) < order.amount) throw refuse('-53');
  return finish(ctx, () => {
    order.cancelled = true;
    order.status = 'TRADE_CLOSED';
    order.closedBy = 'cancel';
    book.moveBalance(merchant.userConfirmKey, -order.amount);
    return saleView(ctx, order);
  });
}
