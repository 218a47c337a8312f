import type { Clock } from '../../domain/clock.js';
import { formatAmount, isCurrency } from '../../domain/money.js';
import type { ChargeStatus } from '../../domain/statuses.js';
import type { ConnectorContext, NotificationCheck, ProviderConnector } from '../kit/connector.js';
import { type ChannelHttpClient, sharedHttpClient } from '../kit/http-client.js';
import type {
  Channel,
  ChannelCharge,
  ChannelLimits,
  ChannelOutcome,
  ChannelRefund,
  RefundPolicy,
} from '../port.js';
import { formatVmpAmount, VMP_MAX_AMOUNT } from './amount.js';
import { checkVmpNotification } from './notification.js';
import {
  errorOf,
  isSuccess,
  isUncertain,
  type OutcomeError,
  refused,
  saleStatusOf,
  unsupported,
} from './outcomes.js';
import { VMP_PATHS, VMP_QUERY_TYPE, VMP_WALLET_OF_PAYWAY, VMP_WALLETS, type VmpWallet } from './protocol.js';
import { type VmpAnswer, VmpTransport } from './transport.js';

/**
 * The EFTPay VMP connector: polypay's Channel over VMP's servlets, every request signed, every answer
 * verified, every `return_status` mapped through codes.ts. VMP has merchant-presented QR codes (qrcode
 * scene) and pay pages (web/wap scenes); it has no barcode (B scans C) scene in the documented API, so
 * `pay` is refused locally. `void` is VMP's same-day cancel (撤销) of a paid sale.
 */

export const EFTPAY_CREDENTIAL_FIELDS = ['user_confirm_key', 'secret_code'] as const;

/** VMP publishes no refund window; a year is what its wallets allow (inferred, see README). */
export const EFTPAY_REFUND_POLICY: RefundPolicy = { windowDays: 365, allowPartial: true, allowFull: true };

export interface EftpayChannelOptions {
  readonly name: string;
  readonly baseUrl: string;
  readonly userConfirmKey: string;
  readonly secretCode: string;
  readonly clock: Clock;
  readonly notifyUrl?: string;
  readonly http?: ChannelHttpClient;
}

type Pay = {
  readonly payType: 'Alipay' | 'WeChat';
  readonly wallet: VmpWallet;
  readonly family: 'alipay' | 'wechat';
};

export class EftpayChannel implements Channel {
  readonly name: string;
  readonly #vmp: VmpTransport;
  readonly #notifyUrl: string | undefined;

  constructor(options: EftpayChannelOptions) {
    this.name = options.name;
    this.#notifyUrl = options.notifyUrl;
    this.#vmp = new VmpTransport(
      options.http ?? sharedHttpClient(),
      options.baseUrl,
      { userConfirmKey: options.userConfirmKey, secretCode: options.secretCode },
      options.clock,
    );
  }

  refundPolicy(_payway: string): RefundPolicy {
    return EFTPAY_REFUND_POLICY;
  }

  /** VMP takes 0.02 to 60000 per transaction (seed -23); it publishes no daily limits. */
  limits(_payway: string): ChannelLimits {
    return { buyerPerCharge: VMP_MAX_AMOUNT };
  }

  async pay(_charge: ChannelCharge): Promise<ChannelOutcome> {
    const outcome = unsupported('payway_not_enabled', 'PAY_CANCELED');
    return { ...outcome, bizResult: 'PAY_FAIL' };
  }

  async precreate(charge: ChannelCharge): Promise<ChannelOutcome> {
    const pay = payOf(charge);
    if (pay === undefined)
      return { ...unsupported('payway_not_enabled', 'PAY_CANCELED'), bizResult: 'PRECREATE_FAIL' };
    const common = {
      out_trade_no: charge.outTradeNo,
      transaction_amount: amountText(charge.amount, charge.currency),
      fee_type: charge.currency,
      subject: charge.subject,
      notify_url: this.#notifyUrl,
    };
    const answer =
      charge.subPayway === 'qrcode'
        ? await this.#vmp.call(VMP_PATHS.jsapi, {
            ...common,
            service: `service.${pay.family}.qrcode.PreOrder`,
            paytype: pay.payType,
            payment_type: pay.wallet,
          })
        : await this.#vmp.call(VMP_PATHS.jsapi, {
            ...common,
            // Alipay has a mobile-page service; WeChat's pay page is its web service.
            service: pay.family === 'alipay' ? 'service.alipay.wap.PreOrder' : 'service.wechat.web.PreOrder',
            payType: pay.payType,
            wallet: pay.wallet,
            pay_scene: pay.family === 'alipay' ? 'WAP' : 'WEB',
          });
    if (!isSuccess(answer)) {
      const error = errorOf(answer);
      if (isUncertain(error)) {
        // Created or not, nobody knows: the gateway reverses it (cancel closes an unpaid VMP order).
        return {
          bizResult: 'PRECREATE_FAIL_ERROR',
          flowStatus: 'FAIL_ERROR',
          orderStatus: 'PAY_ERROR',
          error,
        };
      }
      return { bizResult: 'PRECREATE_FAIL', flowStatus: 'FAIL_CANCELED', orderStatus: 'PAY_CANCELED', error };
    }
    return {
      bizResult: 'PRECREATE_SUCCESS',
      flowStatus: 'IN_PROG',
      orderStatus: 'CREATED',
      ...tradeNo(answer),
      ...(answer.qr_code ? { qrCode: answer.qr_code } : {}),
      ...(answer.pay_url ? { payUrl: answer.pay_url } : {}),
    };
  }

  async query(charge: ChannelCharge): Promise<ChannelOutcome> {
    const answer = await this.#query(charge);
    if (!isSuccess(answer)) return refused(errorOf(answer));
    const orderStatus = saleStatusOf(answer);
    if (orderStatus === undefined) {
      return refused({
        code: 'channel_unexpected_error',
        channelError: {
          provider: 'eftpay',
          code: answer.trade_status ?? '',
          message: 'unknown trade_status',
        },
      });
    }
    const expired = answer.trade_status === 'TRADE_CLOSED' && orderStatus === 'PAY_CANCELED';
    const failed = answer.trade_status === 'TRADE_FAIL';
    return {
      bizResult: 'SUCCESS',
      flowStatus: 'SUCCESS',
      orderStatus,
      ...tradeNo(answer),
      ...(answer.buyer_id && orderStatus !== 'PAY_CANCELED' ? { buyerId: answer.buyer_id } : {}),
      ...(expired || failed
        ? {
            error: {
              code: expired ? 'trade_timeout' : 'channel_response_code_fail',
              channelError: {
                provider: 'eftpay',
                code: answer.trade_status!,
                message: answer.return_char ?? '',
              },
            },
          }
        : {}),
    };
  }

  /**
   * Reversal (撤单). VMP's cancel reverses a paid sale of today; an order still waiting for the buyer is
   * closed instead, which aborts it; an order already closed, failed or unknown to VMP has nothing to undo.
   */
  async cancel(charge: ChannelCharge): Promise<ChannelOutcome> {
    const answer = await this.#cancel(charge);
    if (isSuccess(answer))
      return {
        bizResult: 'CANCEL_SUCCESS',
        flowStatus: 'SUCCESS',
        orderStatus: 'CANCELED',
        ...tradeNo(answer),
      };
    switch (answer.return_status) {
      case '16': {
        const closed = await this.#close(charge);
        if (isSuccess(closed)) {
          return {
            bizResult: 'CANCEL_ABORT_SUCCESS',
            flowStatus: 'SUCCESS',
            orderStatus: 'CANCELED',
            ...tradeNo(closed),
          };
        }
        // Paid between the two calls (54), or the close failed: the gateway asks again.
        return {
          bizResult: 'CANCEL_ABORT_ERROR',
          flowStatus: 'CANCEL_ERROR',
          orderStatus: 'CANCEL_ERROR',
          error: errorOf(closed),
        };
      }
      case '15':
        return { bizResult: 'CANCEL_ABORT_SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'CANCELED' };
      case '31':
        // VMP never created the order: no payment can come of it.
        return refused(errorOf(answer), 'PAY_CANCELED');
      default: {
        const error = errorOf(answer);
        if (isUncertain(error) && answer.return_status !== '40') {
          return {
            bizResult: 'CANCEL_ERROR',
            flowStatus: 'CANCEL_ERROR',
            orderStatus: 'CANCEL_ERROR',
            error,
          };
        }
        return refused(error);
      }
    }
  }

  async close(charge: ChannelCharge): Promise<ChannelOutcome> {
    const answer = await this.#close(charge);
    if (isSuccess(answer))
      return { bizResult: 'SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'CLOSED', ...tradeNo(answer) };
    // An order VMP never created cannot be paid: closed is the truth.
    if (answer.return_status === '31')
      return { bizResult: 'SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'CLOSED' };
    const error = errorOf(answer);
    return refused(error, answer.return_status === '54' ? 'PAID' : undefined);
  }

  /** Voiding a paid sale the same day is VMP's cancel. */
  async void(charge: ChannelCharge): Promise<ChannelOutcome> {
    const answer = await this.#cancel(charge);
    if (isSuccess(answer))
      return { bizResult: 'SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'VOIDED', ...tradeNo(answer) };
    const error = errorOf(answer);
    if (answer.return_status === '-55') return refused({ ...error, code: 'void_already_done' });
    if (answer.return_status === '16' || answer.return_status === '15')
      return refused({ ...error, code: 'void_not_success' });
    if (answer.return_status === '40') return refused({ ...error, code: 'void_not_same_day' });
    return refused(error);
  }

  async refund(charge: ChannelCharge, refund: ChannelRefund): Promise<ChannelOutcome> {
    const pay = payOf(charge);
    if (pay === undefined) return unsupported('payway_not_enabled');
    const amount = amountText(refund.amount, charge.currency);
    const answer =
      charge.subPayway === 'qrcode'
        ? await this.#vmp.call(VMP_PATHS.jsapi, {
            service: `service.${pay.family}.qrcode.Refund`,
            out_trade_no: charge.outTradeNo,
            paytype: pay.payType,
            payment_type: pay.wallet,
            refund_no: refund.refundNo,
            transaction_amount: amount,
          })
        : await this.#vmp.call(VMP_PATHS.jsapi, {
            service: pay.family === 'alipay' ? 'service.alipay.wap.Refund' : 'service.wechat.web.Refund',
            out_trade_no: charge.outTradeNo,
            payType: pay.payType,
            wallet: pay.wallet,
            pay_scene: pay.family === 'alipay' ? 'WAP' : 'WEB',
            out_refund_no: refund.refundNo,
            return_amount: amount,
            total_fee: amountText(charge.amount, charge.currency),
            reason: refund.reason,
          });
    if (isSuccess(answer)) return refundOutcome(answer, 'REFUND_SUCCESS');
    const status = answer.return_status;
    // The refund number is taken: by this very refund, sent before with an unknown outcome? Ask VMP.
    if (status === '14' || (status === '-99' && /unique/i.test(answer.return_char ?? ''))) {
      const known = await this.queryRefund(charge, refund);
      if (known.bizResult !== 'FAIL') return known;
    }
    const error = errorOf(answer);
    if (isUncertain(error))
      return { bizResult: 'REFUND_ERROR', flowStatus: 'REFUND_ERROR', orderStatus: 'REFUND_ERROR', error };
    return refused(error);
  }

  async queryRefund(charge: ChannelCharge, refund: ChannelRefund): Promise<ChannelOutcome> {
    const answer = await this.#query(charge, refund.refundNo);
    if (!isSuccess(answer)) return refused(errorOf(answer));
    return refundOutcome(answer, 'SUCCESS');
  }

  #query(charge: ChannelCharge, refundNo?: string): Promise<VmpAnswer> {
    return this.#vmp.call(VMP_PATHS.query, {
      querytype: VMP_QUERY_TYPE,
      out_trade_no: charge.outTradeNo,
      refund_no: refundNo,
    });
  }

  #cancel(charge: ChannelCharge): Promise<VmpAnswer> {
    const pay = payOf(charge);
    return this.#vmp.call(VMP_PATHS.cancel, {
      out_trade_no: charge.outTradeNo,
      paytype: pay?.payType,
      payment_type: pay?.wallet,
    });
  }

  #close(charge: ChannelCharge): Promise<VmpAnswer> {
    const pay = payOf(charge);
    return this.#vmp.call(VMP_PATHS.jsapi, {
      service: `service.${pay?.family ?? 'alipay'}.qrcode.Close`,
      out_trade_no: charge.outTradeNo,
      paytype: pay?.payType,
      payment_type: pay?.wallet,
    });
  }
}

function payOf(charge: ChannelCharge): Pay | undefined {
  const wallet = VMP_WALLET_OF_PAYWAY[charge.payway];
  if (wallet === undefined) return undefined;
  const payType = VMP_WALLETS[wallet];
  return { payType, wallet, family: payType === 'Alipay' ? 'alipay' : 'wechat' };
}

/** VMP takes HKD and CNY, both with two decimals; any other currency is sent as it is and refused (56). */
function amountText(minor: number, currency: string): string {
  return currency === 'HKD' || currency === 'CNY' || !isCurrency(currency)
    ? formatVmpAmount(minor)
    : formatAmount(minor, currency);
}

function tradeNo(answer: VmpAnswer): { channelTradeNo?: string } {
  const no = answer.eft_trade_no ?? answer.eftpay_trade_no;
  return no ? { channelTradeNo: no } : {};
}

/** A refund's answer (refund call or refund query): its own trade_status says where it is. */
function refundOutcome(answer: VmpAnswer, successResult: 'REFUND_SUCCESS' | 'SUCCESS'): ChannelOutcome {
  const done = (orderStatus: ChargeStatus): ChannelOutcome => ({
    bizResult: successResult === 'SUCCESS' ? 'SUCCESS' : 'REFUND_SUCCESS',
    flowStatus: 'SUCCESS',
    orderStatus,
    ...tradeNo(answer),
  });
  switch (answer.trade_status) {
    case 'TRADE_REFUND':
      return done('PARTIAL_REFUNDED');
    case 'TRADE_CLOSED':
      return done('REFUNDED');
    case 'APPLY_SUCCESS':
    case 'TRADE_PROCESSING':
      return { bizResult: 'REFUND_IN_PROGRESS', flowStatus: 'IN_PROG', ...tradeNo(answer) };
    case 'TRADE_FAIL':
      return refused(failedRefund(answer));
    default:
      return {
        bizResult: 'REFUND_ERROR',
        flowStatus: 'REFUND_ERROR',
        orderStatus: 'REFUND_ERROR',
        error: unknownStatus(answer),
      };
  }
}

function failedRefund(answer: VmpAnswer): OutcomeError {
  return {
    code: 'refund_failed',
    channelError: { provider: 'eftpay', code: 'TRADE_FAIL', message: answer.return_char ?? '' },
  };
}

function unknownStatus(answer: VmpAnswer): OutcomeError {
  return {
    code: 'refund_pending',
    channelError: { provider: 'eftpay', code: answer.trade_status ?? '', message: 'unknown trade_status' },
  };
}

export const eftpayConnector: ProviderConnector = {
  provider: 'eftpay',
  credentialFields: EFTPAY_CREDENTIAL_FIELDS,
  supports: {
    payways: Object.keys(VMP_WALLET_OF_PAYWAY),
    subPayways: ['qrcode', 'wap'],
    currencies: ['HKD', 'CNY'],
  },
  create(ctx: ConnectorContext): Channel {
    return new EftpayChannel({
      name: ctx.channelName,
      baseUrl: ctx.baseUrl,
      userConfirmKey: ctx.credentials.user_confirm_key ?? '',
      secretCode: ctx.credentials.secret_code ?? '',
      clock: ctx.clock,
      notifyUrl: ctx.notifyUrl,
    });
  },
  checkNotification(ctx, raw): NotificationCheck {
    return checkVmpNotification(raw, ctx.credentials.secret_code ?? '', ctx.clock.now());
  },
};
