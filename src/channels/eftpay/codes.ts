import type { ChargeStatus, RefundStatus } from '../../domain/statuses.js';
import type { UnifiedCode } from '../../errors/catalog.js';
import type { UpstreamMapping } from '../../errors/types.js';

/**
 * EFTPay VMP (seed 002, Appendix 3) as data: `return_status` codes → unified codes (English messages,
 * verbatim) and `trade_status` → charge and refund statuses. `return_status` "00" says the call was carried,
 * not that the trade succeeded: the trade is in `trade_status`.
 */

export interface EftpayCodeMapping extends UpstreamMapping {
  readonly provider: 'eftpay';
  readonly unified: UnifiedCode;
}

export const EFTPAY_SUCCESS_CODE = '00';

/** Every non-success `return_status`. `-99` has two rows: tell them apart by `return_char`. */
export const EFTPAY_ERROR_CODES: readonly EftpayCodeMapping[] = [
  // Gateway front (negative codes).
  {
    provider: 'eftpay',
    code: '-1',
    message: 'System error: Interface returned abnormal',
    unified: 'channel_unexpected_error',
  },
  // No secret configured for, or no merchant behind, our user_confirm_key: our credentials.
  {
    provider: 'eftpay',
    code: '-11',
    message: 'private_key(secret code) is empty',
    unified: 'channel_auth_error',
  },
  {
    provider: 'eftpay',
    code: '-12',
    message: 'User_Confirm_Key is incorrect',
    unified: 'channel_auth_error',
  },
  // The body itself is malformed (not the value of a field): a protocol-level rejection.
  {
    provider: 'eftpay',
    code: '-13',
    message: 'JSON request is incorrect, please verify the relevant content and check the parameters',
    unified: 'channel_request_error',
  },
  {
    provider: 'eftpay',
    code: '-22',
    message: 'Amount format error: Please check the request parameter transaction_amount',
    unified: 'invalid_amount',
  },
  {
    provider: 'eftpay',
    code: '-23',
    message: 'Amount error: The range of transaction_amount is 0.02~60000',
    unified: 'amount_out_of_range',
  },
  {
    provider: 'eftpay',
    code: '-53',
    message: 'Refund/Cancel failed: Insufficient account balance',
    unified: 'merchant_balance_insufficient',
  },
  {
    provider: 'eftpay',
    code: '-54',
    message: 'Refund/Cancel failed: Incorrect refund/cancel amount',
    unified: 'refund_amount_invalid',
  },
  {
    provider: 'eftpay',
    code: '-55',
    message: 'Refund/Cancel failed, transaction has been canceled',
    unified: 'cancel_already_done',
  },
  { provider: 'eftpay', code: '-99', message: 'System error', unified: 'channel_unexpected_error' },
  {
    provider: 'eftpay',
    code: '-99',
    message: 'out_trade_no/refund_no must be unique',
    unified: 'charge_order_no_used',
  },
  // Business processing (two-digit codes).
  { provider: 'eftpay', code: '01', message: 'notify_url is empty', unified: 'channel_parameter_error' },
  {
    provider: 'eftpay',
    code: '02',
    message: 'Wallet type does not match the transaction type',
    unified: 'channel_parameter_error',
  },
  {
    provider: 'eftpay',
    code: '03',
    message: 'Existing transaction, out_trade_no must be unique',
    unified: 'charge_order_no_used',
  },
  // The wallet differs from the original order's (refund, query, close): a mismatch with the original.
  {
    provider: 'eftpay',
    code: '04',
    message: 'Wallet type does not match the order transaction type',
    unified: 'channel_parameters_consistency_error',
  },
  // The original trade of a refund is unknown (not the refund itself).
  {
    provider: 'eftpay',
    code: '05',
    message: 'REFUND_TRADE_NOT_EXISTTRADE_NOT_EXIST',
    unified: 'trade_not_found',
  },
  { provider: 'eftpay', code: '06', message: 'Parameter abnormal', unified: 'channel_parameter_error' },
  {
    provider: 'eftpay',
    code: '09',
    message: 'Interface abnormal: Failed to create transaction',
    unified: 'channel_unexpected_error',
  },
  {
    provider: 'eftpay',
    code: '10',
    message: 'Signature abnormal, will not continue to access',
    unified: 'channel_auth_error',
  },
  {
    provider: 'eftpay',
    code: '11',
    message: 'User parameter abnormal, unable to locate the user',
    unified: 'channel_auth_error',
  },
  {
    provider: 'eftpay',
    code: '12',
    message: 'Time matching abnormal, please check the client time, or notify operations',
    unified: 'channel_timestamp_rejected',
  },
  {
    provider: 'eftpay',
    code: '13',
    message: 'Time format error, will not continue to access',
    unified: 'channel_timestamp_rejected',
  },
  {
    provider: 'eftpay',
    code: '14',
    message: 'Existing refund transaction, refund_no must be unique',
    unified: 'refund_no_used',
  },
  {
    provider: 'eftpay',
    code: '15',
    message: 'Refund/Cancel failed, transaction has been closed',
    unified: 'charge_closed',
  },
  {
    provider: 'eftpay',
    code: '16',
    message: 'Refund/Cancel failed, transaction pending payment',
    unified: 'refund_not_allowed',
  },
  {
    provider: 'eftpay',
    code: '17',
    message: 'Refund failed, the total amount of the transaction order is inconsistent',
    unified: 'channel_parameters_consistency_error',
  },
  {
    provider: 'eftpay',
    code: '18',
    message: 'Refund failed, the cumulative refund amount cannot be greater than the order amount',
    unified: 'refund_amount_exceeded',
  },
  {
    provider: 'eftpay',
    code: '19',
    message: 'Please enter the specified payment type querytype:OUT_TRADE',
    unified: 'channel_parameter_error',
  },
  {
    provider: 'eftpay',
    code: '20',
    message: 'Please enter the specified payment type paytype: WeChat/Alipay',
    unified: 'channel_parameter_error',
  },
  {
    provider: 'eftpay',
    code: '21',
    message: 'Database access abnormal',
    unified: 'channel_unexpected_error',
  },
  {
    provider: 'eftpay',
    code: '22',
    message: 'User_Confirm_Key{user_confirm_key} corresponding user status is unavailable',
    unified: 'merchant_disabled',
  },
  {
    provider: 'eftpay',
    code: '23',
    message: 'User_Confirm_Key{user_confirm_key} corresponding merchant status is unavailable',
    unified: 'merchant_disabled',
  },
  {
    provider: 'eftpay',
    code: '24',
    message:
      'QR code acquisition timeout, QR code processing abnormal, QR code acquisition communication abnormal',
    unified: 'channel_connection_error',
  },
  {
    provider: 'eftpay',
    code: '25',
    message: 'Interface abnormal: Alipay server timestamp acquisition abnormal',
    unified: 'channel_unavailable',
  },
  {
    provider: 'eftpay',
    code: '29',
    message: 'Failed to obtain QR code request, returned QR code does not match',
    unified: 'channel_parameters_consistency_error',
  },
  // No WeChat/Alipay account configured for the chosen wallet: that payway is not enabled.
  {
    provider: 'eftpay',
    code: '30',
    message: 'Account information is empty, cannot initiate payment',
    unified: 'payway_not_enabled',
  },
  { provider: 'eftpay', code: '31', message: 'Order does not exist', unified: 'trade_not_found' },
  // Cancel (reversal) failures: the charge's state is uncertain, query it; transport failures are generic.
  { provider: 'eftpay', code: '40', message: 'Cancel failed: Cancel abnormal', unified: 'cancel_failed' },
  {
    provider: 'eftpay',
    code: '41',
    message: 'Cancel failed: Cancel communication error',
    unified: 'channel_connection_error',
  },
  {
    provider: 'eftpay',
    code: '42',
    message: 'Cancel failed: WeChat processing abnormal',
    unified: 'cancel_failed',
  },
  {
    provider: 'eftpay',
    code: '43',
    message: 'Cancel failed: WeChat processing abnormal, return file abnormal',
    unified: 'channel_parse_error',
  },
  {
    provider: 'eftpay',
    code: '44',
    message: 'Cancel failed: Alipay processing abnormal, return file abnormal',
    unified: 'channel_parse_error',
  },
  {
    provider: 'eftpay',
    code: '45',
    message: 'Cancel failed: Alipay processing abnormal',
    unified: 'cancel_failed',
  },
  // Refund failures: 46 generic and final; 47 transport, nothing refunded, resend; 48/51 the wallet's refusal.
  { provider: 'eftpay', code: '46', message: 'Refund failed: Cancel abnormal', unified: 'refund_failed' },
  {
    provider: 'eftpay',
    code: '47',
    message: 'Refund failed: Cancel communication error',
    unified: 'refund_retry',
  },
  {
    provider: 'eftpay',
    code: '48',
    message: 'Refund failed: WeChat processing abnormal',
    unified: 'refund_refused_msg',
  },
  {
    provider: 'eftpay',
    code: '49',
    message: 'Refund failed: WeChat processing abnormal, return file abnormal',
    unified: 'channel_parse_error',
  },
  {
    provider: 'eftpay',
    code: '50',
    message: 'Refund failed: Alipay processing abnormal, return file abnormal',
    unified: 'channel_parse_error',
  },
  {
    provider: 'eftpay',
    code: '51',
    message: 'Refund failed: Alipay processing abnormal',
    unified: 'refund_refused_msg',
  },
  {
    provider: 'eftpay',
    code: '52',
    message: 'Return notification abnormal, please query this refund transaction',
    unified: 'refund_pending',
  },
  {
    provider: 'eftpay',
    code: '53',
    message: 'refund_trade_no does not match out_trade_no',
    unified: 'channel_parameters_consistency_error',
  },
  {
    provider: 'eftpay',
    code: '54',
    message: 'Close failed, transaction has been paid',
    unified: 'close_refused_paid',
  },
  {
    provider: 'eftpay',
    code: '55',
    message: 'Close failed: Only transactions of the day can be closed',
    unified: 'close_not_same_day',
  },
  {
    provider: 'eftpay',
    code: '56',
    message: 'Not currently supported for this currency type, please enter the specified type: HKD/CNY',
    unified: 'currency_not_supported',
  },
  // Failures between EFTPay and WeChat, as EFTPay reports them.
  {
    provider: 'eftpay',
    code: '57',
    message: 'Interface abnormal: Requesting WeChat server interface, WeChat returns empty',
    unified: 'channel_unexpected_error',
  },
  {
    provider: 'eftpay',
    code: '58',
    message: 'Interface abnormal: Requesting WeChat server interface connecttimeout or read timeout',
    unified: 'channel_connection_error',
  },
  {
    provider: 'eftpay',
    code: '59',
    message: 'Interface abnormal: WeChat returns are not in XML format, parsing error',
    unified: 'channel_parse_error',
  },
  {
    provider: 'eftpay',
    code: '60',
    message: 'WeChat server returns error description',
    unified: 'channel_response_code_fail',
  },
  {
    provider: 'eftpay',
    code: '61',
    message: 'WeChat server returns error result description',
    unified: 'channel_response_code_fail',
  },
  {
    provider: 'eftpay',
    code: '62',
    message: 'Verifying WeChat return signature error',
    unified: 'channel_sign_error',
  },
  {
    provider: 'eftpay',
    code: '64',
    message: 'Basic account balance is insufficient, please recharge and try again',
    unified: 'merchant_balance_insufficient',
  },
  {
    provider: 'eftpay',
    code: '80',
    message: 'Failed to obtain Alipay rate, please try again later',
    unified: 'channel_unavailable',
  },
];

/** `trade_status` (Appendix 2), on a sale and on a refund. */
export const EFTPAY_TRADE_STATUS_CODES = [
  'TRADE_PROCESSING',
  'TRADE_SUCCESS',
  'TRADE_FAIL',
  'TRADE_CLOSED',
  'TRADE_REFUND',
  'APPLY_SUCCESS',
] as const;
export type EftpayTradeStatus = (typeof EFTPAY_TRADE_STATUS_CODES)[number];

/**
 * A sale's trade_status → charge status. TRADE_CLOSED means "closed unpaid" or "fully refunded": it is CLOSED
 * here, and a connector that knows the sale was paid reads it as REFUNDED. APPLY_SUCCESS (a refund applied
 * for) leaves the sale paid.
 */
export const EFTPAY_SALE_STATUSES = {
  TRADE_PROCESSING: 'CREATED',
  TRADE_SUCCESS: 'PAID',
  TRADE_FAIL: 'PAY_CANCELED',
  TRADE_CLOSED: 'CLOSED',
  TRADE_REFUND: 'PARTIAL_REFUNDED',
  APPLY_SUCCESS: 'PAID',
} as const satisfies Record<EftpayTradeStatus, ChargeStatus>;

/**
 * A refund's trade_status → refund status. TRADE_REFUND (partial) and TRADE_CLOSED (full) are both a
 * completed refund; APPLY_SUCCESS is an accepted apply-refund still waiting for its final notification.
 */
export const EFTPAY_REFUND_STATUSES = {
  TRADE_PROCESSING: 'PENDING',
  TRADE_SUCCESS: 'SUCCEEDED',
  TRADE_FAIL: 'FAILED',
  TRADE_CLOSED: 'SUCCEEDED',
  TRADE_REFUND: 'SUCCEEDED',
  APPLY_SUCCESS: 'PENDING',
} as const satisfies Record<EftpayTradeStatus, RefundStatus>;
