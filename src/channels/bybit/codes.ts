import type { AgreementStatus, ChargeStatus, RefundStatus } from '../../domain/statuses.js';
import type { UnifiedCode } from '../../errors/catalog.js';
import type { UpstreamMapping } from '../../errors/types.js';

/**
 * Bybit Pay recurring payments (seed 003) as data: `retCode` → unified codes, and the agreement, deduction
 * and refund statuses → ours. `message` is the seed's text verbatim (description and handling run together,
 * as the seed has them); `identifier` is Bybit's symbolic name, which `failure_reason` fields carry.
 * Retryable per Bybit: 50000, 50001, 50002, 139002005, 139003003; every other code maps to a final error.
 */

export interface BybitCodeMapping extends UpstreamMapping {
  readonly provider: 'bybit';
  readonly unified: UnifiedCode;
  readonly identifier: string;
}

export const BYBIT_SUCCESS_CODE = '20000';

export const BYBIT_ERROR_CODES: readonly BybitCodeMapping[] = [
  // Common.
  {
    provider: 'bybit',
    code: '40000',
    identifier: 'PARAM_VALID_ERROR',
    message: 'Parameter validation failedCheck request parameter format and required fields',
    unified: 'channel_parameter_error',
  },
  {
    provider: 'bybit',
    code: '40001',
    identifier: 'UNAUTHORIZED',
    message: 'UnauthorizedCheck if Authorization header is correct',
    unified: 'channel_auth_error',
  },
  // Our server's IP or our key's permission, at Bybit: our credentials.
  {
    provider: 'bybit',
    code: '40002',
    identifier: 'FORBIDDEN',
    message: 'Access forbiddenCheck IP whitelist or API permission',
    unified: 'channel_auth_error',
  },
  {
    provider: 'bybit',
    code: '40003',
    identifier: 'NOT_FOUND',
    message: 'Resource not foundCheck if request path is correct',
    unified: 'channel_request_error',
  },
  {
    provider: 'bybit',
    code: '40004',
    identifier: 'DUPLICATE_REQUEST',
    message: 'Duplicate requestUse query API to get existing result',
    unified: 'channel_duplicate_request',
  },
  // Agreement.
  {
    provider: 'bybit',
    code: '139001001',
    identifier: 'AGREEMENT_NOT_EXIST',
    message: 'Agreement does not existCheck agreement number or guide user to re-sign',
    unified: 'agreement_not_found',
  },
  {
    provider: 'bybit',
    code: '139001002',
    identifier: 'AGREEMENT_EXPIRED',
    message: 'Agreement has expiredGuide user to re-sign',
    unified: 'agreement_expired',
  },
  {
    provider: 'bybit',
    code: '139001003',
    identifier: 'AGREEMENT_UNSIGNED',
    message: 'Agreement has been unsignedGuide user to re-sign',
    unified: 'agreement_unsigned',
  },
  {
    provider: 'bybit',
    code: '139001004',
    identifier: 'AGREEMENT_SUSPENDED',
    message: 'Agreement is suspendedWait for resume or contact platform',
    unified: 'agreement_suspended',
  },
  {
    provider: 'bybit',
    code: '139001005',
    identifier: 'AGREEMENT_STATUS_INVALID',
    message: 'Invalid agreement statusCheck if current status supports this operation',
    unified: 'agreement_status_invalid',
  },
  // The template (product_code) is part of the merchant's channel configuration.
  {
    provider: 'bybit',
    code: '139001006',
    identifier: 'AGREEMENT_TEMPLATE_NOT_EXIST',
    message: 'Agreement template does not existContact platform to confirm template configuration',
    unified: 'channel_parameter_error',
  },
  {
    provider: 'bybit',
    code: '139001007',
    identifier: 'AGREEMENT_ALREADY_SIGNED',
    message: 'Agreement already signedCan directly initiate deduction',
    unified: 'agreement_already_signed',
  },
  // The request's scene, merchant, user or type differs from the agreement as signed: one consistency check.
  {
    provider: 'bybit',
    code: '139001008',
    identifier: 'SCENE_CODE_MISMATCH',
    message: 'Scene code mismatchDeprecated - scene code no longer strictly verified',
    unified: 'channel_parameters_consistency_error',
  },
  {
    provider: 'bybit',
    code: '139001009',
    identifier: 'MERCHANT_ID_MISMATCH',
    message: 'Merchant ID mismatchCheck if merchant ID matches sign time',
    unified: 'channel_parameters_consistency_error',
  },
  {
    provider: 'bybit',
    code: '139001010',
    identifier: 'USER_ID_MISMATCH',
    message: 'User ID mismatchCheck if user ID matches sign time',
    unified: 'channel_parameters_consistency_error',
  },
  {
    provider: 'bybit',
    code: '139001011',
    identifier: 'AGREEMENT_USER_MISMATCH',
    message: 'Agreement user mismatchCheck user-agreement binding',
    unified: 'channel_parameters_consistency_error',
  },
  {
    provider: 'bybit',
    code: '139001012',
    identifier: 'SIGN_URL_EXPIRED',
    message: 'Sign URL has expiredRe-initiate sign request for new link',
    unified: 'agreement_sign_url_expired',
  },
  {
    provider: 'bybit',
    code: '139001013',
    identifier: 'AGREEMENT_TYPE_MISMATCH',
    message: 'Agreement type mismatchCheck if agreement type (CYCLE/NON_CYCLE/SINGLE) is correct',
    unified: 'channel_parameters_consistency_error',
  },
  // Transaction (deduction).
  {
    provider: 'bybit',
    code: '139002001',
    identifier: 'TRADE_NOT_EXIST',
    message: 'Trade does not existCheck if trade number is correct',
    unified: 'trade_not_found',
  },
  {
    provider: 'bybit',
    code: '139002002',
    identifier: 'QUOTA_EXCEEDED',
    message: 'Quota exceededNotify user of insufficient quota; wait for reset',
    unified: 'agreement_quota_exceeded',
  },
  {
    provider: 'bybit',
    code: '139002003',
    identifier: 'BALANCE_NOT_ENOUGH',
    message: 'Insufficient balanceNotify user to top up',
    unified: 'insufficient_fund',
  },
  // A trade's only state-dependent operation is a refund.
  {
    provider: 'bybit',
    code: '139002004',
    identifier: 'TRADE_STATUS_INVALID',
    message: 'Invalid trade statusCheck if current status supports this operation',
    unified: 'refund_not_allowed',
  },
  {
    provider: 'bybit',
    code: '139002005',
    identifier: 'TRADE_PROCESSING',
    message: 'Trade is processingWait for completion; do not retry',
    unified: 'trade_processing',
  },
  // Refund.
  {
    provider: 'bybit',
    code: '139003001',
    identifier: 'REFUND_AMOUNT_EXCEED',
    message: 'Refund amount exceeds refundable amountCheck refunded amount',
    unified: 'refund_amount_exceeded',
  },
  {
    provider: 'bybit',
    code: '139003002',
    identifier: 'REFUND_NOT_ALLOW',
    message: 'Refund not allowedTrade must be successful to refund',
    unified: 'refund_not_allowed',
  },
  {
    provider: 'bybit',
    code: '139003003',
    identifier: 'REFUND_PROCESSING',
    message: 'Refund is processingWait for completion',
    unified: 'refund_pending',
  },
  {
    provider: 'bybit',
    code: '139003004',
    identifier: 'REFUND_NOT_EXIST',
    message: 'Refund does not existCheck if refund number is correct',
    unified: 'refund_not_found',
  },
  // Currency and amount.
  {
    provider: 'bybit',
    code: '139004001',
    identifier: 'CHAIN_NOT_SUPPORTED',
    message: 'Chain network not supportedCheck supported chain list',
    unified: 'chain_not_supported',
  },
  {
    provider: 'bybit',
    code: '139004002',
    identifier: 'CURRENCY_NOT_SUPPORTED',
    message: 'Currency not supportedCheck supported currency list',
    unified: 'currency_not_supported',
  },
  {
    provider: 'bybit',
    code: '139004003',
    identifier: 'EXCHANGE_RATE_EXPIRED',
    message: 'Exchange rate has expiredRe-get exchange rate before retry',
    unified: 'exchange_rate_expired',
  },
  {
    provider: 'bybit',
    code: '139004004',
    identifier: 'INVALID_AMOUNT',
    message: 'Invalid amountCheck amount format and precision',
    unified: 'invalid_amount',
  },
  {
    provider: 'bybit',
    code: '139004005',
    identifier: 'AMOUNT_EXCEED_SINGLE_LIMIT',
    message: 'Amount exceeds single limitLower amount or adjust limit config',
    unified: 'agreement_single_limit_exceeded',
  },
  // The period limit is the quota that QUOTA_EXCEEDED reports exhausted: one meaning.
  {
    provider: 'bybit',
    code: '139004006',
    identifier: 'AMOUNT_EXCEED_PERIOD_LIMIT',
    message: 'Amount exceeds period limitWait for reset or adjust limit config',
    unified: 'agreement_quota_exceeded',
  },
  {
    provider: 'bybit',
    code: '139004007',
    identifier: 'USER_LIMIT_EXCEED_MERCHANT',
    message: 'User limit exceeds merchant limitUser custom limit cannot exceed agreement template limit',
    unified: 'agreement_limit_exceeds_template',
  },
  {
    provider: 'bybit',
    code: '139004008',
    identifier: 'EXCEED_MERCHANT_QUOTA_LIMIT',
    message: 'Exceed merchant quota limitContact merchant to adjust quota configuration',
    unified: 'merchant_quota_exceeded',
  },
  // Security and authentication.
  {
    provider: 'bybit',
    code: '139005001',
    identifier: 'RISK_REJECT',
    message: 'Rejected by risk controlGuide user to active payment with identity verification',
    unified: 'risk_rejected',
  },
  {
    provider: 'bybit',
    code: '139005002',
    identifier: 'INVALID_SIGNATURE',
    message: 'Invalid signatureCheck signature algorithm and key',
    unified: 'channel_auth_error',
  },
  {
    provider: 'bybit',
    code: '139005003',
    identifier: 'INVALID_TIMESTAMP',
    message: 'Invalid timestampRequest timestamp differs >5 minutes from server',
    unified: 'channel_timestamp_rejected',
  },
  {
    provider: 'bybit',
    code: '139005004',
    identifier: 'KEY_NOT_FOUND',
    message: 'Key not foundContact platform to confirm key configuration',
    unified: 'channel_auth_error',
  },
  // Merchant and user. The merchant_id is part of our credentials at Bybit.
  {
    provider: 'bybit',
    code: '139006001',
    identifier: 'MERCHANT_NOT_EXIST',
    message: 'Merchant does not existCheck if merchant ID is correct',
    unified: 'channel_auth_error',
  },
  {
    provider: 'bybit',
    code: '139006002',
    identifier: 'USER_NOT_EXIST',
    message: 'User does not existCheck if user ID is correct',
    unified: 'buyer_not_found',
  },
  {
    provider: 'bybit',
    code: '139006004',
    identifier: 'MERCHANT_SETTLEMENT_CONFIG_ERROR',
    message:
      'Merchant settlement configuration errorContact platform to check merchant settlement configuration',
    unified: 'channel_parameter_error',
  },
  // System: retryable.
  {
    provider: 'bybit',
    code: '50000',
    identifier: 'SYSTEM_ERROR',
    message: 'System errorRetry later or contact support',
    unified: 'channel_unexpected_error',
  },
  {
    provider: 'bybit',
    code: '50001',
    identifier: 'SERVICE_UNAVAILABLE',
    message: 'Service unavailableSystem maintenance; retry later',
    unified: 'channel_unavailable',
  },
  {
    provider: 'bybit',
    code: '50002',
    identifier: 'DOWNSTREAM_ERROR',
    message: 'Downstream service errorRetry later or contact support',
    unified: 'channel_unavailable',
  },
];

/** Agreement `status`; polypay keeps Bybit's vocabulary. Final: UNSIGNED, EXPIRED, FAILED, TIMEOUT. */
export const BYBIT_AGREEMENT_STATUS_CODES = [
  'INIT',
  'PENDING',
  'SIGNED',
  'SUSPENDED',
  'UNSIGNED',
  'EXPIRED',
  'FAILED',
  'TIMEOUT',
] as const;
export type BybitAgreementStatus = (typeof BYBIT_AGREEMENT_STATUS_CODES)[number];

export const BYBIT_AGREEMENT_STATUSES = {
  INIT: 'INIT',
  PENDING: 'PENDING',
  SIGNED: 'SIGNED',
  SUSPENDED: 'SUSPENDED',
  UNSIGNED: 'UNSIGNED',
  EXPIRED: 'EXPIRED',
  FAILED: 'FAILED',
  TIMEOUT: 'TIMEOUT',
} as const satisfies Record<BybitAgreementStatus, AgreementStatus>;

/** Deduction (trade) `status`. */
export const BYBIT_TRADE_STATUS_CODES = ['PROCESSING', 'SUCCESS', 'FAILED', 'TIMEOUT'] as const;
export type BybitTradeStatus = (typeof BYBIT_TRADE_STATUS_CODES)[number];

/**
 * A deduction's status → charge status. FAILED and TIMEOUT are final at Bybit and nothing was debited
 * (retry with a new out_trade_no), which is PAY_CANCELED; a TIMEOUT's failure code is `trade_timeout`.
 */
export const BYBIT_TRADE_STATUSES = {
  PROCESSING: 'CREATED',
  SUCCESS: 'PAID',
  FAILED: 'PAY_CANCELED',
  TIMEOUT: 'PAY_CANCELED',
} as const satisfies Record<BybitTradeStatus, ChargeStatus>;

/** Refund `status`. */
export const BYBIT_REFUND_STATUS_CODES = ['PROCESSING', 'SUCCESS', 'FAILED'] as const;
export type BybitRefundStatus = (typeof BYBIT_REFUND_STATUS_CODES)[number];

export const BYBIT_REFUND_STATUSES = {
  PROCESSING: 'PENDING',
  SUCCESS: 'SUCCEEDED',
  FAILED: 'FAILED',
} as const satisfies Record<BybitRefundStatus, RefundStatus>;
