import type { OrderBook } from './book.js';
import type { OrderRef, Refund, WorldCode } from './orders.js';
import { bizAnswer, type Json } from './wire.js';

const REFUND_FLOW_STATUS: Readonly<Record<Refund['status'], string>> = {
  SUCCESS: 'SUCCESS',
  IN_PROG: 'IN_PROG',
  REFUND_ERROR: 'REFUND_ERROR',
  FAILED: 'FAIL_CANCELED',
};

/** The order; with `refundRequestNo`, the order as that refund left it (the refund's flow as `status`). */
export function query(book: OrderBook, ref: OrderRef & { refundRequestNo?: string }, world: WorldCode): Json {
  const order = book.find(ref);
  if (order === undefined) return bizAnswer('FAIL', undefined, { code: 'UPAY_ORDER_NOT_EXISTS' });
  if (world === 'TRADE_NOT_EXIST') return bizAnswer('FAIL', undefined, { code: 'TRADE_NOT_EXIST' });
  if (ref.refundRequestNo !== undefined) {
    const refund = order.refunds.get(ref.refundRequestNo);
    if (refund === undefined) return bizAnswer('FAIL', undefined, { code: 'UPAY_ORDER_NOT_EXISTS' });
    const data = book.view(order, refund);
    data.status = REFUND_FLOW_STATUS[refund.status];
    if (world === 'INVALID_STATUS_CODE') data.order_status = 'INVALID_STATUS_CODE';
    return bizAnswer('SUCCESS', data);
  }
  const data = book.view(order);
  if (world === 'INVALID_STATUS_CODE') data.order_status = 'INVALID_STATUS_CODE';
  return bizAnswer('SUCCESS', data, order.error === 'TRADE_TIMEOUT' ? { code: 'TRADE_TIMEOUT' } : undefined);
}
