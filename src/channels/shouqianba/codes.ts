import type { BizResult, ChargeStatus, FlowStatus } from '../../domain/statuses.js';
import type { UnifiedCode } from '../../errors/catalog.js';
import type { UpstreamMapping } from '../../errors/types.js';

/**
 * Shouqianba "upay" (seed 001) as data: its error codes → unified codes, its statuses → ours, and its payway
 * numbers. Messages are the seed's Chinese text, verbatim. Upstream vocabularies are `as const` lists so that
 * a value added to one fails to compile until its map says where it goes.
 */

export interface ShouqianbaCodeMapping extends UpstreamMapping {
  readonly provider: 'shouqianba';
  readonly unified: UnifiedCode;
}

/** Outer `error_code` (result_code 400/500) first, then `biz_response.error_code`. */
export const SHOUQIANBA_ERROR_CODES: readonly ShouqianbaCodeMapping[] = [
  // Communication layer: result_code 400 (our request) or 500 (theirs).
  { provider: 'shouqianba', code: 'INVALID_PARAMS', message: '参数错误', unified: 'channel_parameter_error' },
  // The terminal_sn we sign with is unknown or deactivated: our credentials, hence auth.
  { provider: 'shouqianba', code: 'INVALID_TERMINAL', message: '终端错误', unified: 'channel_auth_error' },
  { provider: 'shouqianba', code: 'ILLEGAL_SIGN', message: '签名错误', unified: 'channel_auth_error' },
  {
    provider: 'shouqianba',
    code: 'UNKNOWN_SYSTEM_ERROR',
    message: '系统错误',
    unified: 'channel_unexpected_error',
  },
  // Business layer.
  { provider: 'shouqianba', code: 'INVALID_BARCODE', message: '条码错误', unified: 'invalid_barcode' },
  {
    provider: 'shouqianba',
    code: 'INSUFFICIENT_FUND',
    message: '账户金额不足',
    unified: 'insufficient_fund',
  },
  { provider: 'shouqianba', code: 'EXPIRED_BARCODE', message: '过期的支付条码', unified: 'barcode_expired' },
  {
    provider: 'shouqianba',
    code: 'BUYER_OVER_DAILY_LIMIT',
    message: '付款人当日付款金额超过上限',
    unified: 'buyer_over_daily_limit',
  },
  {
    provider: 'shouqianba',
    code: 'BUYER_OVER_TRANSACTION_LIMIT',
    message: '付款人单笔付款金额超过上限',
    unified: 'buyer_over_transaction_limit',
  },
  {
    provider: 'shouqianba',
    code: 'SELLER_OVER_DAILY_LIMIT',
    message: '收款账户当日收款金额超过上限',
    unified: 'seller_over_daily_limit',
  },
  // The channel behind Shouqianba has no such trade; UPAY_ORDER_NOT_EXISTS is Shouqianba itself: same meaning.
  { provider: 'shouqianba', code: 'TRADE_NOT_EXIST', message: '交易不存在', unified: 'trade_not_found' },
  {
    provider: 'shouqianba',
    code: 'TRADE_HAS_SUCCESS',
    message: '交易已被支付',
    unified: 'charge_already_paid',
  },
  {
    provider: 'shouqianba',
    code: 'SELLER_BALANCE_NOT_ENOUGH',
    message: '卖家余额不足',
    unified: 'merchant_balance_insufficient',
  },
  {
    provider: 'shouqianba',
    code: 'REFUND_AMT_NOT_EQUAL_TOTAL',
    message: '退款金额无效',
    unified: 'refund_amount_invalid',
  },
  // A generic refusal without a more specific code.
  {
    provider: 'shouqianba',
    code: 'TRADE_FAILED',
    message: '交易失败',
    unified: 'channel_response_code_fail',
  },
  // The barcode or payway leads to a wallet the merchant has not contracted.
  {
    provider: 'shouqianba',
    code: 'UNEXPECTED_PROVIDER_ERROR',
    message: '不认识的支付通道',
    unified: 'payway_not_enabled',
  },
  { provider: 'shouqianba', code: 'TRADE_TIMEOUT', message: '交易超时自动撤单', unified: 'trade_timeout' },
  {
    provider: 'shouqianba',
    code: 'ACCOUNT_BALANCE_NOT_ENOUGH',
    message: '商户余额不足',
    unified: 'merchant_balance_insufficient',
  },
  {
    provider: 'shouqianba',
    code: 'CLIENT_SN_CONFLICT',
    message: 'client_sn在系统中已存在',
    unified: 'charge_order_no_used',
  },
  {
    provider: 'shouqianba',
    code: 'UPAY_ORDER_NOT_EXISTS',
    message: '订单不存在',
    unified: 'trade_not_found',
  },
  {
    provider: 'shouqianba',
    code: 'REFUNDABLE_AMOUNT_NOT_ENOUGH',
    message: '订单可退金额不足',
    unified: 'refund_amount_exceeded',
  },
  {
    provider: 'shouqianba',
    code: 'UPAY_TERMINAL_NOT_EXISTS',
    message: '终端号在交易系统中不存在',
    unified: 'terminal_not_found',
  },
  {
    provider: 'shouqianba',
    code: 'UPAY_TERMINAL_STATUS_ABNORMAL',
    message: '终端未激活',
    unified: 'terminal_not_activated',
  },
  {
    provider: 'shouqianba',
    code: 'UPAY_CANCEL_ORDER_NOOP',
    message: '无效操作，订单已经是撤单状态了',
    unified: 'cancel_already_done',
  },
  {
    provider: 'shouqianba',
    code: 'UPAY_CANCEL_INVALID_ORDER_STATE',
    message: '当前订单状态不可撤销',
    unified: 'cancel_not_allowed',
  },
  // The same refund_request_no again, after that refund completed: the refund number is spent.
  {
    provider: 'shouqianba',
    code: 'UPAY_REFUND_ORDER_NOOP',
    message: '无效操作，本次退款退款已经完成了',
    unified: 'refund_no_used',
  },
  {
    provider: 'shouqianba',
    code: 'UPAY_REFUND_INVALID_ORDER_STATE',
    message: '当前订单状态不可退款',
    unified: 'refund_not_allowed',
  },
  {
    provider: 'shouqianba',
    code: 'UPAY_STORE_OVER_DAILY_LIMIT',
    message: '商户日收款额超过上限',
    unified: 'store_over_daily_limit',
  },
  // A promotion order: the channel's rule forbids reversing it (a refusal, not a state problem).
  {
    provider: 'shouqianba',
    code: 'UPAY_TCP_ORDER_NOT_REFUNDABLE',
    message: '订单参与了活动并且无法撤销',
    unified: 'refund_refused',
  },
];

/** `biz_response.result_code`: the result of one operation. polypay keeps this vocabulary as is. */
export const SHOUQIANBA_BIZ_RESULT_CODES = [
  'PAY_SUCCESS',
  'PAY_FAIL',
  'PAY_IN_PROGRESS',
  'PAY_FAIL_ERROR',
  'PAY_FAIL_IN_PROGRESS',
  'CANCEL_SUCCESS',
  'CANCEL_ERROR',
  'CANCEL_ABORT_ERROR',
  'CANCEL_ABORT_SUCCESS',
  'CANCEL_IN_PROGRESS',
  'CANCEL_ABORT_IN_PROGRESS',
  'REFUND_SUCCESS',
  'REFUND_ERROR',
  'REFUND_IN_PROGRESS',
  'PRECREATE_SUCCESS',
  'PRECREATE_FAIL',
  'PRECREATE_FAIL_ERROR',
  'PRECREATE_FAIL_IN_PROGRESS',
  'SUCCESS',
  'FAIL',
] as const;
export type ShouqianbaBizResult = (typeof SHOUQIANBA_BIZ_RESULT_CODES)[number];

export const SHOUQIANBA_BIZ_RESULTS = {
  PAY_SUCCESS: 'PAY_SUCCESS',
  PAY_FAIL: 'PAY_FAIL',
  PAY_IN_PROGRESS: 'PAY_IN_PROGRESS',
  PAY_FAIL_ERROR: 'PAY_FAIL_ERROR',
  PAY_FAIL_IN_PROGRESS: 'PAY_FAIL_IN_PROGRESS',
  CANCEL_SUCCESS: 'CANCEL_SUCCESS',
  CANCEL_ERROR: 'CANCEL_ERROR',
  CANCEL_ABORT_ERROR: 'CANCEL_ABORT_ERROR',
  CANCEL_ABORT_SUCCESS: 'CANCEL_ABORT_SUCCESS',
  CANCEL_IN_PROGRESS: 'CANCEL_IN_PROGRESS',
  CANCEL_ABORT_IN_PROGRESS: 'CANCEL_ABORT_IN_PROGRESS',
  REFUND_SUCCESS: 'REFUND_SUCCESS',
  REFUND_ERROR: 'REFUND_ERROR',
  REFUND_IN_PROGRESS: 'REFUND_IN_PROGRESS',
  PRECREATE_SUCCESS: 'PRECREATE_SUCCESS',
  PRECREATE_FAIL: 'PRECREATE_FAIL',
  PRECREATE_FAIL_ERROR: 'PRECREATE_FAIL_ERROR',
  PRECREATE_FAIL_IN_PROGRESS: 'PRECREATE_FAIL_IN_PROGRESS',
  SUCCESS: 'SUCCESS',
  FAIL: 'FAIL',
} as const satisfies Record<ShouqianbaBizResult, BizResult>;

/** An upstream status that has a charge status, or one that is itself an error. */
export type ChargeStatusMapping = { readonly status: ChargeStatus } | { readonly error: UnifiedCode };

/** `biz_response.data.order_status`. */
export const SHOUQIANBA_ORDER_STATUS_CODES = [
  'CREATED',
  'PAID',
  'PAY_CANCELED',
  'PAY_ERROR',
  'REFUNDED',
  'PARTIAL_REFUNDED',
  'REFUND_ERROR',
  'CANCELED',
  'CANCEL_ERROR',
  'CANCEL_INPROGRESS',
  'INVALID_STATUS_CODE',
] as const;
export type ShouqianbaOrderStatus = (typeof SHOUQIANBA_ORDER_STATUS_CODES)[number];

export const SHOUQIANBA_ORDER_STATUSES = {
  CREATED: { status: 'CREATED' },
  PAID: { status: 'PAID' },
  PAY_CANCELED: { status: 'PAY_CANCELED' },
  PAY_ERROR: { status: 'PAY_ERROR' },
  REFUNDED: { status: 'REFUNDED' },
  PARTIAL_REFUNDED: { status: 'PARTIAL_REFUNDED' },
  REFUND_ERROR: { status: 'REFUND_ERROR' },
  CANCELED: { status: 'CANCELED' },
  CANCEL_ERROR: { status: 'CANCEL_ERROR' },
  CANCEL_INPROGRESS: { status: 'CANCEL_INPROGRESS' },
  // Shouqianba's catch-all for a status it cannot name: no charge status, an error to resolve by query.
  INVALID_STATUS_CODE: { error: 'charge_unexpected_status' },
} as const satisfies Record<ShouqianbaOrderStatus, ChargeStatusMapping>;

/** `biz_response.data.status`: the flow (transaction record) of the latest operation. IN_PROG is in examples only. */
export const SHOUQIANBA_FLOW_STATUS_CODES = [
  'IN_PROG',
  'SUCCESS',
  'FAIL_CANCELED',
  'FAIL_PROTOCOL_1',
  'FAIL_IO_1',
  'FAIL_PROTOCOL_2',
  'FAIL_IO_2',
  'FAIL_PROTOCOL_3',
  'FAIL_ERROR',
  'CANCEL_ERROR',
  'REFUND_ERROR',
] as const;
export type ShouqianbaFlowStatus = (typeof SHOUQIANBA_FLOW_STATUS_CODES)[number];

export const SHOUQIANBA_FLOW_STATUSES = {
  IN_PROG: 'IN_PROG',
  SUCCESS: 'SUCCESS',
  FAIL_CANCELED: 'FAIL_CANCELED',
  FAIL_PROTOCOL_1: 'FAIL_PROTOCOL_1',
  FAIL_IO_1: 'FAIL_IO_1',
  FAIL_PROTOCOL_2: 'FAIL_PROTOCOL_2',
  FAIL_IO_2: 'FAIL_IO_2',
  FAIL_PROTOCOL_3: 'FAIL_PROTOCOL_3',
  FAIL_ERROR: 'FAIL_ERROR',
  CANCEL_ERROR: 'CANCEL_ERROR',
  REFUND_ERROR: 'REFUND_ERROR',
} as const satisfies Record<ShouqianbaFlowStatus, FlowStatus>;

/** `payway` numbers (sent and received as strings) → polypay's payway names. */
export const SHOUQIANBA_PAYWAYS = {
  '1': 'alipay',
  '3': 'wechat',
  '4': 'baifubao',
  '5': 'jdpay',
  '6': 'qqwallet',
} as const;
export type ShouqianbaPaywayCode = keyof typeof SHOUQIANBA_PAYWAYS;
export type ShouqianbaPayway = (typeof SHOUQIANBA_PAYWAYS)[ShouqianbaPaywayCode];

/** The reverse of SHOUQIANBA_PAYWAYS. */
export const SHOUQIANBA_PAYWAY_CODES = {
  alipay: '1',
  wechat: '3',
  baifubao: '4',
  jdpay: '5',
  qqwallet: '6',
} as const satisfies Record<ShouqianbaPayway, ShouqianbaPaywayCode>;

/** `sub_payway` numbers → polypay's sub_payway names. */
export const SHOUQIANBA_SUB_PAYWAYS = {
  '1': 'barcode',
  '2': 'qrcode',
  '3': 'wap',
} as const;
export type ShouqianbaSubPaywayCode = keyof typeof SHOUQIANBA_SUB_PAYWAYS;
export type ShouqianbaSubPayway = (typeof SHOUQIANBA_SUB_PAYWAYS)[ShouqianbaSubPaywayCode];

/** The reverse of SHOUQIANBA_SUB_PAYWAYS. */
export const SHOUQIANBA_SUB_PAYWAY_CODES = {
  barcode: '1',
  qrcode: '2',
  wap: '3',
} as const satisfies Record<ShouqianbaSubPayway, ShouqianbaSubPaywayCode>;
