/**
 * How the domain says "no": refusals are returned as data, never thrown, so that a service can turn them into
 * the unified error envelope (the code is a catalog code) or act on them (e.g. cancel instead of close).
 *
 * `charge_closed` means "the charge is terminal and this operation has no more specific code for that".
 * Where an upstream names the situation, the operation's own code wins, so one situation gets one code
 * whichever side refuses it: Shouqianba's UPAY_CANCEL_INVALID_ORDER_STATE covers cancel of PAY_CANCELED or
 * REFUNDED (→ `cancel_not_allowed`), UPAY_REFUND_INVALID_ORDER_STATE refunds of PAY_CANCELED, CANCELED,
 * REFUNDED (→ `refund_not_allowed`), PayCools 21500/21504 voids (→ `void_not_success`/`void_already_done`).
 * CLOSED and VOIDED, which exist only in polypay, say `charge_closed`.
 */

export const DOMAIN_REFUSAL_CODES = [
  'charge_closed',
  'cancel_not_allowed',
  'cancel_already_done',
  'close_refused_paid',
  'close_not_same_day',
  'void_not_success',
  'void_already_done',
  'void_settled',
  'void_not_same_day',
  'refund_not_allowed',
  'refund_amount_exceeded',
  'refund_pending_exists',
  'refund_window_expired',
  'partial_refund_not_supported',
  'full_refund_not_supported',
  'invalid_amount',
  'amount_out_of_range',
  'buyer_over_transaction_limit',
  'buyer_over_daily_limit',
  'seller_over_daily_limit',
  'store_over_daily_limit',
  'merchant_disabled',
  'terminal_not_found',
  'terminal_not_activated',
  'charge_unexpected_status',
] as const;
export type DomainRefusalCode = (typeof DOMAIN_REFUSAL_CODES)[number];

export interface Refusal {
  readonly ok: false;
  readonly code: DomainRefusalCode;
  /** English sentence specific to this case; the catalog's message is the fallback. */
  readonly message: string;
  /** The same in Chinese, where given (else a Chinese reader gets the English one). */
  readonly messageZh?: string;
  /** The request field at fault, when one is. */
  readonly param?: string;
}

export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** Outcome of a domain rule: a value, or a refusal. `Result` alone is a plain yes/no check. */
export type Result<T = undefined> = Ok<T> | Refusal;

export function ok(): Ok<undefined>;
export function ok<T>(value: T): Ok<T>;
export function ok<T>(value?: T): Ok<T | undefined> {
  return { ok: true, value };
}

/** A sentence in English and Chinese, for refusals whose detail a Chinese reader must understand too. */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

export function refuse(code: DomainRefusalCode, message: string | Bilingual, param?: string): Refusal {
  const text = typeof message === 'string' ? { message } : { message: message.en, messageZh: message.zh };
  return param === undefined ? { ok: false, code, ...text } : { ok: false, code, ...text, param };
}

export function isDomainRefusalCode(value: unknown): value is DomainRefusalCode {
  return typeof value === 'string' && (DOMAIN_REFUSAL_CODES as readonly string[]).includes(value);
}
