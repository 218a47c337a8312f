/**
 * The sandbox's magic refund amounts (minor units), on any paid charge; the clock runs from the refund's
 * createdAt (docs/sandbox.md is their merchant-facing table).
 */
import type { FlowStatus } from '../../domain/statuses.js';
import type { RefundPolicy } from '../port.js';
import {
  always,
  io,
  type OutcomeAnswer,
  SANDBOX_OWN_ERRORS,
  type SandboxErrorRef,
  SETTLE_MS,
  sqb,
  type ThrowAnswer,
  type Timeline,
  until,
} from './scenarios.js';

export type RefundBizResult = 'REFUND_SUCCESS' | 'REFUND_IN_PROGRESS' | 'REFUND_ERROR' | 'FAIL';

export interface RefundOutcomeAnswer extends OutcomeAnswer {
  readonly bizResult: RefundBizResult;
}

export interface RefundScenario {
  readonly amount: number;
  readonly title: string;
  readonly refund: RefundOutcomeAnswer | ThrowAnswer;
  readonly query: Timeline<RefundOutcomeAnswer>;
}

const refundOut = (
  bizResult: RefundBizResult,
  flowStatus: FlowStatus,
  error?: SandboxErrorRef,
): RefundOutcomeAnswer => ({
  kind: 'outcome',
  bizResult,
  flowStatus,
  ...(error === undefined ? {} : { error }),
});

export const REFUND_ANSWERS = {
  succeeded: refundOut('REFUND_SUCCESS', 'SUCCESS'),
  inProgress: refundOut('REFUND_IN_PROGRESS', 'IN_PROG'),
  uncertain: refundOut('REFUND_ERROR', 'REFUND_ERROR', SANDBOX_OWN_ERRORS.REFUND_ERROR),
  failed: refundOut('FAIL', 'FAIL_CANCELED', SANDBOX_OWN_ERRORS.refund_failed),
  refused: (error: SandboxErrorRef) => refundOut('FAIL', 'FAIL_CANCELED', error),
} as const;

function refundRefused(amount: number, code: string, title: string): RefundScenario {
  const answer = REFUND_ANSWERS.refused(sqb(code));
  return { amount, title, refund: answer, query: always(answer) };
}

export const REFUND_SCENARIOS: readonly RefundScenario[] = [
  {
    amount: 9901,
    title: 'uncertain (REFUND_ERROR), succeeded 5 s later',
    refund: REFUND_ANSWERS.uncertain,
    query: until(REFUND_ANSWERS.uncertain, SETTLE_MS, REFUND_ANSWERS.succeeded),
  },
  {
    amount: 9902,
    title: 'in progress, succeeded 5 s later',
    refund: REFUND_ANSWERS.inProgress,
    query: until(REFUND_ANSWERS.inProgress, SETTLE_MS, REFUND_ANSWERS.succeeded),
  },
  {
    amount: 9903,
    title: 'uncertain (REFUND_ERROR), then failed',
    refund: REFUND_ANSWERS.uncertain,
    query: always(REFUND_ANSWERS.failed),
  },
  refundRefused(9904, 'SELLER_BALANCE_NOT_ENOUGH', "refused: the merchant's channel balance is too low"),
  refundRefused(9905, 'UPAY_TCP_ORDER_NOT_REFUNDABLE', 'refused: promotion order'),
  refundRefused(9906, 'REFUND_AMT_NOT_EQUAL_TOTAL', 'refused: refund amount invalid for the channel'),
  {
    amount: 9908,
    title: 'uncertain (REFUND_ERROR), and the channel never tells',
    refund: REFUND_ANSWERS.uncertain,
    query: always(REFUND_ANSWERS.uncertain),
  },
  {
    amount: 9907,
    title: 'connection lost after the refund went through',
    refund: io(
      'FAIL_IO_1',
      'channel_connection_error',
      'sandbox: connection reset after the refund request was sent',
    ),
    query: always(REFUND_ANSWERS.succeeded),
  },
];

export const DEFAULT_REFUND_SCENARIO: RefundScenario = {
  amount: 0,
  title: 'any other amount: succeeded',
  refund: REFUND_ANSWERS.succeeded,
  query: always(REFUND_ANSWERS.succeeded),
};

const BY_AMOUNT = new Map(REFUND_SCENARIOS.map((scenario) => [scenario.amount, scenario]));

export function refundScenario(amount: number): RefundScenario {
  return BY_AMOUNT.get(amount) ?? DEFAULT_REFUND_SCENARIO;
}

/** Which refunds each payway allows, and for how long (a payway not named here: the default). */
export const DEFAULT_SANDBOX_REFUND_POLICY: RefundPolicy = {
  windowDays: 60,
  allowPartial: true,
  allowFull: true,
};

export const SANDBOX_REFUND_POLICIES: Readonly<Record<string, RefundPolicy>> = {
  baifubao: { windowDays: 60, allowPartial: false, allowFull: true },
  jdpay: { windowDays: 60, allowPartial: true, allowFull: false },
  qqwallet: { windowDays: 30, allowPartial: true, allowFull: true },
};
