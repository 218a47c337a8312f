import type { AgreementStatus } from '../../domain/statuses.js';
import { mapUpstream } from '../../errors/lookup.js';
import type {
  AgreementFailure,
  AgreementMoney,
  AgreementState,
  DeductionRefundState,
  DeductionState,
} from '../agreement-port.js';
import { BYBIT_AGREEMENT_STATUS_CODES } from './codes.js';

/**
 * Bybit Pay's answers read into the AgreementChannel port's types (and the port's money written back in
 * Bybit's shape): statuses and failures through the catalog (codes.ts), times from ISO strings.
 */

/** The failure of a refusal, through the catalog; 40003/40004 read by retMsg where the docs reuse them. */
export function failureOf(
  retCode: number,
  retMsg: string,
  result?: Record<string, unknown> | null,
): AgreementFailure {
  let code = String(retCode);
  if (retCode === 40003 && /agreement does not exist/i.test(retMsg)) code = '139001001';
  if (retCode === 40004 && /already unsigned/i.test(retMsg)) code = '139001003';
  const retryAfter = Number(result?.retry_after);
  return {
    code:
      retCode === 42900 ? 'channel_unavailable' : (mapUpstream('bybit', code) ?? 'channel_unexpected_error'),
    channelError: { provider: 'bybit', code: String(retCode), message: retMsg },
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter } : {}),
  };
}

export const time = (value: unknown) =>
  typeof value === 'string' && value !== '' ? Date.parse(value) : undefined;
export const text = (value: unknown) => (typeof value === 'string' ? value : '');

function moneyFrom(value: unknown, totalField = 'total'): AgreementMoney {
  const m = (value ?? {}) as Record<string, unknown>;
  return {
    total: text(m[totalField]),
    currency: text(m.currency),
    currencyType: m.currency_type === 'CRYPTO' ? 'CRYPTO' : 'FIAT',
    ...(typeof m.chain === 'string' ? { chain: m.chain } : {}),
  };
}

export function moneyTo(m: AgreementMoney, totalField = 'total'): Record<string, string> {
  return {
    [totalField]: m.total,
    currency: m.currency,
    currency_type: m.currencyType,
    ...(m.chain === undefined ? {} : { chain: m.chain }),
    ...(m.chainAddress === undefined ? {} : { chain_address: m.chainAddress }),
  };
}

export function agreementFrom(r: Record<string, unknown>): AgreementState {
  const status = (BYBIT_AGREEMENT_STATUS_CODES as readonly string[]).includes(text(r.status))
    ? (r.status as AgreementStatus)
    : 'INIT';
  const signedAt = time(r.sign_time);
  const unsignedAt = time(r.unsign_time);
  return {
    agreementNo: text(r.agreement_no),
    externalAgreementNo: text(r.external_agreement_no),
    status,
    ...(typeof r.user_id === 'string' ? { userId: r.user_id } : {}),
    ...(signedAt === undefined ? {} : { signedAt }),
    ...(unsignedAt === undefined ? {} : { unsignedAt }),
  };
}

export function deductionFrom(r: Record<string, unknown>): DeductionState {
  const status =
    (['PROCESSING', 'SUCCESS', 'FAILED', 'TIMEOUT'] as const).find((s) => s === r.status) ?? 'PROCESSING';
  const crypto = r.crypto_payment as Record<string, unknown> | undefined;
  const paidAt = time(r.pay_time);
  const failureCode = text(r.failure_code) || text(r.failure_reason);
  return {
    tradeNo: text(r.trade_no),
    outTradeNo: text(r.out_trade_no),
    status,
    amount: moneyFrom(r.amount),
    ...(crypto === undefined
      ? {}
      : {
          cryptoPayment: {
            currency: text(crypto.currency),
            amount: text(crypto.amount),
            chain: text(crypto.chain),
            exchangeRate: text(crypto.exchange_rate),
            rateTime: time(crypto.rate_time) ?? 0,
          },
        }),
    ...(paidAt === undefined ? {} : { paidAt }),
    ...(status === 'FAILED' || status === 'TIMEOUT'
      ? {
          failure:
            status === 'TIMEOUT' && failureCode === ''
              ? {
                  code: 'trade_timeout',
                  channelError: { provider: 'bybit', code: 'TIMEOUT', message: 'ORDER_TIMEOUT' },
                }
              : failureOf(Number(text(r.failure_code)) || 0, text(r.failure_reason)),
        }
      : {}),
  };
}

export function refundFrom(r: Record<string, unknown>): DeductionRefundState {
  const status = (['PROCESSING', 'SUCCESS', 'FAILED'] as const).find((s) => s === r.status) ?? 'PROCESSING';
  const refundedAt = time(r.refund_time);
  return {
    refundNo: text(r.refund_no),
    outRefundNo: text(r.out_refund_no),
    status,
    amount: moneyFrom(r.refund_amount),
    ...(refundedAt === undefined ? {} : { refundedAt }),
  };
}
