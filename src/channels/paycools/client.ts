import type { Clock } from '../../domain/clock.js';
import type { ChargeStatus } from '../../domain/statuses.js';
import type { UnifiedCode } from '../../errors/catalog.js';
import { getDefinition, lookupUpstream } from '../../errors/lookup.js';
import type { ChannelErrorDetail } from '../../errors/polypay-error.js';
import type { ConnectorContext, ProviderConnector } from '../kit/connector.js';
import { type ChannelHttpClient, sharedHttpClient } from '../kit/http-client.js';
import type { ChannelTransfer, PayoutChannel, TransferDestination, TransferOutcome } from '../payout-port.js';
import type {
  Channel,
  ChannelCharge,
  ChannelLimits,
  ChannelOutcome,
  ChannelRefund,
  RefundPolicy,
} from '../port.js';
import { PAYCOOLS_CHARGE_STATUSES, PAYCOOLS_SUCCESS_CODES, PAYCOOLS_TRANSFER_STATUSES } from './codes.js';
import { checkPaycoolsNotification } from './notification.js';
import { COLLECTION_MAX, PAYCOOLS_PATHS } from './protocol.js';
import { type PaycoolsAnswer, PaycoolsTransport } from './transport.js';

/**
 * The PayCools v1 connector: collections (e-wallet checkout URL or QR Ph, bank virtual account) through the
 * charge API, refunds and voids of them, and disbursements to banks and e-wallets through PayoutChannel.
 * PayCools identifies orders by `mchOrderId` (1–32 letters and digits): polypay's ids without their `_`.
 */

export const PAYCOOLS_CREDENTIAL_FIELDS = ['app_id', 'app_secret'] as const;

/**
 * payway/sub_payway → PayCools channelCode. An e-wallet QR charge is the GCash checkout URL shown as a QR
 * code (the buyer scans it with the phone): refundable and voidable, unlike QR Ph (no refunds).
 */
const CHANNEL_CODES: Readonly<Record<string, string>> = {
  'ewallet/wap': 'GCASH_URL',
  'ewallet/qrcode': 'GCASH_URL',
  'bank/wap': 'BANK_VA',
};

/** What PayCools lets each collection channel do after payment (emulator README; 214xx/215xx). */
const REFUND_POLICIES: Readonly<Record<string, RefundPolicy>> = {
  GCASH_URL: { windowDays: 60, allowPartial: true, allowFull: true },
  QRPH_DYNAMIC_QR: { windowDays: 60, allowPartial: false, allowFull: false },
  BANK_VA: { windowDays: 60, allowPartial: false, allowFull: true },
};

type OutcomeError = NonNullable<ChannelOutcome['error']>;

export interface PaycoolsChannelOptions {
  readonly name: string;
  readonly baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly clock: Clock;
  readonly notifyUrl?: string;
  readonly http?: ChannelHttpClient;
}

/** polypay id → PayCools order id: `ch_4fRk…` → `ch4fRk…` (26 characters, reversible). */
export function orderIdOf(id: string): string {
  return id.replace('_', '');
}

/** PayCools order id → polypay id, for ids minted by orderIdOf. */
export function polypayIdOf(orderId: string, prefix: string): string | undefined {
  return orderId.startsWith(prefix) && orderId.length > prefix.length
    ? `${prefix}_${orderId.slice(prefix.length)}`
    : undefined;
}

export class PaycoolsChannel implements Channel, PayoutChannel {
  readonly name: string;
  readonly destinations = ['bank_account', 'ewallet'] as const;
  readonly #api: PaycoolsTransport;
  readonly #notifyUrl: string | undefined;

  constructor(options: PaycoolsChannelOptions) {
    this.name = options.name;
    this.#notifyUrl = options.notifyUrl;
    this.#api = new PaycoolsTransport(
      options.http ?? sharedHttpClient(),
      options.baseUrl,
      { appId: options.appId, appSecret: options.appSecret },
      options.clock,
    );
  }

  refundPolicy(payway: string): RefundPolicy {
    const code = CHANNEL_CODES[`${payway}/wap`] ?? CHANNEL_CODES[`${payway}/qrcode`];
    return REFUND_POLICIES[code ?? ''] ?? { windowDays: 60, allowPartial: false, allowFull: false };
  }

  limits(_payway: string): ChannelLimits {
    return { buyerPerCharge: COLLECTION_MAX };
  }

  async pay(_charge: ChannelCharge): Promise<ChannelOutcome> {
    return { ...refused({ code: 'payway_not_enabled' }, 'PAY_CANCELED'), bizResult: 'PAY_FAIL' };
  }

  async precreate(charge: ChannelCharge): Promise<ChannelOutcome> {
    const channelCode = CHANNEL_CODES[`${charge.payway}/${charge.subPayway}`];
    if (channelCode === undefined || charge.currency !== 'PHP')
      return { ...refused({ code: 'payway_not_enabled' }, 'PAY_CANCELED'), bizResult: 'PRECREATE_FAIL' };
    const answer = await this.#api.call(PAYCOOLS_PATHS.payment, {
      mchOrderId: orderIdOf(charge.chargeId),
      amount: charge.amount,
      channelCode,
      notifyUrl: this.#notifyUrl,
      remark: charge.subject.slice(0, 100),
    });
    if (!isSuccess(answer)) {
      const error = errorOf(answer);
      if (isUncertain(error))
        return {
          bizResult: 'PRECREATE_FAIL_ERROR',
          flowStatus: 'FAIL_ERROR',
          orderStatus: 'PAY_ERROR',
          error,
        };
      return { bizResult: 'PRECREATE_FAIL', flowStatus: 'FAIL_CANCELED', orderStatus: 'PAY_CANCELED', error };
    }
    const url = text(answer.data.redirectUrl);
    return {
      bizResult: 'PRECREATE_SUCCESS',
      flowStatus: 'IN_PROG',
      orderStatus: 'CREATED',
      ...tradeNo(answer),
      ...(url ? (charge.subPayway === 'qrcode' ? { qrCode: url, payUrl: url } : { payUrl: url }) : {}),
    };
  }

  async query(charge: ChannelCharge): Promise<ChannelOutcome> {
    const answer = await this.#queryCollection(charge);
    if (!isSuccess(answer)) return refused(errorOf(answer));
    const status = text(answer.data.transactionStatus);
    if (status === undefined || !(status in PAYCOOLS_CHARGE_STATUSES))
      return refused(unknownStatus('transactionStatus', status));
    let orderStatus: ChargeStatus = PAYCOOLS_CHARGE_STATUSES[status as keyof typeof PAYCOOLS_CHARGE_STATUSES];
    const refunded = Number(answer.data.refundedAmount ?? 0);
    if (answer.data.voided === true) orderStatus = 'VOIDED';
    else if (orderStatus === 'PAID' && refunded > 0)
      orderStatus = refunded >= charge.amount ? 'REFUNDED' : 'PARTIAL_REFUNDED';
    return {
      bizResult: 'SUCCESS',
      flowStatus: 'SUCCESS',
      orderStatus,
      ...tradeNo(answer),
      ...(orderStatus === 'PAY_CANCELED'
        ? {
            error: {
              code: 'channel_response_code_fail',
              channelError: channelError('FAILED', 'transaction failed'),
            },
          }
        : {}),
    };
  }

  /** Reversal: a paid collection is voided; PayCools has no way to abort an unpaid one (it expires). */
  async cancel(charge: ChannelCharge): Promise<ChannelOutcome> {
    const current = await this.query(charge);
    if (current.orderStatus === 'PAY_CANCELED' || current.orderStatus === 'VOIDED')
      return { bizResult: 'CANCEL_ABORT_SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'CANCELED' };
    if (current.orderStatus === 'CREATED')
      return {
        bizResult: 'CANCEL_ABORT_ERROR',
        flowStatus: 'CANCEL_ERROR',
        orderStatus: 'CANCEL_ERROR',
        error: { code: 'cancel_not_allowed' },
      };
    const voided = await this.void(charge);
    if (voided.bizResult === 'SUCCESS')
      return { ...voided, bizResult: 'CANCEL_SUCCESS', orderStatus: 'CANCELED' };
    return voided;
  }

  async close(charge: ChannelCharge): Promise<ChannelOutcome> {
    const current = await this.query(charge);
    if (current.orderStatus === 'PAY_CANCELED')
      return { bizResult: 'SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'CLOSED' };
    return refused({ code: 'cancel_not_allowed' }, current.orderStatus);
  }

  async void(charge: ChannelCharge): Promise<ChannelOutcome> {
    const original = await this.#queryCollection(charge);
    if (!isSuccess(original)) return refused(errorOf(original));
    const answer = await this.#api.call(PAYCOOLS_PATHS.void, {
      mchVoidOrderId: `vd${orderIdOf(charge.chargeId).slice(2)}`,
      originalTransactionId: text(original.data.transactionId),
    });
    if (isSuccess(answer) || (answer.code === '21504' && original.data.voided === true))
      return { bizResult: 'SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'VOIDED', ...tradeNo(original) };
    // 21505: our void id is taken, so an earlier void of ours went through if the collection reads voided.
    if (answer.code === '21505') {
      const again = await this.query(charge);
      if (again.orderStatus === 'VOIDED')
        return { bizResult: 'SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'VOIDED' };
    }
    return refused(errorOf(answer));
  }

  async refund(charge: ChannelCharge, refund: ChannelRefund): Promise<ChannelOutcome> {
    const original = await this.#queryCollection(charge);
    if (!isSuccess(original)) return refused(errorOf(original));
    const mchRefundOrderId = refundOrderIdOf(refund);
    const answer = await this.#api.call(PAYCOOLS_PATHS.refund, {
      mchRefundOrderId,
      originalTransactionId: text(original.data.transactionId),
      refundAmount: refund.amount,
      refundReason: refund.reason?.slice(0, 200),
      refundCallbackUrl: this.#notifyUrl,
    });
    if (isSuccess(answer)) return refundOutcome(answer, 'REFUND_SUCCESS', charge, refund);
    // Our refund id is known to PayCools (21401 processing, 21407 done): ours if it is for this amount.
    if (answer.code === '21401' || answer.code === '21407') {
      const known = await this.#queryRefund(refund);
      if (isSuccess(known) && Number(known.data.refundAmount) === refund.amount)
        return refundOutcome(known, 'SUCCESS', charge, refund);
    }
    const error = errorOf(answer);
    if (isUncertain(error))
      return { bizResult: 'REFUND_ERROR', flowStatus: 'REFUND_ERROR', orderStatus: 'REFUND_ERROR', error };
    return refused(error);
  }

  async queryRefund(charge: ChannelCharge, refund: ChannelRefund): Promise<ChannelOutcome> {
    const answer = await this.#queryRefund(refund);
    if (!isSuccess(answer)) return refused(errorOf(answer));
    return refundOutcome(answer, 'SUCCESS', charge, refund);
  }

  async transfer(transfer: ChannelTransfer): Promise<TransferOutcome> {
    const destination = destinationFields(transfer.destination);
    if (destination === undefined || transfer.currency !== 'PHP')
      return { status: 'FAILED', error: { code: 'channel_not_support_transfer' } };
    const orderId = orderIdOf(transfer.transferId);
    const answer = await this.#api.call(PAYCOOLS_PATHS.payout, {
      mchOrderId: orderId,
      appName: 'polypay',
      // One idempotencyId per transfer: PayCools refuses a resend (21015) instead of paying twice.
      idempotencyId: orderId.slice(0, 30),
      amount: transfer.amount,
      ...destination,
      remark: transfer.remark?.slice(0, 100),
      notifyUrl: this.#notifyUrl,
    });
    if (isSuccess(answer)) return transferOutcome(answer);
    // Sent before with the answer lost: PayCools has it, and the query says where it is.
    if (answer.code === '21015' || answer.code === '21007' || answer.code === '21011') {
      const known = await this.queryTransfer(transfer);
      if (known.error?.code !== 'trade_not_found') return known;
      if (answer.code === '21011') return { status: 'FAILED', error: errorOf(answer) };
    }
    return { status: 'FAILED', error: errorOf(answer) };
  }

  async queryTransfer(transfer: ChannelTransfer): Promise<TransferOutcome> {
    const answer = await this.#api.call(PAYCOOLS_PATHS.payoutQuery, {
      mchOrderId: orderIdOf(transfer.transferId),
    });
    if (!isSuccess(answer)) {
      const error = errorOf(answer);
      if (answer.code === '21006') return { status: 'FAILED', error };
      // Anything else says nothing about the payout: still pending as far as we know.
      return { status: 'PENDING', error };
    }
    return transferOutcome(answer);
  }

  #queryCollection(charge: ChannelCharge): Promise<PaycoolsAnswer> {
    return this.#api.call(PAYCOOLS_PATHS.paymentQuery, { mchOrderId: orderIdOf(charge.chargeId) });
  }

  #queryRefund(refund: ChannelRefund): Promise<PaycoolsAnswer> {
    return this.#api.call(PAYCOOLS_PATHS.refundQuery, { mchRefundOrderId: refundOrderIdOf(refund) });
  }
}

/** The merchant's refund number when PayCools can take it as it is (so callbacks name it), else the id. */
export function refundOrderIdOf(refund: Pick<ChannelRefund, 'refundNo' | 'refundId'>): string {
  // A refund_no shaped like a derived id would be read back as one (notification.ts): derived instead.
  return /^[A-Za-z0-9]{1,32}$/.test(refund.refundNo) && !/^re[A-Za-z0-9]{24}$/.test(refund.refundNo)
    ? refund.refundNo
    : orderIdOf(refund.refundId);
}

function destinationFields(destination: TransferDestination): Record<string, string> | undefined {
  switch (destination.type) {
    case 'bank_account':
      return {
        payMethodCode: 'BANK',
        bankCode: destination.bankCode,
        accountNo: destination.accountNo,
        accountName: destination.accountName,
      };
    case 'ewallet':
      return {
        payMethodCode: 'EWALLET',
        ewalletCode: destination.walletCode,
        accountNo: destination.accountNo,
        accountName: destination.accountName,
      };
    default:
      return undefined;
  }
}

function transferOutcome(answer: PaycoolsAnswer): TransferOutcome {
  const status = text(answer.data.transactionStatus);
  const transactionId = text(answer.data.transactionId);
  const no = transactionId ? { channelTransferNo: transactionId } : {};
  if (status === undefined || !(status in PAYCOOLS_TRANSFER_STATUSES))
    return { status: 'PENDING', ...no, error: unknownStatus('transactionStatus', status) };
  const mapped = PAYCOOLS_TRANSFER_STATUSES[status as keyof typeof PAYCOOLS_TRANSFER_STATUSES];
  if (mapped !== 'FAILED') return { status: mapped, ...no };
  const failedCode = String(answer.data.failedCode ?? '');
  const message = text(answer.data.failedMessage) ?? '';
  const found = lookupUpstream('paycools', failedCode, message);
  return {
    status: 'FAILED',
    ...no,
    error: {
      code: found?.unified.code ?? 'channel_response_code_fail',
      channelError: channelError(failedCode || 'FAILED', message),
    },
  };
}

function refundOutcome(
  answer: PaycoolsAnswer,
  successResult: 'REFUND_SUCCESS' | 'SUCCESS',
  charge: ChannelCharge,
  refund: ChannelRefund,
): ChannelOutcome {
  const status = text(answer.data.refundStatus);
  if (status === 'COMPLETE' || status === 'COMPLETED')
    return {
      bizResult: successResult,
      flowStatus: 'SUCCESS',
      orderStatus: refund.refundedBefore + refund.amount >= charge.amount ? 'REFUNDED' : 'PARTIAL_REFUNDED',
    };
  if (status === 'PENDING') return { bizResult: 'REFUND_IN_PROGRESS', flowStatus: 'IN_PROG' };
  if (status === 'FAILED' || status === 'CANCEL')
    return refused({ code: 'refund_failed', channelError: channelError(status, 'refund failed') });
  return {
    bizResult: 'REFUND_ERROR',
    flowStatus: 'REFUND_ERROR',
    orderStatus: 'REFUND_ERROR',
    error: unknownStatus('refundStatus', status),
  };
}

function isSuccess(answer: PaycoolsAnswer): boolean {
  return PAYCOOLS_SUCCESS_CODES.includes(answer.code);
}

function errorOf(answer: PaycoolsAnswer): OutcomeError {
  const found = lookupUpstream('paycools', answer.code, answer.message);
  const unified: UnifiedCode = found?.unified.code ?? 'channel_unexpected_error';
  return { code: unified, channelError: channelError(answer.code, answer.message) };
}

function isUncertain(error: OutcomeError): boolean {
  return getDefinition(error.code)?.retryStrategy === 'query_first';
}

function refused(error: OutcomeError, orderStatus?: ChargeStatus): ChannelOutcome {
  return { bizResult: 'FAIL', flowStatus: 'FAIL_CANCELED', ...(orderStatus ? { orderStatus } : {}), error };
}

function channelError(code: string, message: string): ChannelErrorDetail {
  return { provider: 'paycools', code, message };
}

function unknownStatus(field: string, value: string | undefined): OutcomeError {
  return { code: 'channel_unexpected_error', channelError: channelError(value ?? '', `unknown ${field}`) };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function tradeNo(answer: PaycoolsAnswer): { channelTradeNo?: string } {
  const id = text(answer.data.transactionId);
  return id ? { channelTradeNo: id } : {};
}

export const paycoolsConnector: ProviderConnector = {
  provider: 'paycools',
  credentialFields: PAYCOOLS_CREDENTIAL_FIELDS,
  supports: { payways: ['ewallet', 'bank'], subPayways: ['wap', 'qrcode'], currencies: ['PHP'] },
  create(ctx: ConnectorContext): PaycoolsChannel {
    return new PaycoolsChannel({
      name: ctx.channelName,
      baseUrl: ctx.baseUrl,
      appId: ctx.credentials.app_id ?? '',
      appSecret: ctx.credentials.app_secret ?? '',
      clock: ctx.clock,
      notifyUrl: ctx.notifyUrl,
    });
  },
  checkNotification(ctx, raw) {
    return checkPaycoolsNotification(raw, ctx.credentials.app_secret ?? '');
  },
};
