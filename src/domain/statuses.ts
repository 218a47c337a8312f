/**
 * The status vocabularies of DESIGN §Statuses. Charge status keeps Shouqianba's order-status vocabulary
 * (the most complete of the sources) plus CLOSED and VOIDED; operation results keep its biz-result
 * vocabulary; flows keep its flow (transaction) statuses.
 */

export const CHARGE_STATUSES = [
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
  'CLOSED',
  'VOIDED',
] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

/** Result of one operation (pay, cancel, refund, precreate, query) on a charge. */
export const BIZ_RESULTS = [
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
export type BizResult = (typeof BIZ_RESULTS)[number];

/** Status of one flow (transaction record) of a charge: a pay, cancel, refund, close or void attempt. */
export const FLOW_STATUSES = [
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
export type FlowStatus = (typeof FLOW_STATUSES)[number];

export const REFUND_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUND_ERROR'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const TRANSFER_STATUSES = ['PENDING', 'PAID', 'FAILED', 'CANCELED'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const AGREEMENT_STATUSES = [
  'INIT',
  'PENDING',
  'SIGNED',
  'SUSPENDED',
  'UNSIGNED',
  'EXPIRED',
  'FAILED',
  'TIMEOUT',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** Charge statuses after which no payment outcome can change (refunds may still follow PAID). */
export const FINAL_PAYMENT_STATUSES: readonly ChargeStatus[] = [
  'PAID',
  'PAY_CANCELED',
  'REFUNDED',
  'PARTIAL_REFUNDED',
  'CANCELED',
  'CLOSED',
  'VOIDED',
];
