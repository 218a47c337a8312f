import { formatVmpAmount } from '../amount.js';
import { formatTradeTime } from '../vmp-time.js';
import type { RefundOrder, SaleOrder } from './book.js';

/**
 * Notification bodies before `time` and `sign` (reference §4): a payment notification when a sale with a
 * notify_url is paid, a refund notification when an apply-refund with a notify_url settles.
 */

export function paymentNotificationBody(order: SaleOrder, userConfirmKey: string): Record<string, string> {
  const walletField = order.scene === 'qrcode' ? 'payment_type' : 'wallet';
  return {
    notify_type: 'trade_status_sync',
    trade_type: 'SALE',
    user_confirm_key: userConfirmKey,
    out_trade_no: order.outTradeNo,
    eft_trade_no: order.eftTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    trade_no: order.transactionId ?? '',
    transaction_id: order.transactionId ?? '',
    total_fee: formatVmpAmount(order.amount),
    currency: order.currency,
    trade_status: order.status,
    gmt_payment: formatTradeTime(order.paidAt ?? order.createdAt),
    [walletField]: order.wallet,
    ...(order.tid ? { tid: order.tid } : {}),
    ...(order.scene === 'qrcode' ? { subject: order.subject, buyer_id: order.buyerId ?? '' } : {}),
  };
}

export function refundNotificationBody(
  order: SaleOrder,
  refund: RefundOrder,
  userConfirmKey: string,
): Record<string, string> {
  return {
    notify_type: 'trade_status_sync',
    trade_type: 'REFUND',
    user_confirm_key: userConfirmKey,
    out_trade_no: order.outTradeNo,
    eft_trade_no: order.eftTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    refund_no: refund.refundNo,
    return_amount: formatVmpAmount(refund.amount),
    total_fee: formatVmpAmount(order.amount),
    currency: order.currency,
    trade_status: refund.status,
    wallet: order.wallet,
  };
}
