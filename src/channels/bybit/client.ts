import type {
  AgreementChannel,
  AgreementResult,
  DeductionRefundState,
  DeductionState,
  FxRate,
} from '../agreement-port.js';
import type { ConnectorContext, ProviderConnector } from '../kit/connector.js';
import { ChannelHttpClient } from '../kit/http-client.js';
import type { Channel, ChannelOutcome } from '../port.js';
import { agreementFrom, deductionFrom, failureOf, moneyTo, refundFrom, text, time } from './answers.js';
import { checkBybitWebhook } from './notification.js';
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

const refused = <T>(envelope: BybitEnvelope): AgreementResult<T> => ({
  ok: false,
  error: failureOf(envelope.retCode, envelope.retMsg, envelope.result),
});

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
