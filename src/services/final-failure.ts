import { getDefinition } from '../errors/lookup.js';
import { PolypayError } from '../errors/polypay-error.js';

export interface FailedObject {
  readonly object: 'charge' | 'refund';
  readonly id: string;
  readonly status: string;
  readonly failureCode: string;
  readonly failureMessage: string | null;
}

/** What a final failure is answered with when its own code would tell the client to retry. */
const FINAL_CODE = { charge: 'charge_closed', refund: 'refund_failed' } as const;

/**
 * The answer to a request that names an object which already failed for good (the same charge or refund
 * sent again). Its own failure is answered when that code already says "do not retry"; a code that
 * advised a retry while the outcome was open (channel_unexpected_error, trade_processing…) would make a
 * client loop for ever on an object that will never change, so the answer is then a non-retryable
 * refusal that names the object and keeps its failure in the message.
 */
export function finalFailure(failed: FailedObject): PolypayError {
  const own = getDefinition(failed.failureCode);
  if (own && !own.retryable) {
    return new PolypayError(
      failed.failureCode,
      failed.failureMessage ? { message: failed.failureMessage } : {},
    );
  }
  const reason = failed.failureMessage
    ? `${failed.failureCode}: ${failed.failureMessage}`
    : failed.failureCode;
  return new PolypayError(FINAL_CODE[failed.object], {
    message:
      `${failed.object === 'charge' ? 'Charge' : 'Refund'} ${failed.id} ended ${failed.status} (${reason}) ` +
      `and will not change; ${failed.object === 'charge' ? 'charge again with a new out_trade_no' : 'refund again with a new refund_no'}.`,
    messageZh:
      `${failed.object === 'charge' ? '订单' : '退款'} ${failed.id} 已终结为 ${failed.status}（${reason}），不会再变化；` +
      `${failed.object === 'charge' ? '请使用新的 out_trade_no 重新下单' : '请使用新的 refund_no 重新退款'}`,
  });
}
