import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import type { AgreementStatus } from '../../domain/statuses.js';
import { mapUpstream } from '../../errors/lookup.js';
import type {
  AgreementChannel,
  AgreementFailure,
  AgreementMoney,
  AgreementResult,
  AgreementState,
  DeductionRefundState,
  DeductionState,
  FxRate,
} from '../agreement-port.js';
import type {
  ConnectorContext,
  NotificationCheck,
  NotificationHeaders,
  ProviderConnector,
} from '../kit/connector.js';
import { ChannelHttpClient } from '../kit/http-client.js';
import type { Channel, ChannelOutcome } from '../port.js';
import { BYBIT_AGREEMENT_STATUS_CODES } from './codes.js';
import { type BybitEnvelope, BybitTransport, type RetryPolicy } from './transport.js';

/**
 * The Bybit Pay recurring connector: `BybitAgreementChannel` (the AgreementChannel port over
 * `/v5/bybitpay/agreement/*`) and `bybitConnector` (the ProviderConnector a channel configuration names
 * as `bybit`). Every retCode and status goes through the catalog (codes.ts); a replayed merchant number
 * answers the first result, so TRADE_PROCESSING and REFUND_PROCESSING are resolved by a query.
 */

export const BYBIT_API_PATHS = {
  sign: '/v5/bybitpay/agreement/sign',
  unsign: '/v5/bybitpay/agreement/unsign',
  pay: '/v5/bybitpay/agreement/pay',
  refund: '/v5/bybitpay/agreement/refund',
  query: '/v5/bybitpay/agreement/query',
  payQuery: '/v5/bybitpay/agreement/pay/query',
  fxConvert: '/v5/bybitpay/fx/convert',
} as const;

const SUCCESS = 20000;
const TRADE_PROCESSING = 139002005;
const REFUND_PROCESSING = 139003003;

const sharedHttp = new ChannelHttpClient({
  timeouts: { connectMs: 3_000, answerMs: 30_000, totalMs: 30_000 },
});

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

const refused = <T>(envelope: BybitEnvelope): AgreementResult<T> => ({
  ok: false,
  error: failureOf(envelope.retCode, envelope.retMsg, envelope.result),
});

const time = (value: unknown) => (typeof value === 'string' && value !== '' ? Date.parse(value) : undefined);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

function moneyFrom(value: unknown, totalField = 'total'): AgreementMoney {
  const m = (value ?? {}) as Record<string, unknown>;
  return {
    total: text(m[totalField]),
    currency: text(m.currency),
    currencyType: m.currency_type === 'CRYPTO' ? 'CRYPTO' : 'FIAT',
    ...(typeof m.chain === 'string' ? { chain: m.chain } : {}),
  };
}

function moneyTo(m: AgreementMoney, totalField = 'total'): Record<string, string> {
  return {
    [totalField]: m.total,
    currency: m.currency,
    currency_type: m.currencyType,
    ...(m.chain === undefined ? {} : { chain: m.chain }),
    ...(m.chainAddress === undefined ? {} : { chain_address: m.chainAddress }),
  };
}

function agreementFrom(r: Record<string, unknown>): AgreementState {
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

function deductionFrom(r: Record<string, unknown>): DeductionState {
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

function refundFrom(r: Record<string, unknown>): DeductionRefundState {
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

export class BybitAgreementChannel implements AgreementChannel {
  readonly name: string;
  readonly #transport: BybitTransport;

  constructor(ctx: ConnectorContext, options: { retry?: RetryPolicy; http?: ChannelHttpClient } = {}) {
    this.name = ctx.channelName;
    this.#transport = new BybitTransport(
      options.http ?? sharedHttp,
      ctx.baseUrl,
      {
        apiKey: ctx.credentials.api_key ?? '',
        apiSecret: ctx.credentials.api_secret ?? '',
        merchantId: ctx.credentials.merchant_id ?? '',
      },
      ctx.clock,
      options.retry,
    );
    this.#notifyUrl = ctx.notifyUrl;
  }

  readonly #notifyUrl: string;

  async sign(request: Parameters<AgreementChannel['sign']>[0]) {
    const envelope = await this.#transport.post(
      BYBIT_API_PATHS.sign,
      {
        agreement_type: request.agreementType,
        scene_code: request.sceneCode,
        product_code: request.productCode,
        external_agreement_no: request.externalAgreementNo,
        notify_url: this.#notifyUrl,
        ...(request.merchantUserId === undefined ? {} : { merchant_user_id: request.merchantUserId }),
        ...(request.validUntil === undefined
          ? {}
          : { sign_valid_time: new Date(request.validUntil).toISOString() }),
        ...(request.singleLimit === undefined
          ? {}
          : { single_limit: moneyTo(request.singleLimit, 'amount') }),
        ...(request.periodLimits.length === 0
          ? {}
          : {
              period_limits: request.periodLimits.map((p) => ({
                period_type: p.periodType,
                ...moneyTo(p, 'amount'),
              })),
            }),
        ...(request.returnUrl === undefined ? {} : { return_url: request.returnUrl }),
        ...(request.signExpireMinutes === undefined
          ? {}
          : { sign_expire_minutes: request.signExpireMinutes }),
      },
      10_000,
    );
    if (envelope.retCode !== SUCCESS || envelope.result === null) return refused<never>(envelope);
    const r = envelope.result;
    return {
      ok: true as const,
      value: {
        signOrderId: text(r.sign_order_id),
        signUrl: text(r.sign_url),
        qrCode: text(r.qr_code),
        expiresAt: time(r.expire_time) ?? 0,
      },
    };
  }

  async query(ref: Parameters<AgreementChannel['query']>[0]) {
    const envelope = await this.#transport.get(BYBIT_API_PATHS.query, {
      agreement_no: ref.agreementNo,
      external_agreement_no: ref.agreementNo === undefined ? ref.externalAgreementNo : undefined,
    });
    if (envelope.retCode !== SUCCESS || envelope.result === null) return refused<never>(envelope);
    return { ok: true as const, value: agreementFrom(envelope.result) };
  }

  async unsign(ref: Parameters<AgreementChannel['unsign']>[0]) {
    const envelope = await this.#transport.post(
      BYBIT_API_PATHS.unsign,
      {
        user_id: ref.userId,
        agreement_type: ref.agreementType,
        ...(ref.agreementNo === undefined ? {} : { agreement_no: ref.agreementNo }),
        ...(ref.externalAgreementNo === undefined ? {} : { external_agreement_no: ref.externalAgreementNo }),
        unsign_type: 'MERCHANT',
      },
      10_000,
    );
    if (envelope.retCode !== SUCCESS) return refused<never>(envelope);
    return this.query(ref);
  }

  async deduct(request: Parameters<AgreementChannel['deduct']>[0]): Promise<AgreementResult<DeductionState>> {
    const envelope = await this.#transport.post(BYBIT_API_PATHS.pay, {
      user_id: request.userId,
      agreement_type: request.agreementType,
      agreement_no: request.agreementNo,
      out_trade_no: request.outTradeNo,
      scene_code: request.sceneCode,
      amount: moneyTo(request.amount),
      order_info: {
        order_title: request.title,
        ...(request.description === undefined ? {} : { order_desc: request.description }),
      },
      notify_url: this.#notifyUrl,
    });
    // The first attempt is still running upstream: its state is the query's.
    if (envelope.retCode === TRADE_PROCESSING) return this.queryDeduction(request);
    if (envelope.retCode !== SUCCESS || envelope.result === null) return refused(envelope);
    return { ok: true, value: deductionFrom(envelope.result) };
  }

  async queryDeduction(ref: Parameters<AgreementChannel['queryDeduction']>[0]) {
    const envelope = await this.#transport.get(BYBIT_API_PATHS.payQuery, {
      user_id: ref.userId,
      agreement_type: ref.agreementType,
      record_type: 'PAY',
      out_trade_no: ref.outTradeNo,
    });
    if (envelope.retCode !== SUCCESS || envelope.result === null) return refused<never>(envelope);
    return { ok: true as const, value: deductionFrom(envelope.result) };
  }

  async refund(
    request: Parameters<AgreementChannel['refund']>[0],
  ): Promise<AgreementResult<DeductionRefundState>> {
    const envelope = await this.#transport.post(BYBIT_API_PATHS.refund, {
      user_id: request.userId,
      agreement_type: request.agreementType,
      out_trade_no: request.outTradeNo,
      out_refund_no: request.outRefundNo,
      refund_amount: moneyTo(request.amount),
      ...(request.reason === undefined ? {} : { refund_reason: request.reason }),
      notify_url: this.#notifyUrl,
    });
    if (envelope.retCode !== SUCCESS || envelope.result === null) {
      // REFUND_PROCESSING on our own number: the refund exists, read it.
      if (envelope.retCode === REFUND_PROCESSING) {
        const known = await this.queryRefund(request);
        if (known.ok) return known;
      }
      return refused(envelope);
    }
    return { ok: true, value: refundFrom(envelope.result) };
  }

  /** The rate of now, from the FX convert endpoint (its rate and expiry fields are the emulator's, inferred). */
  async quote(from: string, to: string): Promise<AgreementResult<FxRate>> {
    const envelope = await this.#transport.post(BYBIT_API_PATHS.fxConvert, {
      paymentType: 'E_COMMERCE',
      orderAmount: '100',
      orderCurrency: from,
      orderCurrencyType: 'fiat',
      settleCurrency: to,
      settleCurrencyType: 'crypto',
    });
    const result = envelope.result as Record<string, unknown> | null;
    if (envelope.retCode !== SUCCESS || result === null) return refused<never>(envelope);
    return {
      ok: true,
      value: { rate: String(result.exchangeRate), expiresAt: Number(result.expireTime) },
    };
  }

  async queryRefund(ref: Parameters<AgreementChannel['queryRefund']>[0]) {
    const envelope = await this.#transport.get(BYBIT_API_PATHS.payQuery, {
      user_id: ref.userId,
      agreement_type: ref.agreementType,
      record_type: 'REFUND',
      out_refund_no: ref.outRefundNo,
    });
    if (envelope.retCode !== SUCCESS || envelope.result === null) return refused<never>(envelope);
    return { ok: true as const, value: refundFrom(envelope.result) };
  }
}

/**
 * One-off charges are not a Bybit recurring operation: a configuration's charge channel refuses every
 * call as a final answer (the charges API offers no Bybit payway, so none is routed here).
 */
function chargeRefusal(name: string): Channel {
  const refuse = async (): Promise<ChannelOutcome> => ({
    bizResult: 'FAIL',
    flowStatus: 'FAIL_CANCELED',
    error: { code: 'payway_not_enabled' },
  });
  return {
    name,
    refundPolicy: () => ({ windowDays: 0, allowPartial: false, allowFull: false }),
    pay: refuse,
    precreate: refuse,
    query: refuse,
    cancel: refuse,
    close: refuse,
    void: refuse,
    refund: refuse,
    queryRefund: refuse,
  };
}

const WEBHOOK_SKEW_MS = 5 * 60_000;

/**
 * A webhook checked over its raw bytes: `X-Signature` = base64 SHA256withRSA over
 * `X-Timestamp + X-Nonce + body` under the platform key (`platform_public_key`), timestamp within 5 minutes.
 * It names the agreement or trade; the gateway then queries, since the query is the truth.
 */
export function checkBybitWebhook(
  ctx: ConnectorContext,
  raw: Buffer,
  headers: NotificationHeaders,
): NotificationCheck {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const ack = { status: 200, contentType: 'text/plain', body: 'success' };
  const nack = { status: 400, contentType: 'text/plain', body: 'fail' };
  const timestamp = header('x-timestamp') ?? '';
  const nonce = header('x-nonce') ?? '';
  const signature = header('x-signature') ?? '';
  let key: KeyObject;
  try {
    key = createPublicKey(ctx.credentials.platform_public_key ?? '');
  } catch {
    return {
      ok: false,
      code: 'channel_sign_error',
      message: 'no platform_public_key to verify with',
      ack: nack,
    };
  }
  const verified =
    signature !== '' &&
    createVerify('RSA-SHA256')
      .update(Buffer.concat([Buffer.from(`${timestamp}${nonce}`), raw]))
      .verify(key, signature, 'base64');
  if (!verified)
    return { ok: false, code: 'channel_sign_error', message: 'webhook signature does not verify', ack: nack };
  if (!/^\d{13}$/.test(timestamp) || Math.abs(ctx.clock.now() - Number(timestamp)) > WEBHOOK_SKEW_MS)
    return {
      ok: false,
      code: 'channel_sign_error',
      message: 'webhook timestamp is more than 5 minutes off',
      ack: nack,
    };
  let data: Record<string, unknown>;
  try {
    data = ((JSON.parse(raw.toString('utf8')) as { data?: Record<string, unknown> }).data ?? {}) as Record<
      string,
      unknown
    >;
  } catch {
    return { ok: false, code: 'channel_parse_error', message: 'webhook body is not JSON', ack: nack };
  }
  return {
    ok: true,
    // An agreement event names our agreement by externalAgreementNo; a transaction our deduction by outTradeNo.
    ...(typeof data.outTradeNo === 'string'
      ? { outTradeNo: data.outTradeNo }
      : typeof data.externalAgreementNo === 'string'
        ? { outTradeNo: data.externalAgreementNo }
        : {}),
    ...(typeof data.tradeNo === 'string' ? { channelTradeNo: data.tradeNo } : {}),
    ...(typeof data.outRefundNo === 'string' ? { refundNo: data.outRefundNo } : {}),
    ack,
  };
}

export interface BybitConnector extends ProviderConnector {
  agreements(ctx: ConnectorContext): AgreementChannel;
}

export const bybitConnector: BybitConnector = {
  provider: 'bybit',
  credentialFields: ['merchant_id', 'api_key', 'api_secret', 'platform_public_key'],
  supports: {
    payways: ['bybit_pay'],
    subPayways: ['qrcode'],
    currencies: [
      'USD',
      'EUR',
      'GBP',
      'HKD',
      'SGD',
      'JPY',
      'KRW',
      'USDT',
      'USDC',
      'BTC',
      'ETH',
      'TRX',
      'SOL',
      'BNB',
      'DOGE',
    ],
  },
  create: (ctx) => chargeRefusal(ctx.channelName),
  agreements: (ctx) => new BybitAgreementChannel(ctx),
  checkNotification: checkBybitWebhook,
};
