import type { AgreementStatus } from '../domain/statuses.js';
import type { ChannelErrorDetail } from '../errors/polypay-error.js';

/**
 * The port of channels that take recurring deductions on a signed agreement (Bybit Pay recurring). An
 * agreement is not a charge: the buyer signs once, the merchant deducts later within limits, so it has
 * its own port beside `port.ts`. Amounts are integer strings in each currency's minimum unit (18 decimals
 * for ETH do not fit a number). Calls throw `ChannelIoError` when the outcome is unknown; a refusal is a
 * result with `ok: false`, carrying the unified code and the provider's answer verbatim.
 */

export type AgreementType = 'CYCLE' | 'NON_CYCLE' | 'SINGLE';
export type PeriodType = 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
export type CurrencyType = 'FIAT' | 'CRYPTO';

export interface AgreementMoney {
  /** Minimum units, as a string of digits. */
  readonly total: string;
  readonly currency: string;
  readonly currencyType: CurrencyType;
  readonly chain?: string;
  readonly chainAddress?: string;
}

export interface AgreementPeriodLimit extends AgreementMoney {
  readonly periodType: PeriodType;
}

export interface AgreementSignRequest {
  readonly externalAgreementNo: string;
  readonly agreementType: AgreementType;
  readonly sceneCode: string;
  readonly productCode: string;
  readonly merchantUserId?: string;
  /** Epoch ms the agreement stays valid until. */
  readonly validUntil?: number;
  readonly singleLimit?: AgreementMoney;
  readonly periodLimits: readonly AgreementPeriodLimit[];
  readonly returnUrl?: string;
  readonly signExpireMinutes?: number;
}

export interface SignOrder {
  readonly signOrderId: string;
  readonly signUrl: string;
  readonly qrCode: string;
  readonly expiresAt: number;
}

export interface AgreementRef {
  readonly agreementNo?: string;
  readonly externalAgreementNo?: string;
}

export interface AgreementState {
  readonly agreementNo: string;
  readonly externalAgreementNo: string;
  readonly status: AgreementStatus;
  readonly userId?: string;
  readonly signedAt?: number;
  readonly unsignedAt?: number;
}

export interface DeductionRequest {
  readonly agreementNo: string;
  readonly agreementType: AgreementType;
  readonly userId: string;
  /** The merchant's number: Bybit answers a replay with the first result. */
  readonly outTradeNo: string;
  readonly sceneCode: string;
  readonly amount: AgreementMoney;
  readonly title: string;
  readonly description?: string;
}

export type DeductionStatus = 'PROCESSING' | 'SUCCESS' | 'FAILED' | 'TIMEOUT';

export interface CryptoPayment {
  readonly currency: string;
  readonly amount: string;
  readonly chain: string;
  /** Decimal string, as the provider gives it. */
  readonly exchangeRate: string;
  readonly rateTime: number;
}

export interface AgreementFailure {
  /** A unified catalog code. */
  readonly code: string;
  readonly channelError: ChannelErrorDetail;
  readonly retryAfterMs?: number;
}

export interface DeductionState {
  readonly tradeNo: string;
  readonly outTradeNo: string;
  readonly status: DeductionStatus;
  readonly amount: AgreementMoney;
  readonly cryptoPayment?: CryptoPayment;
  readonly paidAt?: number;
  /** Why a FAILED or TIMEOUT deduction failed. */
  readonly failure?: AgreementFailure;
}

export interface DeductionRef {
  readonly agreementType: AgreementType;
  readonly userId: string;
  readonly outTradeNo: string;
}

export interface DeductionRefundRequest extends DeductionRef {
  readonly outRefundNo: string;
  readonly amount: AgreementMoney;
  readonly reason?: string;
}

export type DeductionRefundStatus = 'PROCESSING' | 'SUCCESS' | 'FAILED';

export interface DeductionRefundState {
  readonly refundNo: string;
  readonly outRefundNo: string;
  readonly status: DeductionRefundStatus;
  readonly amount: AgreementMoney;
  readonly refundedAt?: number;
}

/** A market rate the channel holds until `expiresAt` (the window its rates move by). */
export interface FxRate {
  readonly rate: string;
  readonly expiresAt: number;
}

export type AgreementResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: AgreementFailure };

export interface AgreementChannel {
  readonly name: string;
  sign(request: AgreementSignRequest): Promise<AgreementResult<SignOrder>>;
  query(ref: AgreementRef): Promise<AgreementResult<AgreementState>>;
  unsign(
    ref: AgreementRef & { readonly agreementType: AgreementType; readonly userId: string },
  ): Promise<AgreementResult<AgreementState>>;
  deduct(request: DeductionRequest): Promise<AgreementResult<DeductionState>>;
  queryDeduction(ref: DeductionRef): Promise<AgreementResult<DeductionState>>;
  refund(request: DeductionRefundRequest): Promise<AgreementResult<DeductionRefundState>>;
  queryRefund(
    ref: DeductionRef & { readonly outRefundNo: string },
  ): Promise<AgreementResult<DeductionRefundState>>;
  /** The rate a fiat deduction made now would be paid at, and until when it holds. */
  quote(from: string, to: string): Promise<AgreementResult<FxRate>>;
}
