import { randomBytes } from 'node:crypto';
import type { OrderBook } from './book.js';
import { digits } from './ids.js';
import { CONFIRM_MS, readBuyerCode } from './magic.js';
import type { Order, PayRequest, PrecreateRequest, WorldCode } from './orders.js';
import { BARCODE_VALIDITY_MS, type MerchantTerms, QR_VALIDITY_MS } from './rules.js';
import { bizAnswer, type Json } from './wire.js';
import { FLOW_FAULTS, WALLET_REFUSALS } from './world-codes.js';

/** Payments: by the buyer's barcode (pay), by a QR code or wap page (precreate) and the buyer paying it. */

export function pay(book: OrderBook, terms: MerchantTerms, request: PayRequest, world: WorldCode): Json {
  const answer = barcodePayment(book, terms, request, world);
  book.trackClientSn(request.clientSn);
  return answer;
}

export function precreate(
  book: OrderBook,
  terms: MerchantTerms,
  request: PrecreateRequest,
  world: WorldCode,
): Json {
  const answer = codeOrder(book, terms, request, world);
  book.trackClientSn(request.clientSn);
  return answer;
}

function barcodePayment(book: OrderBook, terms: MerchantTerms, request: PayRequest, world: WorldCode): Json {
  const now = book.now();
  const early = beforeOrder(book, terms, request.clientSn, request.totalAmount, 'PAY_FAIL');
  if (early !== undefined) return early;
  const buyer = readBuyerCode(request.dynamicId);
  const payway =
    request.payway ?? (buyer?.wallet === 'wechat' ? '3' : buyer?.wallet === 'alipay' ? '1' : undefined);
  const order = book.create({ ...request, payway: payway ?? '1', subPayway: '1' }, now, buyer?.magic);
  if (buyer === undefined || payway === undefined) return payFail(book, order, 'INVALID_BARCODE');
  if (!terms.contractedPayways.has(payway)) return payFail(book, order, 'UNEXPECTED_PROVIDER_ERROR');
  order.buyerKey = buyer.buyerKey;
  order.dynamicId = request.dynamicId;

  // What the world behind upay answers, when a scenario says so.
  if (world !== undefined) {
    if (WALLET_REFUSALS.has(world)) return payFail(book, order, world);
    if (world === 'PAY_IN_PROGRESS') {
      order.pending = { at: now + CONFIRM_MS, to: 'PAID' };
      return bizAnswer('PAY_IN_PROGRESS', book.view(order));
    }
    const status = FLOW_FAULTS.has(world) ? world : world === 'PAY_FAIL_ERROR' ? 'FAIL_ERROR' : 'FAIL_IO_2';
    order.orderStatus = 'PAY_ERROR';
    order.status = status;
    order.finishTime = now;
    return bizAnswer(
      world === 'PAY_FAIL_IN_PROGRESS' ? 'PAY_FAIL_IN_PROGRESS' : 'PAY_FAIL_ERROR',
      book.view(order),
    );
  }

  // The wallet: the barcode, the buyer's balance and limits, the merchant's account limit.
  const refusal = walletRefusal(book, terms, request.dynamicId, buyer, payway, request.totalAmount, now);
  if (buyer.magic === undefined && !book.barcodes.has(request.dynamicId))
    book.barcodes.set(request.dynamicId, { firstSeen: now });
  if (refusal !== undefined) return payFail(book, order, refusal);
  const behaviour = buyer.behaviour;
  if (behaviour.kind === 'refuses') return payFail(book, order, behaviour.code);
  if (behaviour.kind === 'confirms_later') {
    order.pending = {
      at: now + behaviour.afterMs,
      to: behaviour.outcome,
      ...(behaviour.code === undefined ? {} : { code: behaviour.code }),
    };
    return bizAnswer('PAY_IN_PROGRESS', book.view(order));
  }
  if (behaviour.kind === 'pays_with_promotion') order.promotion = true;
  book.paid(order, now);
  return bizAnswer('PAY_SUCCESS', book.view(order));
}

function codeOrder(book: OrderBook, terms: MerchantTerms, request: PrecreateRequest, world: WorldCode): Json {
  const now = book.now();
  const early = beforeOrder(book, terms, request.clientSn, request.totalAmount, 'PRECREATE_FAIL');
  if (early !== undefined) return early;
  if (!terms.contractedPayways.has(request.payway))
    return bizAnswer('PRECREATE_FAIL', undefined, { code: 'UNEXPECTED_PROVIDER_ERROR' });
  const order = book.create(request, now, undefined);
  if (world === 'TRADE_FAILED') {
    book.fail(order, 'TRADE_FAILED', now);
    return bizAnswer('PRECREATE_FAIL', book.view(order), { code: 'TRADE_FAILED' });
  }
  if (world === 'PRECREATE_FAIL_ERROR' || world === 'PRECREATE_FAIL_IN_PROGRESS') {
    order.orderStatus = 'PAY_ERROR';
    order.status = world === 'PRECREATE_FAIL_ERROR' ? 'FAIL_ERROR' : 'FAIL_IO_2';
    return bizAnswer(world, book.view(order));
  }
  const token = randomBytes(9).toString('base64url');
  if (request.subPayway === '2') {
    order.qrCode =
      request.payway === '3' ? `weixin://wxpay/bizpayurl?pr=${token}` : `https://qr.alipay.com/bax${token}`;
  } else {
    order.wapPayRequest = {
      appId: `wx${digits(16)}`,
      timeStamp: String(Math.floor(now / 1000)),
      nonceStr: randomBytes(8).toString('hex'),
      package: `prepay_id=wx${digits(20)}`,
      signType: 'MD5',
      paySign: randomBytes(16).toString('hex').toUpperCase(),
    };
  }
  order.expiresAt = now + QR_VALIDITY_MS;
  return bizAnswer('PRECREATE_SUCCESS', book.view(order));
}

/** The buyer scans a precreated code and pays with their wallet (`buyerCode` as if it were their barcode). */
export function buyerPays(
  book: OrderBook,
  terms: MerchantTerms,
  order: Order,
  buyerCode: string | undefined,
): { ok: true } | { ok: false; reason: string } {
  book.refresh(order);
  if (order.subPayway === '1') return { ok: false, reason: 'not a QR or wap order' };
  if (order.orderStatus !== 'CREATED' || order.pending !== undefined)
    return { ok: false, reason: `the order is ${order.orderStatus}` };
  const now = book.now();
  const buyer = readBuyerCode(buyerCode ?? `28${digits(16)}`);
  if (buyer === undefined) return { ok: false, reason: 'buyer code is not a barcode' };
  order.buyerKey = buyer.buyerKey;
  order.expiresAt = undefined;
  const refusal = book.takings.limitRefusal(
    buyer.buyerKey,
    order.payway,
    order.totalAmount,
    now,
    terms.limits,
  );
  const behaviour = buyer.behaviour;
  if (refusal !== undefined) book.fail(order, refusal, now);
  else if (behaviour.kind === 'refuses') book.fail(order, behaviour.code, now);
  else if (behaviour.kind === 'confirms_later')
    order.pending = {
      at: now + behaviour.afterMs,
      to: behaviour.outcome,
      ...(behaviour.code === undefined ? {} : { code: behaviour.code }),
    };
  else {
    if (behaviour.kind === 'pays_with_promotion') order.promotion = true;
    book.paid(order, now);
  }
  book.track(order);
  return { ok: true };
}

/** Checks made before an order exists: the merchant's order number and the store's daily limit. */
function beforeOrder(
  book: OrderBook,
  terms: MerchantTerms,
  clientSn: string,
  amount: number,
  failResult: string,
): Json | undefined {
  if (book.hasClientSn(clientSn))
    return bizAnswer(failResult, undefined, {
      code: 'CLIENT_SN_CONFLICT',
      message: `client_sn ${clientSn}在系统中已存在`,
    });
  const now = book.now();
  if (book.takings.overStoreLimit(amount, now, terms.limits))
    return bizAnswer(failResult, undefined, { code: 'UPAY_STORE_OVER_DAILY_LIMIT' });
  return undefined;
}

function payFail(book: OrderBook, order: Order, code: string): Json {
  book.fail(order, code, book.now());
  return bizAnswer('PAY_FAIL', book.view(order), { code });
}

function walletRefusal(
  book: OrderBook,
  terms: MerchantTerms,
  barcode: string,
  buyer: NonNullable<ReturnType<typeof readBuyerCode>>,
  payway: string,
  amount: number,
  now: number,
): string | undefined {
  if (buyer.magic === undefined) {
    const seen = book.barcodes.get(barcode);
    if (seen?.paidAt !== undefined && now - seen.paidAt < BARCODE_VALIDITY_MS) return 'TRADE_HAS_SUCCESS';
    if (seen !== undefined && (seen.paidAt !== undefined || now - seen.firstSeen >= BARCODE_VALIDITY_MS))
      return 'EXPIRED_BARCODE';
  }
  return book.takings.limitRefusal(buyer.buyerKey, payway, amount, now, terms.limits);
}
