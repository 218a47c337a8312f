import { isSameLocalDay } from '../../../domain/calendar.js';
import type { OrderBook } from './book.js';
import { CONFIRM_MS } from './magic.js';
import type { OrderRef, WorldCode } from './orders.js';
import { SHANGHAI } from './rules.js';
import { bizAnswer, type Json, messageOf } from './wire.js';

/** cancel (automatic reversal) and revoke (manual same-day cancel) run the same logic (revoke&cancel.md). */
export function cancel(book: OrderBook, ref: OrderRef, world: WorldCode, kind: 'cancel' | 'revoke'): Json {
  const now = book.now();
  const order = book.find(ref);
  if (order === undefined) return bizAnswer('FAIL', undefined, { code: 'UPAY_ORDER_NOT_EXISTS' });
  if (order.orderStatus === 'CANCELED')
    return bizAnswer('FAIL', book.view(order), { code: 'UPAY_CANCEL_ORDER_NOOP' });
  if (order.orderStatus === 'CANCEL_INPROGRESS') return bizAnswer('CANCEL_IN_PROGRESS', book.view(order));
  const inProgress = order.orderStatus === 'CREATED';
  const refundedAny =
    order.refunds.size > 0 && [...order.refunds.values()].some((r) => r.status !== 'FAILED');
  if (
    refundedAny ||
    !isSameLocalDay(order.ctime, now, SHANGHAI) ||
    !['PAID', 'CREATED', 'PAY_ERROR', 'CANCEL_ERROR'].includes(order.orderStatus) ||
    (kind === 'revoke' && inProgress)
  ) {
    return bizAnswer('FAIL', undefined, {
      code: 'UPAY_CANCEL_INVALID_ORDER_STATE',
      message: refundedAny ? '订单已退款，不可撤单' : messageOf('UPAY_CANCEL_INVALID_ORDER_STATE'),
    });
  }
  if (order.promotion)
    return bizAnswer('CANCEL_ERROR', undefined, {
      code: 'UPAY_TCP_ORDER_NOT_REFUNDABLE',
      message: `订单${order.sn}参与了活动并且无法撤销`,
    });
  const abort = inProgress && order.subPayway === '1';
  switch (world) {
    case 'TRADE_NOT_EXIST':
    case 'SELLER_BALANCE_NOT_ENOUGH':
      order.status = 'CANCEL_ERROR';
      return bizAnswer('FAIL', book.view(order), { code: world });
    case 'CANCEL_ERROR':
    case 'CANCEL_ABORT_ERROR':
      order.pending = undefined;
      order.expiresAt = undefined;
      order.orderStatus = 'CANCEL_ERROR';
      order.status = 'CANCEL_ERROR';
      book.track(order);
      return bizAnswer(world, book.view(order));
    case 'CANCEL_IN_PROGRESS':
    case 'CANCEL_ABORT_IN_PROGRESS':
      order.expiresAt = undefined;
      order.orderStatus = 'CANCEL_INPROGRESS';
      order.status = 'IN_PROG';
      order.pending = { at: now + CONFIRM_MS, to: 'CANCELED' };
      book.track(order);
      return bizAnswer(world, book.view(order));
    default:
      break;
  }
  order.pending = undefined;
  order.expiresAt = undefined;
  book.canceled(order, now);
  book.track(order);
  return bizAnswer(abort ? 'CANCEL_ABORT_SUCCESS' : 'CANCEL_SUCCESS', book.view(order));
}
