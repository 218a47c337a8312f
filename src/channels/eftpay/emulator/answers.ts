import { EFTPAY_ERROR_CODES } from '../codes.js';

/**
 * `return_status` values and their `return_char`, as the emulator answers them (seed 002 Appendix 3,
 * English text verbatim). `-99` has two meanings; the caller picks by the message.
 */

export const MESSAGES: ReadonlyMap<string, string> = new Map(
  EFTPAY_ERROR_CODES.filter((row) => row.code !== '-99').map((row) => [row.code, row.message]),
);

export const SYSTEM_ERROR_99 = 'System error';
export const NOT_UNIQUE_99 = 'out_trade_no/refund_no must be unique';

/** A refusal thrown by a rule: the answer is this status and nothing changes. */
export class VmpRefusal extends Error {
  readonly status: string;

  constructor(status: string, message?: string) {
    super(message ?? MESSAGES.get(status) ?? (status === '-99' ? SYSTEM_ERROR_99 : 'Unknown error'));
    this.status = status;
  }
}

/** Negative statuses come from the gateway front and are answered without `time` and `sign`. */
export function isFrontStatus(status: string): boolean {
  return status.startsWith('-');
}
