import type { ChargeStatus, TransferStatus } from '../../domain/statuses.js';
import type { UnifiedCode } from '../../errors/catalog.js';
import type { UpstreamMapping } from '../../errors/types.js';

/**
 * PayCools Open API (seed 004) as data: the synchronous `code`s (general 21000–21016, refund 214xx, void
 * 215xx), the payout `failedCode`s (−10000…−10010), and `transactionStatus` → transfer and charge statuses.
 * Messages are the seed's, verbatim; `identifier` is the inner error code where the seed gives one.
 */

export interface PaycoolsCodeMapping extends UpstreamMapping {
  readonly provider: 'paycools';
  readonly unified: UnifiedCode;
  readonly identifier?: string;
}

export const PAYCOOLS_SUCCESS_CODE = '10000';
/** Success as some PayCools products and doc generations write it (1000 in payout/web payment, 1 in checkout). */
export const PAYCOOLS_SUCCESS_CODES: readonly string[] = [PAYCOOLS_SUCCESS_CODE, '1000', '1'];

export const PAYCOOLS_ERROR_CODES: readonly PaycoolsCodeMapping[] = [
  // General codes.
  {
    provider: 'paycools',
    code: '21000',
    identifier: 'OPI_GENERAL_ERROR',
    message: 'Server error, Please try again later.',
    unified: 'channel_unexpected_error',
  },
  {
    provider: 'paycools',
    code: '21001',
    identifier: 'OPI_SIGN_ERROR',
    message: 'Request sign error',
    unified: 'channel_auth_error',
  },
  {
    provider: 'paycools',
    code: '21002',
    identifier: 'OPI_PARAM_ERROR',
    message: 'Request param error',
    unified: 'channel_parameter_error',
  },
  {
    provider: 'paycools',
    code: '21003',
    identifier: 'OPI_APPID_ERROR',
    message: 'Request appId error',
    unified: 'channel_auth_error',
  },
  {
    provider: 'paycools',
    code: '21004',
    identifier: 'OPI_MCH_ERROR',
    message: 'Merchant is unavailable',
    unified: 'merchant_disabled',
  },
  {
    provider: 'paycools',
    code: '21005',
    identifier: 'OPI_MCH_CHANNEL_UNAVAILABLE_ERROR',
    message: 'Merchant channel is unavailable',
    unified: 'payway_not_enabled',
  },
  {
    provider: 'paycools',
    code: '21006',
    identifier: 'OPI_MCH_TX_NOT_FOUND',
    message: 'Merchant transaction not found',
    unified: 'trade_not_found',
  },
  {
    provider: 'paycools',
    code: '21007',
    identifier: 'OPI_DUPLICATE_MCH_ORDER_ID',
    message: 'Duplicate merchant order id',
    unified: 'charge_order_no_used',
  },
  {
    provider: 'paycools',
    code: '21008',
    identifier: 'OPI_TIMESTAMP_ERROR',
    message: 'Request timestamp error',
    unified: 'channel_timestamp_rejected',
  },
  {
    provider: 'paycools',
    code: '21009',
    identifier: 'OPI_TIMESTAMP_EXPIRED_ERROR',
    message: 'Request timestamp expired error',
    unified: 'channel_timestamp_rejected',
  },
  // Outside the product's minimum and maximum, checked when the request arrives.
  {
    provider: 'paycools',
    code: '21010',
    identifier: 'OPI_AMOUNT_EXCEED_ERROR',
    message: 'The amount exceeds the limit',
    unified: 'amount_out_of_range',
  },
  {
    provider: 'paycools',
    code: '21011',
    identifier: 'OPI_NETWORK_ERROR',
    message: 'Network error',
    unified: 'channel_connection_error',
  },
  {
    provider: 'paycools',
    code: '21012',
    identifier: 'OPI_BANK_CODE_ERROR',
    message: 'Request bank code error',
    unified: 'destination_not_supported',
  },
  {
    provider: 'paycools',
    code: '21013',
    identifier: 'OPI_EWALLET_CODE_ERROR',
    message: 'Request wallet code error',
    unified: 'destination_not_supported',
  },
  {
    provider: 'paycools',
    code: '21014',
    identifier: 'OPI_BALANCE_ERROR',
    message: 'Merchant balance insufficient',
    unified: 'merchant_balance_insufficient',
  },
  // polypay generates idempotencyId per payout: a duplicate means the channel already has this request.
  {
    provider: 'paycools',
    code: '21015',
    identifier: 'OPI_DUPLICATE_IDEMPOTENCY_ID',
    message: 'Duplicate idempotencyId',
    unified: 'channel_duplicate_request',
  },
  // Our server's IP at PayCools: our credentials.
  {
    provider: 'paycools',
    code: '21016',
    identifier: 'OPI_MCH_IP_ERROR',
    message: 'Merchant ip forbidden',
    unified: 'channel_auth_error',
  },
  // Refund codes.
  { provider: 'paycools', code: '21401', message: 'Refund is processing', unified: 'refund_pending' },
  { provider: 'paycools', code: '21402', message: 'Not allowed to refund', unified: 'refund_refused' },
  {
    provider: 'paycools',
    code: '21403',
    message: 'Transactions 60 days ago cannot initiate refunds',
    unified: 'refund_window_expired',
  },
  {
    provider: 'paycools',
    code: '21404',
    message: 'The original transaction channel not support full refund',
    unified: 'full_refund_not_supported',
  },
  {
    provider: 'paycools',
    code: '21405',
    message: 'The original transaction channel not support partial refund',
    unified: 'partial_refund_not_supported',
  },
  { provider: 'paycools', code: '21406', message: 'Refund amount invalid', unified: 'refund_amount_invalid' },
  { provider: 'paycools', code: '21407', message: 'MchRefundOrderId is repeat', unified: 'refund_no_used' },
  {
    provider: 'paycools',
    code: '21408',
    message: 'The original transaction is not completed',
    unified: 'refund_not_allowed',
  },
  {
    provider: 'paycools',
    code: '21409',
    message: 'The original transaction already exist pending refund',
    unified: 'refund_pending_exists',
  },
  // Void / reverse codes.
  {
    provider: 'paycools',
    code: '21500',
    message: 'Original transaction status is not success',
    unified: 'void_not_success',
  },
  { provider: 'paycools', code: '21501', message: 'Cannot reverse', unified: 'void_not_supported' },
  {
    provider: 'paycools',
    code: '21502',
    message: 'Original transaction has been settled',
    unified: 'void_settled',
  },
  { provider: 'paycools', code: '21503', message: 'Cannot void over the day', unified: 'void_not_same_day' },
  {
    provider: 'paycools',
    code: '21504',
    message: 'Original transaction has been already voided',
    unified: 'void_already_done',
  },
  // polypay generates mchVoidOrderId per void: a duplicate means the channel already has this void.
  {
    provider: 'paycools',
    code: '21505',
    message: 'Duplicate mchVoidOrderID detected. Please provide a unique mchvoidOrderID and retry.',
    unified: 'channel_duplicate_request',
  },
  // Payout failedCode (transactionStatus FAILED, in callbacks and status queries).
  {
    provider: 'paycools',
    code: '-10000',
    message: 'Transaction Service Error',
    unified: 'channel_unexpected_error',
  },
  {
    provider: 'paycools',
    code: '-10001',
    message: 'Transaction Exceed Limit',
    unified: 'channel_limit_exceeded',
  },
  {
    provider: 'paycools',
    code: '-10002',
    message: 'Transaction Params Error',
    unified: 'channel_parameter_error',
  },
  {
    provider: 'paycools',
    code: '-10003',
    message: 'Transaction Insufficient Balance',
    unified: 'merchant_balance_insufficient',
  },
  {
    provider: 'paycools',
    code: '-10004',
    message: 'Transaction Channel Rejected',
    unified: 'channel_response_code_fail',
  },
  {
    provider: 'paycools',
    code: '-10005',
    message: 'Transaction Destination Account Error',
    unified: 'recipient_account_invalid',
  },
  {
    provider: 'paycools',
    code: '-10006',
    message: 'Transaction Network Reject',
    unified: 'channel_response_code_fail',
  },
  {
    provider: 'paycools',
    code: '-10007',
    message: 'Transaction Channel Temporarily Close',
    unified: 'channel_unavailable',
  },
  {
    provider: 'paycools',
    code: '-10008',
    message: 'Merchant Unavailable Error',
    unified: 'merchant_disabled',
  },
  {
    provider: 'paycools',
    code: '-10009',
    message: 'Recipient Account Blocked',
    unified: 'recipient_account_blocked',
  },
  // A completed payout whose funds the receiving channel sent back.
  { provider: 'paycools', code: '-10010', message: 'Channel Refund Failed', unified: 'transfer_reversed' },
];

/** `transactionStatus`: payouts spell success COMPLETED, collections COMPLETE. */
export const PAYCOOLS_TRANSACTION_STATUS_CODES = ['PENDING', 'COMPLETED', 'COMPLETE', 'FAILED'] as const;
export type PaycoolsTransactionStatus = (typeof PAYCOOLS_TRANSACTION_STATUS_CODES)[number];

/** A payout's transactionStatus → transfer status. */
export const PAYCOOLS_TRANSFER_STATUSES = {
  PENDING: 'PENDING',
  COMPLETED: 'PAID',
  COMPLETE: 'PAID',
  FAILED: 'FAILED',
} as const satisfies Record<PaycoolsTransactionStatus, TransferStatus>;

/** A collection's transactionStatus → charge status; FAILED is a confirmed failure, nothing was collected. */
export const PAYCOOLS_CHARGE_STATUSES = {
  PENDING: 'CREATED',
  COMPLETED: 'PAID',
  COMPLETE: 'PAID',
  FAILED: 'PAY_CANCELED',
} as const satisfies Record<PaycoolsTransactionStatus, ChargeStatus>;
