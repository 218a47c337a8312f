import { exceededPeriod, type PeriodType } from '../../domain/agreement-quota.js';
import type { Clock } from '../../domain/clock.js';
import { CRYPTO_DECIMALS, convertMinorUnits, marketRate, rateWindowEnd } from '../../domain/fx-rates.js';
import { CURRENCY_EXPONENTS } from '../../domain/money.js';
import type { AgreementStatus } from '../../domain/statuses.js';
import type {
  AgreementChannel,
  AgreementFailure,
  AgreementMoney,
  AgreementRef,
  AgreementResult,
  AgreementSignRequest,
  AgreementState,
  CryptoPayment,
  DeductionRef,
  DeductionRefundRequest,
  DeductionRefundState,
  DeductionRequest,
  DeductionState,
  FxRate,
} from '../agreement-port.js';
import type { SandboxAgreementBook } from './agreement-book.js';

/**
 * The sandbox's agreements: a test-mode app holds agreements with no provider configured. The buyer signs
 * on the sandbox sign page (or `POST /v1/sandbox/agreements/{id}/sign`); deductions are checked against the
 * agreement's limits with the domain's quota rules, as a provider would, and take magic amounts
 * (docs/sandbox.md) by their last two digits: `02` PROCESSING for SANDBOX_PROCESSING_MS then SUCCESS,
 * `03` FAILED (insufficient_fund), `99` refused (risk_rejected). Refunds: `02` PROCESSING then SUCCESS,
 * `03` PROCESSING then FAILED. Fiat is paid in USDT at the market rate of the moment.
 */

export const SANDBOX_PROCESSING_MS = 5_000;
/** The magic endings of deduction and refund amounts (docs/sandbox.md). */
export const SANDBOX_AGREEMENT_MAGIC = ['02', '03', '99'] as const;
export const SANDBOX_BUYER = 'sandbox_buyer';
/** The sandbox's calendar for its own quota check (a provider counts periods in its own zone). */
const SANDBOX_TIME_ZONE = 'UTC';

interface Agreement {
  externalNo: string;
  agreementNo: string;
  status: AgreementStatus;
  request: AgreementSignRequest;
  signExpiresAt: number;
  userId?: string;
  signedAt?: number;
  unsignedAt?: number;
}

interface Trade {
  outTradeNo: string;
  tradeNo: string;
  agreementNo: string;
  amount: AgreementMoney;
  status: DeductionState['status'];
  createdAt: number;
  settleAt?: number;
  refunded: string;
  crypto?: CryptoPayment;
  failureCode?: string;
}

interface Refund {
  outRefundNo: string;
  refundNo: string;
  outTradeNo: string;
  amount: AgreementMoney;
  status: DeductionRefundState['status'];
  settleAt?: number;
  finalStatus?: 'SUCCESS' | 'FAILED';
  refundedAt?: number;
}

const magicOf = (total: string) => total.slice(-2);

function refusal<T>(code: string, message: string): AgreementResult<T> {
  const error: AgreementFailure = { code, channelError: { provider: 'sandbox', code, message } };
  return { ok: false, error };
}

export interface SandboxAgreementOptions {
  readonly clock: Clock;
  readonly book: SandboxAgreementBook;
  /** Base of the sign page URLs (the gateway's public URL). */
  readonly publicUrl: string;
}

export class SandboxAgreementChannel implements AgreementChannel {
  readonly name = 'sandbox';
  readonly #clock: Clock;
  readonly #book: SandboxAgreementBook;
  readonly #publicUrl: string;

  constructor(options: SandboxAgreementOptions) {
    this.#clock = options.clock;
    this.#book = options.book;
    this.#publicUrl = options.publicUrl.replace(/\/$/, '');
  }

  /** Where the buyer signs a sandbox agreement (our agreement id is its external number). */
  signPath(externalNo: string): string {
    return `/v1/sandbox/agreements/${encodeURIComponent(externalNo)}/sign_page`;
  }

  async sign(request: AgreementSignRequest) {
    const now = this.#clock.now();
    const agreement: Agreement = {
      externalNo: request.externalAgreementNo,
      agreementNo: `sbxagr_${request.externalAgreementNo}`,
      status: 'INIT',
      request,
      signExpiresAt: now + (request.signExpireMinutes ?? 15) * 60_000,
    };
    await this.#save(agreement);
    const signUrl = `${this.#publicUrl}${this.signPath(agreement.externalNo)}`;
    return {
      ok: true as const,
      value: {
        signOrderId: `sbxso_${agreement.externalNo}`,
        signUrl,
        qrCode: signUrl,
        expiresAt: agreement.signExpiresAt,
      },
    };
  }

  async query(ref: AgreementRef): Promise<AgreementResult<AgreementState>> {
    const agreement = await this.#find(ref);
    if (agreement === undefined) return refusal('agreement_not_found', 'no such sandbox agreement');
    return { ok: true, value: stateOf(agreement) };
  }

  /** The buyer's answer on the sign page. */
  async buyerSigns(
    externalNo: string,
    outcome: 'sign' | 'decline',
    buyerId = SANDBOX_BUYER,
  ): Promise<AgreementResult<AgreementState>> {
    const agreement = await this.#find({ externalAgreementNo: externalNo });
    if (agreement === undefined) return refusal('agreement_not_found', 'no such sandbox agreement');
    if (agreement.status === 'TIMEOUT') return refusal('agreement_sign_url_expired', 'the sign link expired');
    if (agreement.status !== 'INIT' && agreement.status !== 'PENDING')
      return refusal('agreement_status_invalid', `the agreement is ${agreement.status}`);
    if (outcome === 'decline') agreement.status = 'FAILED';
    else {
      agreement.status = 'SIGNED';
      agreement.userId = buyerId;
      agreement.signedAt = this.#clock.now();
    }
    await this.#save(agreement);
    return { ok: true, value: stateOf(agreement) };
  }

  async unsign(ref: AgreementRef): Promise<AgreementResult<AgreementState>> {
    const agreement = await this.#find(ref);
    if (agreement === undefined) return refusal('agreement_not_found', 'no such sandbox agreement');
    if (agreement.status === 'UNSIGNED') return refusal('agreement_unsigned', 'already unsigned');
    if (agreement.status !== 'SIGNED')
      return refusal('agreement_status_invalid', `the agreement is ${agreement.status}`);
    agreement.status = 'UNSIGNED';
    agreement.unsignedAt = this.#clock.now();
    await this.#save(agreement);
    return { ok: true, value: stateOf(agreement) };
  }

  async deduct(request: DeductionRequest): Promise<AgreementResult<DeductionState>> {
    const replay = await this.#trade(request.outTradeNo);
    if (replay !== undefined) return { ok: true, value: tradeState(replay) };
    const agreement = await this.#find({ agreementNo: request.agreementNo });
    if (agreement === undefined) return refusal('agreement_not_found', 'no such sandbox agreement');
    if (agreement.status !== 'SIGNED')
      return refusal(
        agreement.status === 'UNSIGNED' ? 'agreement_unsigned' : 'agreement_status_invalid',
        `the agreement is ${agreement.status}`,
      );
    const amount = BigInt(request.amount.total);
    const single = agreement.request.singleLimit;
    if (single !== undefined && amount > BigInt(single.total))
      return refusal('agreement_single_limit_exceeded', `above the single limit ${single.total}`);
    const now = this.#clock.now();
    const counted = (await this.#trades(agreement.agreementNo))
      .filter((t) => t.status === 'SUCCESS' || t.status === 'PROCESSING')
      .map((t) => ({ createdAt: t.createdAt, net: BigInt(t.amount.total) - BigInt(t.refunded) }));
    const limits = agreement.request.periodLimits.map((p) => ({
      periodType: p.periodType as PeriodType,
      amount: BigInt(p.total),
    }));
    const over = exceededPeriod(limits, counted, amount, now, SANDBOX_TIME_ZONE);
    if (over) return refusal('agreement_quota_exceeded', `the ${over.limit.periodType} limit is used`);
    const magic = magicOf(request.amount.total);
    if (magic === '99') return refusal('risk_rejected', 'sandbox amount ending in 99: refused by risk');
    const crypto = this.#price(request.amount, now);
    const trade: Trade = {
      outTradeNo: request.outTradeNo,
      tradeNo: `sbxtr_${request.outTradeNo}`,
      agreementNo: agreement.agreementNo,
      amount: request.amount,
      status: magic === '02' ? 'PROCESSING' : magic === '03' ? 'FAILED' : 'SUCCESS',
      createdAt: now,
      refunded: '0',
      ...(crypto === undefined ? {} : { crypto }),
      ...(magic === '02' ? { settleAt: now + SANDBOX_PROCESSING_MS } : {}),
      ...(magic === '03' ? { failureCode: 'insufficient_fund' } : {}),
    };
    await this.#saveTrade(trade);
    await this.#book.put(
      `trades:${agreement.agreementNo}`,
      [...(await this.#tradeNos(agreement.agreementNo)), trade.outTradeNo],
      now,
    );
    return { ok: true, value: tradeState(trade) };
  }

  async queryDeduction(ref: DeductionRef): Promise<AgreementResult<DeductionState>> {
    const trade = await this.#trade(ref.outTradeNo);
    if (trade === undefined) return refusal('trade_not_found', 'no such sandbox deduction');
    return { ok: true, value: tradeState(trade) };
  }

  async refund(request: DeductionRefundRequest): Promise<AgreementResult<DeductionRefundState>> {
    const replay = await this.#refund(request.outRefundNo);
    if (replay !== undefined) return { ok: true, value: refundState(replay) };
    const trade = await this.#trade(request.outTradeNo);
    if (trade === undefined) return refusal('trade_not_found', 'no such sandbox deduction');
    if (trade.status !== 'SUCCESS') return refusal('refund_not_allowed', `the deduction is ${trade.status}`);
    const open = await this.#openRefund(trade);
    if (open) return refusal('refund_pending_exists', 'another refund of this deduction is processing');
    const amount = BigInt(request.amount.total);
    if (amount > BigInt(trade.amount.total) - BigInt(trade.refunded))
      return refusal('refund_amount_exceeded', 'more than is left of the deduction');
    const now = this.#clock.now();
    const magic = magicOf(request.amount.total);
    const refund: Refund = {
      outRefundNo: request.outRefundNo,
      refundNo: `sbxrf_${request.outRefundNo}`,
      outTradeNo: trade.outTradeNo,
      amount: request.amount,
      status: 'PROCESSING',
    };
    if (magic === '02' || magic === '03') {
      refund.settleAt = now + SANDBOX_PROCESSING_MS;
      refund.finalStatus = magic === '02' ? 'SUCCESS' : 'FAILED';
    } else this.#finishRefund(refund, trade, 'SUCCESS', now);
    await this.#saveRefund(refund);
    await this.#saveTrade(trade);
    await this.#book.put(
      `refunds:${trade.outTradeNo}`,
      [...(await this.#refundNos(trade.outTradeNo)), refund.outRefundNo],
      now,
    );
    return { ok: true, value: refundState(refund) };
  }

  async queryRefund(
    ref: DeductionRef & { outRefundNo: string },
  ): Promise<AgreementResult<DeductionRefundState>> {
    const refund = await this.#refund(ref.outRefundNo);
    if (refund === undefined) return refusal('refund_not_found', 'no such sandbox refund');
    return { ok: true, value: refundState(refund) };
  }

  async quote(from: string, to: string): Promise<AgreementResult<FxRate>> {
    const now = this.#clock.now();
    const rate = marketRate(from, to, now);
    if (rate === undefined) return refusal('currency_not_supported', `no rate from ${from} to ${to}`);
    return { ok: true, value: { rate, expiresAt: rateWindowEnd(now) } };
  }

  // ---- records, moved on by time when read ----

  /** Fiat is paid in USDT at the market rate of the moment (rounded up); crypto as is. */
  #price(amount: AgreementMoney, now: number): CryptoPayment | undefined {
    if (amount.currencyType === 'CRYPTO') return undefined;
    const rate = marketRate(amount.currency, 'USDT', now);
    const decimals = (CURRENCY_EXPONENTS as Record<string, number>)[amount.currency];
    if (rate === undefined || decimals === undefined) return undefined;
    return {
      currency: 'USDT',
      amount: convertMinorUnits(BigInt(amount.total), decimals, rate, CRYPTO_DECIMALS.USDT!).toString(),
      chain: amount.chain ?? 'TRC20',
      exchangeRate: rate,
      rateTime: now,
    };
  }

  async #find(ref: AgreementRef): Promise<Agreement | undefined> {
    const externalNo =
      ref.externalAgreementNo ??
      (ref.agreementNo?.startsWith('sbxagr_') ? ref.agreementNo.slice(7) : undefined);
    if (externalNo === undefined) return undefined;
    const agreement = await this.#book.get<Agreement>(`agreement:${externalNo}`);
    if (agreement === undefined) return undefined;
    const now = this.#clock.now();
    let moved = false;
    if ((agreement.status === 'INIT' || agreement.status === 'PENDING') && now >= agreement.signExpiresAt) {
      agreement.status = 'TIMEOUT';
      moved = true;
    }
    const until = agreement.request.validUntil;
    if (agreement.status === 'SIGNED' && until !== undefined && now >= until) {
      agreement.status = 'EXPIRED';
      moved = true;
    }
    if (moved) await this.#save(agreement);
    return agreement;
  }

  async #save(agreement: Agreement) {
    await this.#book.put(`agreement:${agreement.externalNo}`, agreement, this.#clock.now());
  }

  async #tradeNos(agreementNo: string) {
    return (await this.#book.get<string[]>(`trades:${agreementNo}`)) ?? [];
  }

  async #trades(agreementNo: string): Promise<Trade[]> {
    const out: Trade[] = [];
    for (const no of await this.#tradeNos(agreementNo)) {
      const trade = await this.#trade(no);
      if (trade !== undefined) out.push(trade);
    }
    return out;
  }

  async #trade(outTradeNo: string): Promise<Trade | undefined> {
    const trade = await this.#book.get<Trade>(`trade:${outTradeNo}`);
    if (trade === undefined) return undefined;
    if (
      trade.status === 'PROCESSING' &&
      trade.settleAt !== undefined &&
      this.#clock.now() >= trade.settleAt
    ) {
      trade.status = 'SUCCESS';
      delete trade.settleAt;
      await this.#saveTrade(trade);
    }
    return trade;
  }

  async #saveTrade(trade: Trade) {
    await this.#book.put(`trade:${trade.outTradeNo}`, trade, this.#clock.now());
  }

  async #refundNos(outTradeNo: string) {
    return (await this.#book.get<string[]>(`refunds:${outTradeNo}`)) ?? [];
  }

  async #openRefund(trade: Trade): Promise<boolean> {
    for (const no of await this.#refundNos(trade.outTradeNo)) {
      if ((await this.#refund(no))?.status === 'PROCESSING') return true;
    }
    return false;
  }

  async #refund(outRefundNo: string): Promise<Refund | undefined> {
    const refund = await this.#book.get<Refund>(`refund:${outRefundNo}`);
    if (refund === undefined) return undefined;
    const now = this.#clock.now();
    if (refund.status === 'PROCESSING' && refund.settleAt !== undefined && now >= refund.settleAt) {
      const trade = (await this.#trade(refund.outTradeNo))!;
      this.#finishRefund(refund, trade, refund.finalStatus ?? 'SUCCESS', now);
      await this.#saveRefund(refund);
      await this.#saveTrade(trade);
    }
    return refund;
  }

  #finishRefund(refund: Refund, trade: Trade, status: 'SUCCESS' | 'FAILED', now: number) {
    refund.status = status;
    delete refund.settleAt;
    if (status === 'SUCCESS') {
      refund.refundedAt = now;
      trade.refunded = (BigInt(trade.refunded) + BigInt(refund.amount.total)).toString();
    }
  }

  async #saveRefund(refund: Refund) {
    await this.#book.put(`refund:${refund.outRefundNo}`, refund, this.#clock.now());
  }
}

function stateOf(a: Agreement): AgreementState {
  return {
    agreementNo: a.agreementNo,
    externalAgreementNo: a.externalNo,
    status: a.status,
    ...(a.userId === undefined ? {} : { userId: a.userId }),
    ...(a.signedAt === undefined ? {} : { signedAt: a.signedAt }),
    ...(a.unsignedAt === undefined ? {} : { unsignedAt: a.unsignedAt }),
  };
}

function tradeState(t: Trade): DeductionState {
  return {
    tradeNo: t.tradeNo,
    outTradeNo: t.outTradeNo,
    status: t.status,
    amount: t.amount,
    ...(t.crypto === undefined ? {} : { cryptoPayment: t.crypto }),
    ...(t.status === 'SUCCESS' ? { paidAt: t.createdAt } : {}),
    ...(t.failureCode === undefined
      ? {}
      : {
          failure: {
            code: t.failureCode,
            channelError: {
              provider: 'sandbox',
              code: t.failureCode,
              message: 'sandbox amount ending in 03',
            },
          },
        }),
  };
}

function refundState(r: Refund): DeductionRefundState {
  return {
    refundNo: r.refundNo,
    outRefundNo: r.outRefundNo,
    status: r.status,
    amount: r.amount,
    ...(r.refundedAt === undefined ? {} : { refundedAt: r.refundedAt }),
  };
}
