import { expect } from 'vitest';
import type {
  ChannelCharge,
  ChannelIoError,
  ChannelOutcome,
  ChannelRefund,
} from '../../src/channels/port.js';
import { magicBarcode } from '../../src/channels/sandbox/barcode.js';
import { InMemorySandboxOrderBook } from '../../src/channels/sandbox/order-book.js';
import { SandboxChannel } from '../../src/channels/sandbox/sandbox-channel.js';
import { manualClock } from '../../src/domain/clock.js';
import type { BizResult, ChargeStatus, FlowStatus } from '../../src/domain/statuses.js';
import { lookupUpstream, mapUpstream } from '../../src/errors/lookup.js';
import { ioErrorOf } from './channel-io.js';

/**
 * The sandbox channel's tests' common ground: a channel on a manual clock, requests to it, and what its
 * answers must be (written out independently of scenarios.ts).
 */
export const T0 = Date.parse('2025-03-03T10:00:00+08:00');
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export function setup(options: { latencyMs?: number } = {}) {
  const clock = manualClock(T0);
  const orderBook = new InMemorySandboxOrderBook();
  const channel = new SandboxChannel({ clock, orderBook, ...options });
  return { clock, orderBook, channel };
}

export function charge(overrides: Partial<ChannelCharge> = {}): ChannelCharge {
  return {
    chargeId: 'ch_000000000000000000000001',
    merchantId: 'mch_000000000000000000000001',
    outTradeNo: 'order-1',
    amount: 100_000,
    currency: 'CNY',
    payway: 'alipay',
    subPayway: 'barcode',
    subject: 'sandbox test',
    authCode: magicBarcode('00'),
    createdAt: T0,
    ...overrides,
  };
}

export function qrCharge(overrides: Partial<ChannelCharge> = {}): ChannelCharge {
  const { authCode: _authCode, ...rest } = charge({ subPayway: 'qrcode', ...overrides });
  return rest;
}

export function refund(overrides: Partial<ChannelRefund> = {}): ChannelRefund {
  return {
    refundId: 're_000000000000000000000001',
    refundNo: 'refund-1',
    amount: 1_000,
    refundedBefore: 0,
    createdAt: T0 + MINUTE,
    ...overrides,
  };
}

/** What an outcome must be: absent orderStatus/code/upstream mean "absent in the outcome" too. */
export interface Expected {
  readonly biz: BizResult;
  readonly flow: FlowStatus;
  readonly order?: ChargeStatus;
  /** Shouqianba-style upstream code; the unified code is checked through the code maps. */
  readonly upstream?: string;
  readonly code?: string;
}
export interface ExpectedThrow {
  readonly throws: FlowStatus;
  readonly code: ChannelIoError['code'];
}

export function expectOutcome(outcome: ChannelOutcome, expected: Expected): void {
  expect({ biz: outcome.bizResult, flow: outcome.flowStatus, order: outcome.orderStatus }).toEqual({
    biz: expected.biz,
    flow: expected.flow,
    order: expected.order,
  });
  if (expected.code === undefined) {
    expect(outcome.error).toBeUndefined();
    return;
  }
  expect(outcome.error?.code).toBe(expected.code);
  expect(outcome.error?.channelError?.provider).toBe('sandbox');
  expect(outcome.error?.channelError?.code).toBe(expected.upstream);
  const known = lookupUpstream('shouqianba', expected.upstream ?? '');
  if (known) {
    // A Shouqianba code: unified code and Chinese message straight from its code map.
    expect(outcome.error?.code).toBe(mapUpstream('shouqianba', expected.upstream ?? ''));
    expect(outcome.error?.channelError?.message).toBe(known.upstream.message);
  } else {
    expect(outcome.error?.channelError?.message).toMatch(/\p{Script=Han}/u);
  }
}

export async function expectAnswer(
  call: Promise<ChannelOutcome>,
  expected: Expected | ExpectedThrow,
): Promise<void> {
  if ('throws' in expected) {
    const error = await ioErrorOf(call);
    expect(error.flowStatus).toBe(expected.throws);
    expect(error.code).toBe(expected.code);
    return;
  }
  expectOutcome(await call, expected);
}

// Shorthands of the expectations below, written out independently of scenarios.ts.
export const PAID: Expected = { biz: 'PAY_SUCCESS', flow: 'SUCCESS', order: 'PAID' };
export const IN_PROGRESS: Expected = { biz: 'PAY_IN_PROGRESS', flow: 'IN_PROG', order: 'CREATED' };
export const payFail = (upstream: string, code: string): Expected => ({
  biz: 'PAY_FAIL',
  flow: 'FAIL_CANCELED',
  order: 'PAY_CANCELED',
  upstream,
  code,
});
export const CANCELED: Expected = { biz: 'CANCEL_SUCCESS', flow: 'SUCCESS', order: 'CANCELED' };
export const ABORTED: Expected = { biz: 'CANCEL_ABORT_SUCCESS', flow: 'SUCCESS', order: 'CANCELED' };
export const CANCEL_ERROR: Expected = {
  biz: 'CANCEL_ERROR',
  flow: 'CANCEL_ERROR',
  order: 'CANCEL_ERROR',
  upstream: 'CANCEL_ERROR',
  code: 'cancel_failed',
};
export const CANCEL_REFUSED_FAILED_ORDER: Expected = {
  biz: 'FAIL',
  flow: 'FAIL_CANCELED',
  order: 'PAY_CANCELED',
  upstream: 'UPAY_CANCEL_INVALID_ORDER_STATE',
  code: 'cancel_not_allowed',
};
export const PAY_ERROR: Expected = {
  biz: 'PAY_FAIL_ERROR',
  flow: 'FAIL_ERROR',
  order: 'PAY_ERROR',
  upstream: 'PAY_FAIL_ERROR',
  code: 'channel_unexpected_error',
};
export const PAY_FAILING: Expected = {
  biz: 'PAY_FAIL_IN_PROGRESS',
  flow: 'IN_PROG',
  order: 'PAY_ERROR',
  upstream: 'PAY_FAIL_IN_PROGRESS',
  code: 'trade_processing',
};
export const FOREVER = 24 * HOUR;
