import type { BizResult, ChargeStatus, FlowStatus } from '../../domain/statuses.js';
import type { UnifiedCode } from '../../errors/catalog.js';
import { lookupUpstream } from '../../errors/lookup.js';
import type { ChannelErrorDetail } from '../../errors/polypay-error.js';
import type { ChannelIoError, ChannelLimits } from '../port.js';
import { SHOUQIANBA_ORDER_STATUSES } from '../shouqianba/codes.js';

/**
 * The sandbox's magic values as data (docs/sandbox.md is their merchant-facing table). Every answer is a
 * function of the charge (its barcode, amount, metadata), the refund amount, and the time elapsed since the
 * charge's (or refund's) `createdAt`, so background jobs get the same answers after a restart. Answers use
 * Shouqianba's vocabulary (biz result, flow status, order status, upstream code and Chinese message).
 */

/** "Once the buyer typed the password": in-progress payments and refunds settle after this. */
export const SETTLE_MS = 5_000;
/** Uncertain reversals (CANCEL_ERROR, CANCEL_ABORT_ERROR) succeed when retried this long after createdAt. */
export const CANCEL_SETTLE_MS = 60_000;
/** A QR code is valid for about 4 minutes (Shouqianba precreate); then the order is cancelled. */
export const QR_VALIDITY_MS = 240_000;

/**
 * The upstream code of an answer. A Shouqianba row (or a row borrowed from EFTPay/PayCools where Shouqianba
 * has no such operation) is resolved through that provider's code map; a `sandbox` row is a Shouqianba
 * status or biz result, or a seed-000 code, with its message written here. In every case the outcome's
 * `channelError.provider` is `sandbox`.
 */
export type SandboxErrorRef =
  | { readonly provider: 'shouqianba' | 'eftpay' | 'paycools'; readonly code: string }
  | SandboxOwnError;

export interface SandboxOwnError {
  readonly provider: 'sandbox';
  readonly code: string;
  /** Verbatim from seed 001 (statuses, biz results) or seed 000 (aggregator codes). */
  readonly message: string;
  readonly unified: UnifiedCode;
}

/** An answer the sandbox gives as an outcome. */
export interface OutcomeAnswer {
  readonly kind: 'outcome';
  readonly bizResult: BizResult;
  readonly flowStatus: FlowStatus;
  /** The channel's view of the order; absent when the answer carries none (a FAIL, an unreadable status). */
  readonly orderStatus?: ChargeStatus;
  readonly error?: SandboxErrorRef;
}

/** An answer the caller never sees: the call throws ChannelIoError (outcome unknown). */
export interface ThrowAnswer {
  readonly kind: 'throw';
  readonly flowStatus: FlowStatus;
  readonly code: ChannelIoError['code'];
  readonly message: string;
}

export type Answer = OutcomeAnswer | ThrowAnswer;

/** `answer` holds from `fromMs` after createdAt until the next step. */
export interface Step<T> {
  readonly fromMs: number;
  readonly answer: T;
}
/** Steps in increasing `fromMs`, the first at 0. */
export type Timeline<T> = readonly Step<T>[];

export function answerAt<T>(timeline: Timeline<T>, elapsedMs: number): T {
  let current = timeline[0];
  if (current === undefined) throw new RangeError('an empty timeline');
  for (const step of timeline) if (step.fromMs <= elapsedMs) current = step;
  return current.answer;
}

// ---------------------------------------------------------------------------------------------------------
// Upstream rows of the sandbox's own.

export const SANDBOX_OWN_ERRORS = {
  /** pay's own auto-reversal was refused: failed, channel state unknown (order PAY_ERROR). */
  PAY_FAIL_ERROR: {
    provider: 'sandbox',
    code: 'PAY_FAIL_ERROR',
    message: '支付操作失败并且不确定第三方支付通道状态',
    unified: 'channel_unexpected_error',
  },
  PAY_FAIL_IN_PROGRESS: {
    provider: 'sandbox',
    code: 'PAY_FAIL_IN_PROGRESS',
    message: '支付操作失败中并且不清楚状态',
    unified: 'trade_processing',
  },
  CANCEL_ERROR: {
    provider: 'sandbox',
    code: 'CANCEL_ERROR',
    message: '撤单操作失败并且不确定第三方支付通道状态',
    unified: 'cancel_failed',
  },
  CANCEL_ABORT_ERROR: {
    provider: 'sandbox',
    code: 'CANCEL_ABORT_ERROR',
    message: '撤单操作试图终止进行中的支付流程，但是失败，不确定第三方支付通道的状态',
    unified: 'cancel_failed',
  },
  REFUND_ERROR: {
    provider: 'sandbox',
    code: 'REFUND_ERROR',
    message: '退款操作失败并且不确定第三方支付通状态',
    unified: 'refund_pending',
  },
  /** Shouqianba's order_status catch-all; its unified code comes from the Shouqianba status map. */
  INVALID_STATUS_CODE: {
    provider: 'sandbox',
    code: 'INVALID_STATUS_CODE',
    message: '无效的状态码',
    unified: SHOUQIANBA_ORDER_STATUSES.INVALID_STATUS_CODE.error,
  },
  /** Seed 000's code (no upstream code of seeds 001–004 means "no query permission"). */
  query_right_error: {
    provider: 'sandbox',
    code: 'query_right_error',
    message: '支付渠道查询权限错误,请登录支付宝在线人工窗口，免费签约`账务明细`接口和`交易查询`接口',
    unified: 'query_right_error',
  },
  /** Seed 000's code: the refund was accepted and then failed (no Shouqianba code says so). */
  refund_failed: {
    provider: 'sandbox',
    code: 'refund_failed',
    message: '退款失败',
    unified: 'refund_failed',
  },
} as const satisfies Record<string, SandboxOwnError>;

/** A Shouqianba row of the error catalog. */
export const sqb = (code: string): SandboxErrorRef => ({ provider: 'shouqianba', code });

/** Shouqianba has no close or void: the sandbox answers those refusals with EFTPay's and PayCools' rows. */
export const BORROWED_ERRORS = {
  closeRefusedPaid: { provider: 'eftpay', code: '54' },
  voidNotSuccess: { provider: 'paycools', code: '21500' },
} as const satisfies Record<string, SandboxErrorRef>;

export interface ResolvedError {
  readonly code: string;
  readonly channelError: ChannelErrorDetail;
}

/**
 * The unified code and the upstream answer of a ref, as an outcome carries them (`provider: 'sandbox'`).
 * A ref that no map knows (a code map changed under us) degrades to channel_unexpected_error.
 */
export function resolveSandboxError(ref: SandboxErrorRef): ResolvedError {
  if (ref.provider === 'sandbox') {
    return { code: ref.unified, channelError: { provider: 'sandbox', code: ref.code, message: ref.message } };
  }
  const found = lookupUpstream(ref.provider, ref.code);
  if (found === undefined) {
    return {
      code: 'channel_unexpected_error',
      channelError: { provider: 'sandbox', code: ref.code, message: `unknown ${ref.provider} code` },
    };
  }
  return {
    code: found.unified.code,
    channelError: { provider: 'sandbox', code: found.upstream.code, message: found.upstream.message },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Answer building blocks.

const out = (
  bizResult: BizResult,
  flowStatus: FlowStatus,
  orderStatus?: ChargeStatus,
  error?: SandboxErrorRef,
): OutcomeAnswer => ({
  kind: 'outcome',
  bizResult,
  flowStatus,
  ...(orderStatus === undefined ? {} : { orderStatus }),
  ...(error === undefined ? {} : { error }),
});
/** A call that throws ChannelIoError: the caller never learns the outcome. */
export const io = (flowStatus: FlowStatus, code: ChannelIoError['code'], message: string): ThrowAnswer => ({
  kind: 'throw',
  flowStatus,
  code,
  message,
});
export const always = <T>(answer: T): Timeline<T> => [{ fromMs: 0, answer }];
export const until = <T>(before: T, ms: number, later: T): Timeline<T> => [
  { fromMs: 0, answer: before },
  { fromMs: ms, answer: later },
];

export const ANSWERS = {
  paid: out('PAY_SUCCESS', 'SUCCESS', 'PAID'),
  inProgress: out('PAY_IN_PROGRESS', 'IN_PROG', 'CREATED'),
  /** PAY_FAIL: failed and already reversed, the order is dead. */
  payFail: (error: SandboxErrorRef) => out('PAY_FAIL', 'FAIL_CANCELED', 'PAY_CANCELED', error),
  payFailError: out('PAY_FAIL_ERROR', 'FAIL_ERROR', 'PAY_ERROR', SANDBOX_OWN_ERRORS.PAY_FAIL_ERROR),
  payFailInProgress: out(
    'PAY_FAIL_IN_PROGRESS',
    'IN_PROG',
    'PAY_ERROR',
    SANDBOX_OWN_ERRORS.PAY_FAIL_IN_PROGRESS,
  ),
  precreated: out('PRECREATE_SUCCESS', 'IN_PROG', 'CREATED'),
  precreateFail: (error: SandboxErrorRef) => out('PRECREATE_FAIL', 'FAIL_CANCELED', 'PAY_CANCELED', error),
  /** A query that succeeded: the truth is the order status. */
  queried: (orderStatus: ChargeStatus, flowStatus: FlowStatus = 'SUCCESS') =>
    out('SUCCESS', flowStatus, orderStatus),
  canceled: out('CANCEL_SUCCESS', 'SUCCESS', 'CANCELED'),
  aborted: out('CANCEL_ABORT_SUCCESS', 'SUCCESS', 'CANCELED'),
  cancelError: out('CANCEL_ERROR', 'CANCEL_ERROR', 'CANCEL_ERROR', SANDBOX_OWN_ERRORS.CANCEL_ERROR),
  abortError: out(
    'CANCEL_ABORT_ERROR',
    'CANCEL_ERROR',
    'CANCEL_ERROR',
    SANDBOX_OWN_ERRORS.CANCEL_ABORT_ERROR,
  ),
  cancelInProgress: out('CANCEL_IN_PROGRESS', 'IN_PROG', 'CANCEL_INPROGRESS'),
  closed: out('SUCCESS', 'SUCCESS', 'CLOSED'),
  voided: out('SUCCESS', 'SUCCESS', 'VOIDED'),
  /** A definite refusal: the call changed nothing (flow FAIL_CANCELED); `orderStatus` when it is known. */
  refused: (error: SandboxErrorRef, orderStatus?: ChargeStatus) =>
    out('FAIL', 'FAIL_CANCELED', orderStatus, error),
} as const;

// ---------------------------------------------------------------------------------------------------------
// Magic barcodes: `2800000000000000NN` (Alipay) and `1300000000000000NN` (WeChat).

export interface BarcodeScenario {
  /** The two selecting digits. */
  readonly nn: string;
  /** One line for docs and test names. */
  readonly title: string;
  readonly pay: Answer;
  /** What query answers, by time since createdAt. */
  readonly query: Timeline<OutcomeAnswer>;
  /** The channel-side order status when query does not say it (an unreadable status, a refused query). */
  readonly truth?: Timeline<ChargeStatus>;
  /** What cancel answers; absent: by the order status (paid → CANCEL_SUCCESS, in progress → CANCEL_ABORT_SUCCESS…). */
  readonly cancel?: Timeline<OutcomeAnswer>;
  /** Every refund of the charge is refused with this code, whatever its amount. */
  readonly refundRefusal?: SandboxErrorRef;
}

const { paid, inProgress, payFail, refused } = ANSWERS;

function declined(nn: string, code: string, title: string): BarcodeScenario {
  return { nn, title, pay: payFail(sqb(code)), query: always(payFail(sqb(code))) };
}

export const BARCODE_SCENARIOS: readonly BarcodeScenario[] = [
  { nn: '00', title: 'paid at once (as every non-magic valid barcode)', pay: paid, query: always(paid) },
  declined('01', 'INSUFFICIENT_FUND', 'declined: insufficient funds'),
  declined('02', 'EXPIRED_BARCODE', 'declined: expired barcode'),
  declined('03', 'BUYER_OVER_TRANSACTION_LIMIT', "declined: over the buyer's per-transaction limit"),
  declined('04', 'BUYER_OVER_DAILY_LIMIT', "declined: over the buyer's daily limit"),
  declined('05', 'SELLER_OVER_DAILY_LIMIT', "declined: over the seller's daily limit"),
  declined('06', 'TRADE_FAILED', 'declined: generic channel refusal'),
  declined('07', 'UNEXPECTED_PROVIDER_ERROR', 'declined: wallet not enabled for the merchant'),
  {
    nn: '08',
    title: 'duplicate submission: pay refused with TRADE_HAS_SUCCESS, query says paid',
    pay: refused(sqb('TRADE_HAS_SUCCESS')),
    query: always(paid),
  },
  {
    nn: '10',
    title: 'buyer types the password: in progress, paid after 5 s',
    pay: inProgress,
    query: until(inProgress, SETTLE_MS, paid),
  },
  {
    nn: '11',
    title: 'buyer never confirms: in progress forever, cancel aborts it',
    pay: inProgress,
    query: always(inProgress),
  },
  {
    nn: '12',
    title: 'buyer declines: in progress, failed after 5 s',
    pay: inProgress,
    query: until(inProgress, SETTLE_MS, payFail(sqb('TRADE_FAILED'))),
  },
  {
    nn: '20',
    title: 'connection lost after the payment went through',
    pay: io(
      'FAIL_IO_1',
      'channel_connection_error',
      'sandbox: connection reset after the pay request was sent',
    ),
    query: always(paid),
  },
  {
    nn: '21',
    title: 'connection lost, outcome never known until cancelled',
    pay: io('FAIL_IO_2', 'channel_connection_error', 'sandbox: no answer to the pay request'),
    query: always(inProgress),
    cancel: always(ANSWERS.canceled),
  },
  {
    nn: '22',
    title: 'garbled answer, the payment went through',
    pay: io('FAIL_PROTOCOL_1', 'channel_parse_error', 'sandbox: the pay answer is not JSON'),
    query: always(paid),
  },
  {
    nn: '23',
    title: 'badly signed answer, outcome never known until cancelled',
    pay: io('FAIL_PROTOCOL_2', 'channel_sign_error', 'sandbox: the pay answer fails signature verification'),
    query: always(inProgress),
    cancel: always(ANSWERS.canceled),
  },
  {
    nn: '24',
    title: 'garbled answer, the payment failed',
    pay: io('FAIL_PROTOCOL_3', 'channel_parse_error', 'sandbox: the pay answer misses its biz_response'),
    query: always(payFail(sqb('TRADE_FAILED'))),
  },
  {
    nn: '25',
    title: "pay failed and the channel's auto-reversal was refused (PAY_ERROR); cancel settles after 60 s",
    pay: ANSWERS.payFailError,
    query: always(ANSWERS.payFailError),
    cancel: until(ANSWERS.cancelError, CANCEL_SETTLE_MS, ANSWERS.canceled),
  },
  {
    nn: '26',
    title: 'in progress forever; aborting it is uncertain for 60 s',
    pay: inProgress,
    query: always(inProgress),
    cancel: until(ANSWERS.abortError, CANCEL_SETTLE_MS, ANSWERS.aborted),
  },
  {
    nn: '27',
    title: 'pay failing, state unclear (PAY_ERROR); cancel succeeds',
    pay: ANSWERS.payFailInProgress,
    query: always(ANSWERS.payFailInProgress),
    cancel: always(ANSWERS.canceled),
  },
  {
    nn: '30',
    title: 'paid; reversing it is uncertain for 60 s',
    pay: paid,
    query: always(paid),
    cancel: until(ANSWERS.cancelError, CANCEL_SETTLE_MS, ANSWERS.canceled),
  },
  {
    nn: '31',
    title: 'paid; reversal in progress, done 5 s after createdAt',
    pay: paid,
    query: until(paid, SETTLE_MS, ANSWERS.queried('CANCELED')),
    // Once the order shows CANCELED, a repeated cancel is the no-op Shouqianba answers.
    cancel: until(ANSWERS.cancelInProgress, SETTLE_MS, refused(sqb('UPAY_CANCEL_ORDER_NOOP'), 'CANCELED')),
  },
  {
    nn: '32',
    title: 'paid in a promotion: cancel and refunds refused',
    pay: paid,
    query: always(paid),
    cancel: always(refused(sqb('UPAY_TCP_ORDER_NOT_REFUNDABLE'), 'PAID')),
    refundRefusal: sqb('UPAY_TCP_ORDER_NOT_REFUNDABLE'),
  },
  {
    nn: '40',
    title: 'paid, but query answers INVALID_STATUS_CODE',
    pay: paid,
    // The query call worked but its order_status is unreadable: no order status, the status as the error.
    query: always(out('SUCCESS', 'SUCCESS', undefined, SANDBOX_OWN_ERRORS.INVALID_STATUS_CODE)),
    truth: always<ChargeStatus>('PAID'),
  },
  {
    nn: '41',
    title: 'in progress; every query refused for lack of query permission',
    pay: inProgress,
    query: always(refused(SANDBOX_OWN_ERRORS.query_right_error)),
    truth: always<ChargeStatus>('CREATED'),
  },
];

/** The scenario of a valid non-magic barcode, and of a magic one whose NN is not in the table. */
export const DEFAULT_BARCODE_SCENARIO: BarcodeScenario = BARCODE_SCENARIOS[0]!;

const BY_NN = new Map(BARCODE_SCENARIOS.map((scenario) => [scenario.nn, scenario]));

export function barcodeScenario(nn: string | undefined): BarcodeScenario {
  return (nn === undefined ? undefined : BY_NN.get(nn)) ?? DEFAULT_BARCODE_SCENARIO;
}

// ---------------------------------------------------------------------------------------------------------
// Generic upstream-error injection: metadata `sandbox_error` = `<provider>:<code>[:<message>]`, optional
// `sandbox_operation` (default: the call that creates the charge, pay or precreate).

export const SANDBOX_ERROR_KEY = 'sandbox_error';
export const SANDBOX_OPERATION_KEY = 'sandbox_operation';

export const SANDBOX_OPERATIONS = [
  'pay',
  'precreate',
  'query',
  'cancel',
  'close',
  'void',
  'refund',
  'query_refund',
] as const;
export type SandboxOperation = (typeof SANDBOX_OPERATIONS)[number];

/** The definite-failure answer each operation gives for an injected code (flow FAIL_CANCELED: nothing moved). */
export const INJECTED_FAILURE: Readonly<Record<SandboxOperation, Omit<OutcomeAnswer, 'error'>>> = {
  pay: out('PAY_FAIL', 'FAIL_CANCELED', 'PAY_CANCELED'),
  precreate: out('PRECREATE_FAIL', 'FAIL_CANCELED', 'PAY_CANCELED'),
  query: out('FAIL', 'FAIL_CANCELED'),
  cancel: out('FAIL', 'FAIL_CANCELED'),
  close: out('FAIL', 'FAIL_CANCELED'),
  void: out('FAIL', 'FAIL_CANCELED'),
  refund: out('FAIL', 'FAIL_CANCELED'),
  query_refund: out('FAIL', 'FAIL_CANCELED'),
};

// ---------------------------------------------------------------------------------------------------------
// Limits and refund policies.

export const SANDBOX_LIMITS: ChannelLimits = {
  buyerPerCharge: 500_000,
  buyerDaily: 2_000_000,
  sellerDaily: 100_000_000,
};

/** QR/wap: what precreate hands out. The gateway prefixes the pay path with its public URL. */
export function sandboxQrCode(chargeId: string): string {
  return `polypay-sandbox://pay/${encodeURIComponent(chargeId)}`;
}

export function sandboxPayPath(chargeId: string): string {
  return `/v1/sandbox/charges/${encodeURIComponent(chargeId)}/pay`;
}
