import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { statusAfterRefund } from '../../domain/charge-state.js';
import type { Clock } from '../../domain/clock.js';
import type { ChargeStatus } from '../../domain/statuses.js';
import {
  type Channel,
  type ChannelCharge,
  ChannelIoError,
  type ChannelLimits,
  type ChannelOutcome,
  type ChannelRefund,
  type RefundPolicy,
} from '../port.js';
import { parseBarcode, sandboxBuyerId, walletOfPayway } from './barcode.js';
import { type InjectionTarget, readInjection } from './injection.js';
import type { BuyerAction, SandboxOrderBook } from './order-book.js';
import {
  DEFAULT_SANDBOX_REFUND_POLICY,
  REFUND_ANSWERS,
  refundScenario,
  SANDBOX_REFUND_POLICIES,
} from './refund-scenarios.js';
import {
  ANSWERS,
  type Answer,
  answerAt,
  type BarcodeScenario,
  BORROWED_ERRORS,
  barcodeScenario,
  INJECTED_FAILURE,
  type OutcomeAnswer,
  QR_VALIDITY_MS,
  type ResolvedError,
  resolveSandboxError,
  SANDBOX_LIMITS,
  type SandboxErrorRef,
  type SandboxOperation,
  sandboxPayPath,
  sandboxQrCode,
  type ThrowAnswer,
} from './scenarios.js';

/**
 * The in-process sandbox channel that answers for `sk_test_` apps (DESIGN §Sandbox). Barcode charges and
 * refunds are stateless: every answer is a function of the charge or refund fields and of the time elapsed
 * since their `createdAt` on the injected clock (scenarios.ts has the tables), so the gateway's background
 * jobs get the same answers after a restart. The one piece of state is the buyer's action on a QR or wap
 * charge, kept in the SandboxOrderBook.
 */

export interface SandboxChannelOptions {
  readonly clock: Clock;
  readonly orderBook: SandboxOrderBook;
  /** Delay of every call, in real milliseconds (default 0), to make the sandbox feel like a network. */
  readonly latencyMs?: number;
}

export type BuyerActionRefusal = 'not_qr' | 'expired' | 'already_decided' | 'not_payable';

export type BuyerActionResult =
  | { readonly accepted: true; readonly action: BuyerAction }
  | { readonly accepted: false; readonly reason: BuyerActionRefusal; readonly action?: BuyerAction };

/** What the sandbox knows of a charge before any call: how its creating call went, for good. */
type ChargeCase =
  | { readonly kind: 'failed'; readonly error: ResolvedError }
  | { readonly kind: 'barcode'; readonly scenario: BarcodeScenario; readonly buyerId: string }
  | { readonly kind: 'qr' };

/** An answer ready to render: `error` overrides the answer's own (injection), `buyerId` when known. */
interface Reply {
  readonly answer: OutcomeAnswer;
  readonly error?: ResolvedError;
  readonly buyerId?: string;
}

/** Order statuses in which the buyer has paid: answers in them carry the buyer id. */
const PAID_STATUSES: ReadonlySet<ChargeStatus> = new Set([
  'PAID',
  'PARTIAL_REFUNDED',
  'REFUNDED',
  'REFUND_ERROR',
]);
/** Order statuses in which no money has moved (or it moved back): close succeeds. */
const CLOSABLE_STATUSES: ReadonlySet<ChargeStatus> = new Set([
  'CREATED',
  'PAY_CANCELED',
  'CANCELED',
  'CLOSED',
]);

const sqb = (code: string): SandboxErrorRef => ({ provider: 'shouqianba', code });

/** A stable Shouqianba-like order number (16 digits starting 789) for a charge or refund id. */
export function sandboxTradeNo(id: string): string {
  const digest = createHash('sha256').update(`polypay-sandbox-sn:${id}`).digest('hex');
  return `789${(BigInt(`0x${digest.slice(0, 15)}`) % 10_000_000_000_000n).toString().padStart(13, '0')}`;
}

export class SandboxChannel implements Channel {
  readonly name = 'sandbox';
  readonly #clock: Clock;
  readonly #book: SandboxOrderBook;
  readonly #latencyMs: number;

  constructor(options: SandboxChannelOptions) {
    this.#clock = options.clock;
    this.#book = options.orderBook;
    this.#latencyMs = options.latencyMs ?? 0;
  }

  refundPolicy(payway: string): RefundPolicy {
    return SANDBOX_REFUND_POLICIES[payway] ?? DEFAULT_SANDBOX_REFUND_POLICY;
  }

  limits(_payway: string): ChannelLimits {
    return SANDBOX_LIMITS;
  }

  /** The sandbox buyer behind a barcode: the same code is the same buyer, so daily limits add up. */
  identifyBuyer(authCode: string): string | undefined {
    const barcode = parseBarcode(authCode);
    return barcode ? sandboxBuyerId(barcode.wallet, barcode.code) : undefined;
  }

  async pay(charge: ChannelCharge): Promise<ChannelOutcome> {
    await this.#delay();
    const chargeCase = this.#case(charge);
    switch (chargeCase.kind) {
      case 'failed':
        return this.#render(charge.chargeId, { answer: failureOf('pay'), error: chargeCase.error });
      case 'qr':
        // A QR/wap charge has no dynamic_id: Shouqianba's answer to a pay without one.
        return this.#render(charge.chargeId, { answer: ANSWERS.payFail(sqb('INVALID_PARAMS')) });
      case 'barcode':
        return this.#renderOrThrow(charge.chargeId, chargeCase.scenario.pay, chargeCase.buyerId);
    }
  }

  async precreate(charge: ChannelCharge): Promise<ChannelOutcome> {
    await this.#delay();
    const chargeCase = this.#case(charge);
    switch (chargeCase.kind) {
      case 'failed':
        return this.#render(charge.chargeId, { answer: failureOf('precreate'), error: chargeCase.error });
      case 'barcode':
        return this.#render(charge.chargeId, { answer: ANSWERS.precreateFail(sqb('INVALID_PARAMS')) });
      case 'qr': {
        const outcome = this.#render(charge.chargeId, { answer: ANSWERS.precreated });
        return charge.subPayway === 'wap'
          ? { ...outcome, payUrl: sandboxPayPath(charge.chargeId) }
          : { ...outcome, qrCode: sandboxQrCode(charge.chargeId) };
      }
    }
  }

  async query(charge: ChannelCharge): Promise<ChannelOutcome> {
    await this.#delay();
    const injected = this.#injected(charge, 'query');
    if (injected) return this.#render(charge.chargeId, injected);
    return this.#render(charge.chargeId, await this.#queryReply(charge, this.#case(charge)));
  }

  async cancel(charge: ChannelCharge): Promise<ChannelOutcome> {
    await this.#delay();
    const injected = this.#injected(charge, 'cancel');
    if (injected) return this.#render(charge.chargeId, injected);
    const chargeCase = this.#case(charge);
    if (chargeCase.kind === 'barcode' && chargeCase.scenario.cancel !== undefined) {
      const answer = answerAt(chargeCase.scenario.cancel, this.#elapsed(charge.createdAt));
      return this.#render(charge.chargeId, { answer, buyerId: chargeCase.buyerId });
    }
    const truth = await this.#truth(charge, chargeCase);
    const buyerId = chargeCase.kind === 'barcode' ? chargeCase.buyerId : undefined;
    return this.#render(charge.chargeId, { answer: defaultCancel(truth), ...(buyerId ? { buyerId } : {}) });
  }

  async close(charge: ChannelCharge): Promise<ChannelOutcome> {
    await this.#delay();
    const injected = this.#injected(charge, 'close');
    if (injected) return this.#render(charge.chargeId, injected);
    const truth = await this.#truth(charge, this.#case(charge));
    const answer =
      truth === undefined || CLOSABLE_STATUSES.has(truth)
        ? ANSWERS.closed
        : ANSWERS.refused(BORROWED_ERRORS.closeRefusedPaid, truth);
    return this.#render(charge.chargeId, { answer });
  }

  async void(charge: ChannelCharge): Promise<ChannelOutcome> {
    await this.#delay();
    const injected = this.#injected(charge, 'void');
    if (injected) return this.#render(charge.chargeId, injected);
    const truth = await this.#truth(charge, this.#case(charge));
    const answer = truth === 'PAID' ? ANSWERS.voided : ANSWERS.refused(BORROWED_ERRORS.voidNotSuccess, truth);
    return this.#render(charge.chargeId, { answer });
  }

  async refund(charge: ChannelCharge, refund: ChannelRefund): Promise<ChannelOutcome> {
    await this.#delay();
    const injected = this.#injected(charge, 'refund');
    if (injected) return this.#render(refund.refundId, injected);
    const refusal = await this.#refundRefusal(charge, refund);
    if (refusal) return this.#render(refund.refundId, refusal);
    const answer = refundScenario(refund.amount).refund;
    if (answer.kind === 'throw') throw ioError(answer);
    return this.#render(refund.refundId, { answer: withRefundOrderStatus(answer, charge, refund) });
  }

  async queryRefund(charge: ChannelCharge, refund: ChannelRefund): Promise<ChannelOutcome> {
    await this.#delay();
    const injected = this.#injected(charge, 'query_refund');
    if (injected) return this.#render(refund.refundId, injected);
    const refusal = await this.#refundRefusal(charge, refund);
    if (refusal) return this.#render(refund.refundId, refusal);
    const elapsed = this.#elapsed(refund.createdAt ?? charge.createdAt);
    const answer = answerAt(refundScenario(refund.amount).query, elapsed);
    return this.#render(refund.refundId, { answer: withRefundOrderStatus(answer, charge, refund) });
  }

  /**
   * The buyer pays or declines a QR/wap charge on the sandbox pay page. The first action within the QR's
   * validity wins; the gateway's pay page should also refuse charges it has closed or cancelled itself.
   */
  async buyerAction(
    charge: ChannelCharge,
    kind: BuyerAction['kind'],
    buyerId?: string,
  ): Promise<BuyerActionResult> {
    const chargeCase = this.#case(charge);
    if (chargeCase.kind === 'barcode') return { accepted: false, reason: 'not_qr' };
    if (chargeCase.kind === 'failed') return { accepted: false, reason: 'not_payable' };
    const now = this.#clock.now();
    const existing = await this.#book.getBuyerAction(charge.chargeId);
    if (existing !== undefined && counts(existing, charge)) {
      return { accepted: false, reason: 'already_decided', action: existing };
    }
    if (now >= qrValidUntil(charge)) return { accepted: false, reason: 'expired' };
    const action: BuyerAction = {
      kind,
      at: now,
      buyerId: buyerId ?? sandboxBuyerId(walletOfPayway(charge.payway), charge.chargeId),
    };
    await this.#book.setBuyerAction(charge.chargeId, action);
    return { accepted: true, action };
  }

  #case(charge: ChannelCharge): ChargeCase {
    const injection = readInjection(charge.metadata);
    if (injection?.target === 'create') return { kind: 'failed', error: injection.error };
    if (charge.subPayway !== 'barcode') return { kind: 'qr' };
    // After the pay call the gateway holds only the masked code (first and last four digits kept):
    // reading the masked digits as 0 restores every magic barcode exactly.
    const code = (charge.authCode ?? '').replaceAll('*', '0');
    if (code === '') return { kind: 'failed', error: resolveSandboxError(sqb('INVALID_PARAMS')) };
    const barcode = parseBarcode(code);
    if (barcode === undefined) return { kind: 'failed', error: resolveSandboxError(sqb('INVALID_BARCODE')) };
    if (SANDBOX_LIMITS.buyerPerCharge !== undefined && charge.amount > SANDBOX_LIMITS.buyerPerCharge) {
      return { kind: 'failed', error: resolveSandboxError(sqb('BUYER_OVER_TRANSACTION_LIMIT')) };
    }
    return {
      kind: 'barcode',
      scenario: barcodeScenario(barcode.magic),
      buyerId: sandboxBuyerId(barcode.wallet, barcode.code),
    };
  }

  #injected(charge: ChannelCharge, operation: Exclude<InjectionTarget, 'create'>): Reply | undefined {
    const injection = readInjection(charge.metadata);
    if (injection === undefined || injection.target !== operation) return undefined;
    return { answer: failureOf(operation), error: injection.error };
  }

  async #queryReply(charge: ChannelCharge, chargeCase: ChargeCase): Promise<Reply> {
    switch (chargeCase.kind) {
      case 'failed':
        // The creating call failed for good; the order is dead with that error.
        return { answer: failureOf('pay'), error: chargeCase.error };
      case 'barcode':
        return {
          answer: answerAt(chargeCase.scenario.query, this.#elapsed(charge.createdAt)),
          buyerId: chargeCase.buyerId,
        };
      case 'qr': {
        const action = await this.#book.getBuyerAction(charge.chargeId);
        if (action !== undefined && counts(action, charge)) {
          const answer = action.kind === 'pay' ? ANSWERS.paid : ANSWERS.payFail(sqb('TRADE_FAILED'));
          return { answer, buyerId: action.buyerId };
        }
        if (this.#clock.now() < qrValidUntil(charge)) return { answer: ANSWERS.inProgress };
        return { answer: ANSWERS.payFail(sqb('TRADE_TIMEOUT')) };
      }
    }
  }

  /** The channel-side order status now, as cancel, close, void and refund see it. */
  async #truth(charge: ChannelCharge, chargeCase: ChargeCase): Promise<ChargeStatus | undefined> {
    if (chargeCase.kind === 'barcode' && chargeCase.scenario.truth !== undefined) {
      return answerAt(chargeCase.scenario.truth, this.#elapsed(charge.createdAt));
    }
    return (await this.#queryReply(charge, chargeCase)).answer.orderStatus;
  }

  async #refundRefusal(charge: ChannelCharge, refund: ChannelRefund): Promise<Reply | undefined> {
    const chargeCase = this.#case(charge);
    const truth = await this.#truth(charge, chargeCase);
    if (truth !== 'PAID') return { answer: ANSWERS.refused(sqb('UPAY_REFUND_INVALID_ORDER_STATE'), truth) };
    const current = currentStatus(refund);
    const refuse = (error: SandboxErrorRef): Reply => ({
      answer: { ...REFUND_ANSWERS.refused(error), orderStatus: current },
    });
    if (chargeCase.kind === 'barcode' && chargeCase.scenario.refundRefusal !== undefined) {
      return refuse(chargeCase.scenario.refundRefusal);
    }
    if (refund.amount <= 0) return refuse(sqb('REFUND_AMT_NOT_EQUAL_TOTAL'));
    if (refund.refundedBefore + refund.amount > charge.amount)
      return refuse(sqb('REFUNDABLE_AMOUNT_NOT_ENOUGH'));
    // A wallet that refunds only in full (Shouqianba's REFUND_AMT_NOT_EQUAL_TOTAL trigger).
    if (!this.refundPolicy(charge.payway).allowPartial && refund.amount !== charge.amount) {
      return refuse(sqb('REFUND_AMT_NOT_EQUAL_TOTAL'));
    }
    return undefined;
  }

  #renderOrThrow(id: string, answer: Answer, buyerId: string): ChannelOutcome {
    if (answer.kind === 'throw') throw ioError(answer);
    return this.#render(id, { answer, buyerId });
  }

  #render(id: string, reply: Reply): ChannelOutcome {
    const { answer, buyerId } = reply;
    const error = reply.error ?? (answer.error === undefined ? undefined : resolveSandboxError(answer.error));
    const known = answer.orderStatus !== undefined || answer.bizResult === 'SUCCESS';
    const paid =
      answer.bizResult === 'PAY_SUCCESS' ||
      (answer.orderStatus !== undefined && PAID_STATUSES.has(answer.orderStatus));
    return {
      bizResult: answer.bizResult,
      flowStatus: answer.flowStatus,
      ...(answer.orderStatus === undefined ? {} : { orderStatus: answer.orderStatus }),
      ...(known ? { channelTradeNo: sandboxTradeNo(id) } : {}),
      ...(paid && buyerId !== undefined ? { buyerId } : {}),
      ...(error === undefined ? {} : { error }),
    };
  }

  #elapsed(since: number): number {
    return Math.max(0, this.#clock.now() - since);
  }

  async #delay(): Promise<void> {
    if (this.#latencyMs > 0) await sleep(this.#latencyMs);
  }
}

function failureOf(operation: SandboxOperation): OutcomeAnswer {
  return INJECTED_FAILURE[operation];
}

function ioError(answer: ThrowAnswer): ChannelIoError {
  return new ChannelIoError(answer.flowStatus, answer.code, answer.message);
}

/** Cancel by the order's status, for charges whose scenario does not script it. */
function defaultCancel(truth: ChargeStatus | undefined): OutcomeAnswer {
  switch (truth) {
    case undefined:
    case 'PAID':
    case 'PAY_ERROR':
      return ANSWERS.canceled;
    case 'CREATED':
      return ANSWERS.aborted;
    case 'CANCELED':
      return ANSWERS.refused(sqb('UPAY_CANCEL_ORDER_NOOP'), 'CANCELED');
    default:
      return ANSWERS.refused(sqb('UPAY_CANCEL_INVALID_ORDER_STATE'), truth);
  }
}

/** A buyer action counts only when it came while the QR code was valid. */
function counts(action: BuyerAction, charge: ChannelCharge): boolean {
  return action.at < qrValidUntil(charge);
}

/** A QR code or pay page lives until the charge's expiry when it has one, else ~4 minutes. */
function qrValidUntil(charge: ChannelCharge): number {
  return charge.expiresAt ?? charge.createdAt + QR_VALIDITY_MS;
}

/** The order's status before this refund (the sandbox does not remember refunds: the caller says). */
function currentStatus(refund: ChannelRefund): ChargeStatus {
  return refund.refundedBefore > 0 ? 'PARTIAL_REFUNDED' : 'PAID';
}

function withRefundOrderStatus(
  answer: OutcomeAnswer,
  charge: ChannelCharge,
  refund: ChannelRefund,
): OutcomeAnswer {
  switch (answer.bizResult) {
    case 'REFUND_SUCCESS':
      return {
        ...answer,
        orderStatus: statusAfterRefund(charge.amount, refund.refundedBefore + refund.amount),
      };
    case 'REFUND_ERROR':
      return { ...answer, orderStatus: 'REFUND_ERROR' };
    default:
      return { ...answer, orderStatus: currentStatus(refund) };
  }
}
