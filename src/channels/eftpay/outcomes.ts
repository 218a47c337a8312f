import type { ChargeStatus, RefundStatus } from '../../domain/statuses.js';
import type { UnifiedCode } from '../../errors/catalog.js';
import { getDefinition, lookupUpstream } from '../../errors/lookup.js';
import type { ChannelOutcome } from '../port.js';
import {
  EFTPAY_REFUND_STATUSES,
  EFTPAY_SALE_STATUSES,
  EFTPAY_SUCCESS_CODE,
  EFTPAY_TRADE_STATUS_CODES,
  type EftpayTradeStatus,
} from './codes.js';
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

function isTradeStatus(value: string | undefined): value is EftpayTradeStatus {
  return value !== undefined && (EFTPAY_TRADE_STATUS_CODES as readonly string[]).includes(value);
}

/**
 * A sale's status from a query answer, by codes.ts's map. TRADE_CLOSED is three things there: a reversed
 * sale (trade_type CANCEL), a fully refunded one (it carries the wallet's transaction_id: it was paid), or
 * an unpaid order closed or expired, which for a charge still waiting is a payment that will never happen.
 */
export function saleStatusOf(answer: VmpAnswer): ChargeStatus | undefined {
  const status = answer.trade_status;
  if (!isTradeStatus(status) || status === 'APPLY_SUCCESS') return undefined;
  if (status !== 'TRADE_CLOSED') return EFTPAY_SALE_STATUSES[status];
  if (answer.trade_type === 'CANCEL') return 'CANCELED';
  return answer.transaction_id ? 'REFUNDED' : 'PAY_CANCELED';
}

/** A refund's status from its trade_status (codes.ts), undefined for a value VMP does not define. */
export function refundStatusOf(answer: VmpAnswer): RefundStatus | undefined {
  const status = answer.trade_status;
  return isTradeStatus(status) ? EFTPAY_REFUND_STATUSES[status] : undefined;
}

/** The outcome of a refusal that changed nothing. */
export function refused(error: OutcomeError, orderStatus?: ChargeStatus): ChannelOutcome {
  return { bizResult: 'FAIL', flowStatus: 'FAIL_CANCELED', ...(orderStatus ? { orderStatus } : {}), error };
}

/** A local refusal (no call made, so no channel_error): the operation is not one VMP has. */
export function unsupported(code: UnifiedCode, orderStatus?: ChargeStatus): ChannelOutcome {
  return refused({ code }, orderStatus);
}
