import type { Order, OrderStatus, Refund } from './orders.js';
import type { Json } from './wire.js';

const PAID_STATUSES = new Set<OrderStatus>(['PAID', 'PARTIAL_REFUNDED', 'REFUNDED', 'REFUND_ERROR']);

const PAYWAY_NAMES: Readonly<Record<string, string>> = {
  '1': '支付宝',
  '2': '支付宝',
  '3': '微信',
  '4': '百付宝',
  '5': '京东',
  '6': 'QQ钱包',
};

/** The order as upay's answers and notifications show it: every value a string, times in ms. */
export function orderView(order: Order, storeSn: string, refund?: Refund): Json {
  const time = (ms: number | undefined) => (ms === undefined ? '' : String(ms));
  return {
    sn: order.sn,
    client_sn: order.clientSn,
    ...(refund === undefined ? {} : { client_tsn: refund.clientTsn }),
    ctime: String(order.ctime),
    status: order.status,
    order_status: order.orderStatus,
    payway: order.payway,
    payway_name: PAYWAY_NAMES[order.payway] ?? '',
    sub_payway: order.subPayway,
    trade_no: order.tradeNo ?? '',
    total_amount: String(order.totalAmount),
    net_amount: String(order.netAmount),
    ...(refund === undefined ? {} : { refund_amount: String(refund.amount) }),
    payer_uid: order.payerUid ?? '',
    payer_login: order.payerLogin ?? '',
    finish_time: time(refund?.finishTime ?? order.finishTime),
    channel_finish_time: time(refund?.finishTime ?? order.channelFinishTime),
    subject: order.subject,
    operator: order.operator,
    terminal_sn: order.terminalSn,
    store_id: storeSn,
    ...(order.description === undefined ? {} : { description: order.description }),
    ...(order.reflect === undefined ? {} : { reflect: order.reflect }),
    ...(order.qrCode === undefined ? {} : { qr_code: order.qrCode }),
    ...(order.wapPayRequest === undefined ? {} : { wap_pay_request: order.wapPayRequest }),
    ...(PAID_STATUSES.has(order.orderStatus) || order.orderStatus === 'CANCELED'
      ? { payment_list: paymentList(order) }
      : {}),
  };
}

function paymentList(order: Order): Json[] {
  if (!order.promotion || order.totalAmount < 2)
    return [{ type: 'WALLET', amount_total: String(order.totalAmount) }];
  const discount = Math.min(100, order.totalAmount - 1);
  return [
    { type: 'BANKCARD_DEBIT', amount_total: String(order.totalAmount - discount) },
    { type: 'DISCOUNT_CHANNEL_MCH', amount_total: String(discount) },
  ];
}
