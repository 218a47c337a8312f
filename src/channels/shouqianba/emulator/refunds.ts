import { daysBetween, localDate } from '../../../domain/calendar.js';
import type { OrderBook } from './book.js';
import { CONFIRM_MS } from './magic.js';
import type { Order, Refund, RefundRequest, WorldCode } from './orders.js';
import { FULL_REFUND_ONLY_PAYWAYS, REFUND_ERROR_SETTLE_MS, REFUND_WINDOW_DAYS, SHANGHAI } from './rules.js';
import { bizAnswer, type Json, messageOf } from './wire.js';

/** Refunds of paid orders: idempotent by refund_request_no, within the order, the window and the balance. */
export function refund(book: OrderBook, request: RefundRequest, world: WorldCode): Json {
  const now = book.now();
  const order = book.find(request);
  if (order === undefined) return bizAnswer('FAIL', undefined, { code: 'UPAY_ORDER_NOT_EXISTS' });
  const earlier = order.refunds.get(request.requestNo);
  if (earlier !== undefined && earlier.status !== 'FAILED') {
    // The same refund_request_no again: the retry of a refund, never a new one.
    if (earlier.status === 'SUCCESS')
      return bizAnswer('FAIL', book.view(order, earlier), { code: 'UPAY_REFUND_ORDER_NOOP' });
    return bizAnswer(
      earlier.status === 'IN_PROG' ? 'REFUND_IN_PROGRESS' : 'REFUND_ERROR',
      book.view(order, earlier),
    );
  }
  const stateRefusal = refundStateRefusal(order, now);
  if (stateRefusal !== undefined)
    return bizAnswer('FAIL', undefined, { code: 'UPAY_REFUND_INVALID_ORDER_STATE', message: stateRefusal });
  if (FULL_REFUND_ONLY_PAYWAYS.has(order.payway) && request.amount !== order.totalAmount)
    return bizAnswer('FAIL', undefined, { code: 'REFUND_AMT_NOT_EQUAL_TOTAL' });
  if (request.amount > order.netAmount)
    return bizAnswer('FAIL', undefined, {
      code: 'REFUNDABLE_AMOUNT_NOT_ENOUGH',
      message: `订单可退金额不足，可退金额${order.netAmount}分`,
    });
  if (book.takings.balance(now) < request.amount)
    return bizAnswer('FAIL', undefined, { code: 'ACCOUNT_BALANCE_NOT_ENOUGH' });
  const refund: Refund = {
    requestNo: request.requestNo,
    amount: request.amount,
    clientTsn: request.clientTsn ?? `${order.clientSn}-${request.requestNo}`,
    status: 'IN_PROG',
  };
  order.refunds.set(refund.requestNo, refund);
  // The amount is held from now on, so that concurrent refunds cannot exceed the order together.
  order.netAmount -= refund.amount;
  book.takings.addBalance(now, -refund.amount);
  switch (world) {
    case 'TRADE_NOT_EXIST':
    case 'SELLER_BALANCE_NOT_ENOUGH':
      refund.status = 'FAILED';
      order.netAmount += refund.amount;
      book.takings.addBalance(now, refund.amount);
      order.status = 'REFUND_ERROR';
      return bizAnswer('FAIL', book.view(order, refund), { code: world });
    case 'REFUND_IN_PROGRESS':
      refund.settleAt = now + CONFIRM_MS;
      book.track(order);
      order.status = 'IN_PROG';
      return bizAnswer('REFUND_IN_PROGRESS', book.view(order, refund));
    case 'REFUND_ERROR':
      refund.status = 'REFUND_ERROR';
      refund.settleAt = now + REFUND_ERROR_SETTLE_MS;
      book.track(order);
      order.status = 'REFUND_ERROR';
      order.orderStatus = 'REFUND_ERROR';
      return bizAnswer('REFUND_ERROR', book.view(order, refund));
    default:
      book.refunded(order, refund, now);
      return bizAnswer('REFUND_SUCCESS', book.view(order, refund));
  }
}

function refundStateRefusal(order: Order, now: number): string | undefined {
  switch (order.orderStatus) {
    case 'PAID':
    case 'PARTIAL_REFUNDED':
      break;
    case 'REFUNDED':
      return '订单已全额退款,可退金额不足';
    case 'REFUND_ERROR':
      return '订单有退款处理中，请稍后再试';
    default:
      return messageOf('UPAY_REFUND_INVALID_ORDER_STATE');
  }
  const paidDay = localDate(order.paidAt ?? order.ctime, SHANGHAI);
  if (daysBetween(paidDay, localDate(now, SHANGHAI)) > REFUND_WINDOW_DAYS) return '订单已超过可退款期限';
  return undefined;
}
