import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../domain/clock.js';
import { param } from './errors.js';
import type { AgreementType } from './fields.js';
import { CRYPTO_DECIMALS, fiatToCrypto, type Money, RATE_SCALE, USDT_PER_FIAT_E8 } from './money.js';
import type { PeriodType } from './periods.js';
import type { World } from './world.js';

/**
 * The records the Bybit engine keeps (agreements, trades, refunds, the webhooks they cause), its shared
 * state (`EngineCore`: the maps, the world, the clock, the webhook sink, its numbering) and the numbers the
 * operation families share. The operations themselves are in agreements.ts, trades.ts, refunds.ts and
 * webhooks.ts; engine.ts puts them together.
 */

export type AgreementStatus =
  | 'INIT'
  | 'PENDING'
  | 'SIGNED'
  | 'SUSPENDED'
  | 'UNSIGNED'
  | 'EXPIRED'
  | 'FAILED'
  | 'TIMEOUT';
export type TradeStatus = 'PROCESSING' | 'SUCCESS' | 'FAILED' | 'TIMEOUT';
export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'FAILED';

export interface PeriodLimit {
  readonly periodType: PeriodType;
  readonly limit: Money;
}

export interface Agreement {
  readonly agreementNo: string;
  readonly externalAgreementNo: string;
  readonly signOrderId: string;
  readonly merchantId: string;
  readonly agreementType: AgreementType;
  readonly sceneCode: string;
  readonly productCode: string;
  readonly merchantUserId?: string;
  readonly createdAt: number;
  readonly signExpireAt: number;
  readonly validUntil?: number;
  readonly singleLimit?: Money;
  readonly periodLimits: readonly PeriodLimit[];
  readonly notifyUrl: string;
  readonly returnUrl?: string;
  readonly fingerprint: string;
  readonly signResult: Record<string, unknown>;
  userId?: string;
  status: AgreementStatus;
  signTime?: number;
  unsignTime?: number;
  unsignType?: string;
  suspendTime?: number;
  resumeTime?: number;
}

export interface CryptoPayment {
  readonly currency: string;
  readonly amount: bigint;
  readonly chain: string;
  readonly rateE8: bigint;
  readonly rateTime: number;
}

export interface Trade {
  readonly tradeNo: string;
  readonly orderNo: string;
  readonly outTradeNo: string;
  readonly merchantId: string;
  readonly agreementNo: string;
  readonly agreementType: AgreementType;
  readonly userId: string;
  readonly amount: Money;
  readonly usdCents: bigint;
  readonly crypto?: CryptoPayment;
  readonly createdAt: number;
  readonly notifyUrl: string;
  readonly fingerprint: string;
  status: TradeStatus;
  settleAt?: number;
  payTime?: number;
  failureCode?: number;
  /** Successfully refunded, in the amount's minor units. */
  refunded: bigint;
}

export interface Refund {
  readonly refundNo: string;
  readonly outRefundNo: string;
  readonly tradeNo: string;
  readonly merchantId: string;
  readonly amount: Money;
  readonly createdAt: number;
  readonly notifyUrl: string;
  readonly fingerprint: string;
  status: RefundStatus;
  settleAt?: number;
  refundTime?: number;
  failureCode?: number;
}

export interface Webhook {
  readonly url: string;
  readonly notifyType: 'AGREEMENT_STATUS' | 'TRANSACTION_RESULT' | 'AGREEMENT_TIMEOUT' | 'ORDER_TIMEOUT';
  readonly merchantId: string;
  readonly data: Record<string, unknown>;
}

/** How long a PROCESSING trade or refund (sandbox amounts ending 02) takes to settle, on the emulator clock. */
export const PROCESSING_MS = 5_000;
/** How long a deduction's locked rate holds; a trade settling later fails with EXCHANGE_RATE_EXPIRED. */
export const RATE_VALID_MS = 60_000;
export const DEFAULT_SIGN_EXPIRE_MINUTES = 30;
export const DAY_MS = 86_400_000;

export const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
export const compact = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The last two digits of a minor-unit amount: the sandbox's magic (01 success … 99 risk). */
export function magicOf(total: bigint): string {
  return (total % 100n).toString().padStart(2, '0');
}

/** USD cents a crypto unit is worth, for quotas kept in USD (users' caps, merchants' quotas). */
const USD_CENTS_PER_CRYPTO: Readonly<Record<string, bigint>> = {
  USDT: 100n,
  USDC: 100n,
  BTC: 9_000_000n,
  ETH: 300_000n,
  TRX: 25n,
  SOL: 15_000n,
  BNB: 60_000n,
  DOGE: 20n,
};

export function usdCentsOf(m: Money): bigint {
  if (m.currencyType === 'FIAT') {
    const usdt = fiatToCrypto(m.total, m.currency, 'USDT', USDT_PER_FIAT_E8[m.currency] ?? RATE_SCALE);
    return usdt / 10_000n;
  }
  const decimals = BigInt(CRYPTO_DECIMALS[m.currency] ?? 6);
  return (m.total * (USD_CENTS_PER_CRYPTO[m.currency] ?? 100n)) / 10n ** decimals;
}
export class EngineCore {
  readonly agreements = new Map<string, Agreement>();
  readonly trades = new Map<string, Trade>();
  readonly refunds = new Map<string, Refund>();
  seq = 0;

  constructor(
    readonly world: World,
    readonly clock: Clock,
    readonly notify: (webhook: Webhook) => void,
  ) {}

  /** A number of the kind Bybit gives (prefix, day, sequence, a little randomness). */
  id(prefix: string): string {
    this.seq += 1;
    const day = new Date(this.clock.now()).toISOString().slice(0, 10).replaceAll('-', '');
    return `${prefix}${day}${String(this.seq).padStart(6, '0')}${randomBytes(2).toString('hex').toUpperCase()}`;
  }
}

export function pageNumber(value: unknown, fallback: number, max: number, name: string): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > max)
    throw param(`${name} must be from 1 to ${max}`);
  return n as number;
}
