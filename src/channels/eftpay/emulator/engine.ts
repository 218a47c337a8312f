import type { Clock } from '../../../domain/clock.js';
import {
  VMP_PATH_SERVICES,
  VMP_PATHS,
  VMP_SERVICES,
  VMP_USER_KEY_LENGTH,
  type VmpService,
} from '../protocol.js';
import { vmpSign, vmpVerify } from '../sign.js';
import { formatVmpTime, parseVmpTime } from '../vmp-time.js';
import { isFrontStatus, MESSAGES, VmpRefusal } from './answers.js';
import { VmpBook } from './book.js';
import { type EmulatedMerchant, emulatedMerchants } from './merchants.js';
import { paymentNotificationBody, refundNotificationBody } from './notifications.js';
import { type OperationContext, refundSettled, runOperation } from './operations.js';
import { field, parseVmpBody } from './request.js';
import { isWorldCode } from './world-codes.js';

/**
 * The emulated VMP gateway as a pure state machine: a request (servlet path and raw body) in, the signed
 * answer and any notifications out. No I/O and no timers: the clock is injected and time-driven changes
 * (QR expiry, apply-refunds settling) happen when the book is read or when `settle()` is called.
 */

export interface VmpEmulatorOptions {
  readonly userConfirmKey: string;
  readonly secretCode: string;
  readonly clock: Clock;
  /** Largest accepted |server time − request `time|` (default 5 minutes). */
  readonly timeSkewMs?: number;
}

/**
 * An answer from the world behind the provider (WeChat timing out, Alipay's FX service down…), injected by
 * a scenario. It replaces the answer of a request that would otherwise succeed. `applied` says whether the
 * request took effect before the failure: by default it did for the codes whose outcome is unknown (a
 * reply lost on the way back), and did not for the others.
 */
export interface VmpInjection {
  readonly code: string;
  readonly applied?: boolean;
  /** return_char to answer instead of the seed's text (WeChat's err_code_des for 60/61). */
  readonly message?: string;
}

/** Codes whose outcome is unknown to the client: the wallet may have acted. */
export const UNCERTAIN_CODES: ReadonlySet<string> = new Set(['41', '52', '57', '58', '59', '62']);

export interface VmpNotification {
  readonly url: string;
  readonly body: Readonly<Record<string, string>>;
}

export interface VmpReply {
  readonly body: Readonly<Record<string, string>>;
  /** The merchant the request was made for, when one was found (a scenario may target it). */
  readonly merchantKey?: string;
  readonly notifications: readonly VmpNotification[];
}

export type BuyerResult = 'paid' | 'failed';
export type BuyerRefusal = 'not_found' | 'expired' | 'not_payable';

export const DEFAULT_TIME_SKEW_MS = 5 * 60_000;

export class VmpEmulatorCore {
  readonly book = new VmpBook();
  readonly merchants: ReadonlyMap<string, EmulatedMerchant>;
  readonly #clock: Clock;
  readonly #skewMs: number;

  constructor(options: VmpEmulatorOptions) {
    this.#clock = options.clock;
    this.#skewMs = options.timeSkewMs ?? DEFAULT_TIME_SKEW_MS;
    this.merchants = new Map(
      emulatedMerchants(options).map((merchant) => [merchant.userConfirmKey, merchant] as const),
    );
  }

  /**
   * Answers one request to `path` (relative to the gateway base, e.g. `/Servlet/JSAPIService.do`).
   * `publicUrl` is where the emulator is reached, for the QR codes and pay URLs it hands out. An injected
   * code that cannot happen on the request's operation is ignored.
   */
  handle(
    path: string,
    raw: Buffer | string,
    call: { publicUrl: string; injection?: VmpInjection },
  ): VmpReply {
    const { injection } = call;
    const notifications: VmpNotification[] = [];
    const now = this.#clock.now();
    notifications.push(...this.settle());
    let merchant: EmulatedMerchant | undefined;
    try {
      const fields = parseVmpBody(raw);
      const service = serviceOf(path, fields);
      merchant = this.#merchantOf(fields);
      // A bad signature is answered signed: the merchant is known, and so is its secret.
      if (!vmpVerify(fields, merchant.secretCode)) throw new VmpRefusal('10');
      checkTime(fields, now, this.#skewMs);
      if (merchant.userDisabled) throw new VmpRefusal('22', userText(22, merchant));
      if (merchant.merchantDisabled) throw new VmpRefusal('23', userText(23, merchant));
      const ctx: OperationContext = {
        book: this.book,
        merchant,
        service,
        fields,
        now,
        publicUrl: call.publicUrl,
        injection:
          injection === undefined || !isWorldCode(service.operation, injection.code)
            ? undefined
            : resolveInjection(injection),
        notify: (notification) => notifications.push(this.#signed(notification, merchant!)),
      };
      const result = runOperation(ctx);
      return {
        body: this.#answer('00', 'Success', result, merchant),
        merchantKey: merchant.userConfirmKey,
        notifications,
      };
    } catch (error) {
      if (!(error instanceof VmpRefusal)) throw error;
      return {
        body: this.#answer(error.status, error.message, {}, merchant),
        ...(merchant ? { merchantKey: merchant.userConfirmKey } : {}),
        notifications,
      };
    }
  }

  /** The buyer scans a QR code (or opens a pay URL) and pays, or the wallet declines the payment. */
  buyer(
    eftTradeNo: string,
    result: BuyerResult,
    buyerId?: string,
  ): { ok: true; notifications: VmpNotification[] } | { ok: false; reason: BuyerRefusal } {
    const now = this.#clock.now();
    const notifications = this.settle();
    const order = this.book.orderForBuyer(eftTradeNo);
    if (order === undefined) return { ok: false, reason: 'not_found' };
    if (order.status === 'TRADE_CLOSED' && order.closedBy === 'expiry')
      return { ok: false, reason: 'expired' };
    if (order.status !== 'TRADE_PROCESSING') return { ok: false, reason: 'not_payable' };
    const merchant = this.merchants.get(order.merchantKey)!;
    if (result === 'failed') {
      order.status = 'TRADE_FAIL';
      return { ok: true, notifications };
    }
    const seq = this.book.nextSeq();
    order.status = 'TRADE_SUCCESS';
    order.paidAt = now;
    order.buyerId =
      buyerId ?? `${order.payType === 'WeChat' ? 'oEFT' : '2088'}${String(seq).padStart(12, '0')}`;
    order.transactionId =
      order.payType === 'WeChat'
        ? `42000${formatVmpTime(now).slice(0, 8)}${String(seq).padStart(15, '0')}`
        : `${formatVmpTime(now).slice(0, 8)}22001${String(seq).padStart(15, '0')}`;
    if (!merchant.sweepsSales) this.book.moveBalance(merchant.userConfirmKey, order.amount);
    if (order.notifyUrl) {
      const body = paymentNotificationBody(order, merchant.userConfirmKey);
      notifications.push(this.#signed({ url: order.notifyUrl, body }, merchant));
    }
    return { ok: true, notifications };
  }

  /**
   * Applies time: QR codes past their `active_time` close, apply-refunds past their delay settle. Returns
   * the refund notifications that settling produced.
   */
  settle(): VmpNotification[] {
    const now = this.#clock.now();
    for (const order of this.book.orders()) {
      if (order.status === 'TRADE_PROCESSING' && now >= order.expiresAt) {
        order.status = 'TRADE_CLOSED';
        order.closedBy = 'expiry';
      }
    }
    const notifications: VmpNotification[] = [];
    for (const refund of this.book.refunds()) {
      if (refund.status !== 'APPLY_SUCCESS' || refund.settlesAt === undefined || now < refund.settlesAt)
        continue;
      const merchant = this.merchants.get(refund.merchantKey)!;
      const order = this.book.orderByEft(refund.merchantKey, refund.eftTradeNo)!;
      refund.settledAt = now;
      if (merchant.sweepsSales) {
        // WeChat refunds are funded from the merchant's WeChat basic account, which a sweeping merchant keeps empty.
        refund.status = 'TRADE_FAIL';
        order.refunded -= refund.amount;
      } else {
        refund.status =
          order.refundedSettled + refund.amount >= order.amount ? 'TRADE_CLOSED' : 'TRADE_REFUND';
        order.refundedSettled += refund.amount;
        this.book.moveBalance(merchant.userConfirmKey, -refund.amount);
        refundSettled(order);
      }
      if (refund.notifyUrl) {
        notifications.push(
          this.#signed(
            { url: refund.notifyUrl, body: refundNotificationBody(order, refund, merchant.userConfirmKey) },
            merchant,
          ),
        );
      }
    }
    return notifications;
  }

  reset(): void {
    this.book.clear();
  }

  #merchantOf(fields: Readonly<Record<string, string>>): EmulatedMerchant {
    const key = field(fields, 'user_confirm_key');
    if (key === undefined || key.length !== VMP_USER_KEY_LENGTH) throw new VmpRefusal('-12');
    const merchant = this.merchants.get(key);
    if (merchant === undefined) throw new VmpRefusal('11');
    if (merchant.secretCode === '') throw new VmpRefusal('-11');
    return merchant;
  }

  /** The answer's fields; `time` and `sign` only when the status is not a front one and a secret is known. */
  #answer(
    status: string,
    message: string,
    business: Readonly<Record<string, string>>,
    merchant: EmulatedMerchant | undefined,
  ): Record<string, string> {
    const body: Record<string, string> = { return_status: status, return_char: message, ...business };
    if (isFrontStatus(status) || merchant === undefined || merchant.secretCode === '') return body;
    body.time = formatVmpTime(this.#clock.now());
    body.sign = vmpSign(body, merchant.secretCode);
    return body;
  }

  #signed(notification: VmpNotification, merchant: EmulatedMerchant): VmpNotification {
    const body: Record<string, string> = { ...notification.body, time: formatVmpTime(this.#clock.now()) };
    body.sign = vmpSign(body, merchant.secretCode);
    return { url: notification.url, body };
  }
}

function serviceOf(path: string, fields: Readonly<Record<string, string>>): VmpService {
  if (path === VMP_PATHS.jsapi) {
    const name = field(fields, 'service');
    const service = name === undefined ? undefined : VMP_SERVICES[name];
    if (service === undefined) throw new VmpRefusal('-13', 'Invalid service');
    return service;
  }
  const service = VMP_PATH_SERVICES[path];
  if (service === undefined) throw new VmpRefusal('-13', 'Invalid service');
  return service;
}

function checkTime(fields: Readonly<Record<string, string>>, now: number, skewMs: number): void {
  const text = field(fields, 'time');
  const at = text === undefined ? undefined : parseVmpTime(text);
  if (at === undefined) throw new VmpRefusal('13');
  if (Math.abs(now - at) > skewMs) throw new VmpRefusal('12');
}

function userText(status: 22 | 23, merchant: EmulatedMerchant): string {
  return MESSAGES.get(String(status))!.replace('{user_confirm_key}', merchant.userConfirmKey);
}

function resolveInjection(injection: VmpInjection): Required<Omit<VmpInjection, 'message'>> & {
  message: string;
} {
  const text =
    injection.message ??
    (injection.code === '-99' ? 'System error' : (MESSAGES.get(injection.code) ?? 'System error'));
  return {
    code: injection.code,
    applied: injection.applied ?? UNCERTAIN_CODES.has(injection.code),
    message: text,
  };
}
