import type { ChargeStatus } from '../../domain/statuses.js';
import type { UnifiedCode } from '../../errors/catalog.js';
import { getDefinition, lookupUpstream } from '../../errors/lookup.js';
import type { ChannelOutcome } from '../port.js';
import { EFTPAY_SUCCESS_CODE } from './codes.js';
import type { VmpAnswer } from './transport.js';

/**
 * VMP answers → the gateway's outcome vocabulary (DESIGN §Statuses). A `return_status` other than "00" maps
 * through codes.ts and the catalog; its outcome is definite unless the catalog says to query first (a
 * system fault, a wallet timeout, an unreadable wallet answer), in which case it is reported as the
 * operation's uncertain result, never as a failure.
 */

export type OutcomeError = NonNullable<ChannelOutcome['error']>;

export function isSuccess(answer: VmpAnswer): boolean {
  return answer.return_status === EFTPAY_SUCCESS_CODE;
}

/** The unified error of a non-success answer, the upstream code and text kept verbatim. */
export function errorOf(answer: VmpAnswer): OutcomeError {
  const code = answer.return_status ?? '';
  const message = answer.return_char ?? '';
  const found = lookupUpstream('eftpay', code, message);
  const unified: UnifiedCode = found?.unified.code ?? 'channel_unexpected_error';
  return { code: unified, channelError: { provider: 'eftpay', code, message } };
}

/** Whether the call may have taken effect although it answered an error (catalog: query first). */
export function isUncertain(error: OutcomeError): boolean {
  return getDefinition(error.code)?.retryStrategy === 'query_first';
}

export const SALE_TRADE_STATUSES = [
  'TRADE_PROCESSING',
  'TRADE_SUCCESS',
  'TRADE_FAIL',
  'TRADE_CLOSED',
  'TRADE_REFUND',
];

/**
 * A sale's status from a query answer. TRADE_CLOSED is three things: a reversed sale (trade_type CANCEL),
 * a fully refunded one (it carries the wallet's transaction_id: it was paid), or an unpaid order closed or
 * expired, which is a payment that will never happen.
 */
export function saleStatusOf(answer: VmpAnswer): ChargeStatus | undefined {
  switch (answer.trade_status) {
    case 'TRADE_PROCESSING':
      return 'CREATED';
    case 'TRADE_SUCCESS':
      return 'PAID';
    case 'TRADE_FAIL':
      return 'PAY_CANCELED';
    case 'TRADE_REFUND':
      return 'PARTIAL_REFUNDED';
    case 'TRADE_CLOSED':
      if (answer.trade_type === 'CANCEL') return 'CANCELED';
      return answer.transaction_id ? 'REFUNDED' : 'PAY_CANCELED';
    default:
      return undefined;
  }
}

/** The outcome of a refusal that changed nothing. */
export function refused(error: OutcomeError, orderStatus?: ChargeStatus): ChannelOutcome {
  return { bizResult: 'FAIL', flowStatus: 'FAIL_CANCELED', ...(orderStatus ? { orderStatus } : {}), error };
}

/** A local refusal (no call made, so no channel_error): the operation is not one VMP has. */
export function unsupported(code: UnifiedCode, orderStatus?: ChargeStatus): ChannelOutcome {
  return refused({ code }, orderStatus);
}
