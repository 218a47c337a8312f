import { describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../domain/clock.js';
import type { BizResult, ChargeStatus, FlowStatus } from '../../domain/statuses.js';
import { lookupUpstream, mapUpstream } from '../../errors/lookup.js';
import { type ChannelCharge, ChannelIoError, type ChannelOutcome, type ChannelRefund } from '../port.js';
import { magicBarcode, sandboxBuyerId } from './barcode.js';
import { InMemorySandboxOrderBook } from './order-book.js';
import { REFUND_SCENARIOS } from './refund-scenarios.js';
import { SandboxChannel, sandboxTradeNo } from './sandbox-channel.js';
import { BARCODE_SCENARIOS, SANDBOX_OPERATIONS, type SandboxOperation } from './scenarios.js';

const T0 = Date.parse('2025-03-03T10:00:00+08:00');
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function setup(options: { latencyMs?: number } = {}) {
  const clock = manualClock(T0);
  const orderBook = new InMemorySandboxOrderBook();
  const channel = new SandboxChannel({ clock, orderBook, ...options });
  return { clock, orderBook, channel };
}

function charge(overrides: Partial<ChannelCharge> = {}): ChannelCharge {
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

function qrCharge(overrides: Partial<ChannelCharge> = {}): ChannelCharge {
  const { authCode: _authCode, ...rest } = charge({ subPayway: 'qrcode', ...overrides });
  return rest;
}

function refund(overrides: Partial<ChannelRefund> = {}): ChannelRefund {
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
interface Expected {
  readonly biz: BizResult;
  readonly flow: FlowStatus;
  readonly order?: ChargeStatus;
  /** Shouqianba-style upstream code; the unified code is checked through the code maps. */
  readonly upstream?: string;
  readonly code?: string;
}
interface ExpectedThrow {
  readonly throws: FlowStatus;
  readonly code: ChannelIoError['code'];
}

function expectOutcome(outcome: ChannelOutcome, expected: Expected): void {
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

async function expectAnswer(
  call: Promise<ChannelOutcome>,
  expected: Expected | ExpectedThrow,
): Promise<void> {
  if ('throws' in expected) {
    const error = await call.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ChannelIoError);
    expect((error as ChannelIoError).flowStatus).toBe(expected.throws);
    expect((error as ChannelIoError).code).toBe(expected.code);
    return;
  }
  expectOutcome(await call, expected);
}

// Shorthands of the expectations below, written out independently of scenarios.ts.
const PAID: Expected = { biz: 'PAY_SUCCESS', flow: 'SUCCESS', order: 'PAID' };
const IN_PROGRESS: Expected = { biz: 'PAY_IN_PROGRESS', flow: 'IN_PROG', order: 'CREATED' };
const payFail = (upstream: string, code: string): Expected => ({
  biz: 'PAY_FAIL',
  flow: 'FAIL_CANCELED',
  order: 'PAY_CANCELED',
  upstream,
  code,
});
const CANCELED: Expected = { biz: 'CANCEL_SUCCESS', flow: 'SUCCESS', order: 'CANCELED' };
const ABORTED: Expected = { biz: 'CANCEL_ABORT_SUCCESS', flow: 'SUCCESS', order: 'CANCELED' };
const CANCEL_ERROR: Expected = {
  biz: 'CANCEL_ERROR',
  flow: 'CANCEL_ERROR',
  order: 'CANCEL_ERROR',
  upstream: 'CANCEL_ERROR',
  code: 'cancel_failed',
};
const CANCEL_REFUSED_FAILED_ORDER: Expected = {
  biz: 'FAIL',
  flow: 'FAIL_CANCELED',
  order: 'PAY_CANCELED',
  upstream: 'UPAY_CANCEL_INVALID_ORDER_STATE',
  code: 'cancel_not_allowed',
};
const PAY_ERROR: Expected = {
  biz: 'PAY_FAIL_ERROR',
  flow: 'FAIL_ERROR',
  order: 'PAY_ERROR',
  upstream: 'PAY_FAIL_ERROR',
  code: 'channel_unexpected_error',
};
const PAY_FAILING: Expected = {
  biz: 'PAY_FAIL_IN_PROGRESS',
  flow: 'IN_PROG',
  order: 'PAY_ERROR',
  upstream: 'PAY_FAIL_IN_PROGRESS',
  code: 'trade_processing',
};
const FOREVER = 24 * HOUR;

interface BarcodeRow {
  readonly pay: Expected | ExpectedThrow;
  /** [ms after createdAt, answer] */
  readonly query: readonly (readonly [number, Expected])[];
  readonly cancel: readonly (readonly [number, Expected])[];
}

const declined = (upstream: string, code: string): BarcodeRow => ({
  pay: payFail(upstream, code),
  query: [
    [0, payFail(upstream, code)],
    [FOREVER, payFail(upstream, code)],
  ],
  cancel: [[0, CANCEL_REFUSED_FAILED_ORDER]],
});

/** One row per magic barcode of scenarios.ts (checked below), with the brief's expected answers. */
const BARCODE_ROWS: Readonly<Record<string, BarcodeRow>> = {
  '00': { pay: PAID, query: [[0, PAID]], cancel: [[0, CANCELED]] },
  '01': declined('INSUFFICIENT_FUND', 'insufficient_fund'),
  '02': declined('EXPIRED_BARCODE', 'barcode_expired'),
  '03': declined('BUYER_OVER_TRANSACTION_LIMIT', 'buyer_over_transaction_limit'),
  '04': declined('BUYER_OVER_DAILY_LIMIT', 'buyer_over_daily_limit'),
  '05': declined('SELLER_OVER_DAILY_LIMIT', 'seller_over_daily_limit'),
  '06': declined('TRADE_FAILED', 'channel_response_code_fail'),
  '07': declined('UNEXPECTED_PROVIDER_ERROR', 'payway_not_enabled'),
  '08': {
    pay: { biz: 'FAIL', flow: 'FAIL_CANCELED', upstream: 'TRADE_HAS_SUCCESS', code: 'charge_already_paid' },
    query: [[0, PAID]],
    cancel: [[0, CANCELED]],
  },
  '10': {
    pay: IN_PROGRESS,
    query: [
      [0, IN_PROGRESS],
      [4_999, IN_PROGRESS],
      [5_000, PAID],
    ],
    cancel: [
      [0, ABORTED],
      [5_000, CANCELED],
    ],
  },
  '11': {
    pay: IN_PROGRESS,
    query: [
      [0, IN_PROGRESS],
      [FOREVER, IN_PROGRESS],
    ],
    cancel: [
      [0, ABORTED],
      [10 * MINUTE, ABORTED],
    ],
  },
  '12': {
    pay: IN_PROGRESS,
    query: [
      [4_999, IN_PROGRESS],
      [5_000, payFail('TRADE_FAILED', 'channel_response_code_fail')],
    ],
    cancel: [
      [0, ABORTED],
      [5_000, CANCEL_REFUSED_FAILED_ORDER],
    ],
  },
  '20': {
    pay: { throws: 'FAIL_IO_1', code: 'channel_connection_error' },
    query: [[0, PAID]],
    cancel: [[0, CANCELED]],
  },
  '21': {
    pay: { throws: 'FAIL_IO_2', code: 'channel_connection_error' },
    query: [
      [0, IN_PROGRESS],
      [FOREVER, IN_PROGRESS],
    ],
    cancel: [
      [0, CANCELED],
      [MINUTE, CANCELED],
    ],
  },
  '22': {
    pay: { throws: 'FAIL_PROTOCOL_1', code: 'channel_parse_error' },
    query: [[0, PAID]],
    cancel: [[0, CANCELED]],
  },
  '23': {
    pay: { throws: 'FAIL_PROTOCOL_2', code: 'channel_sign_error' },
    query: [
      [0, IN_PROGRESS],
      [FOREVER, IN_PROGRESS],
    ],
    cancel: [[0, CANCELED]],
  },
  '24': {
    pay: { throws: 'FAIL_PROTOCOL_3', code: 'channel_parse_error' },
    query: [[0, payFail('TRADE_FAILED', 'channel_response_code_fail')]],
    cancel: [[0, CANCEL_REFUSED_FAILED_ORDER]],
  },
  '25': {
    pay: PAY_ERROR,
    query: [
      [0, PAY_ERROR],
      [FOREVER, PAY_ERROR],
    ],
    cancel: [
      [0, CANCEL_ERROR],
      [59_999, CANCEL_ERROR],
      [60_000, CANCELED],
    ],
  },
  '26': {
    pay: IN_PROGRESS,
    query: [
      [0, IN_PROGRESS],
      [FOREVER, IN_PROGRESS],
    ],
    cancel: [
      [0, { ...CANCEL_ERROR, biz: 'CANCEL_ABORT_ERROR', upstream: 'CANCEL_ABORT_ERROR' }],
      [59_999, { ...CANCEL_ERROR, biz: 'CANCEL_ABORT_ERROR', upstream: 'CANCEL_ABORT_ERROR' }],
      [60_000, ABORTED],
    ],
  },
  '27': {
    pay: PAY_FAILING,
    query: [
      [0, PAY_FAILING],
      [FOREVER, PAY_FAILING],
    ],
    cancel: [[0, CANCELED]],
  },
  '30': {
    pay: PAID,
    query: [[0, PAID]],
    cancel: [
      [0, CANCEL_ERROR],
      [59_999, CANCEL_ERROR],
      [60_000, CANCELED],
    ],
  },
  '31': {
    pay: PAID,
    query: [
      [4_999, PAID],
      [5_000, { biz: 'SUCCESS', flow: 'SUCCESS', order: 'CANCELED' }],
    ],
    cancel: [
      [0, { biz: 'CANCEL_IN_PROGRESS', flow: 'IN_PROG', order: 'CANCEL_INPROGRESS' }],
      [
        5_000,
        {
          biz: 'FAIL',
          flow: 'FAIL_CANCELED',
          order: 'CANCELED',
          upstream: 'UPAY_CANCEL_ORDER_NOOP',
          code: 'cancel_already_done',
        },
      ],
    ],
  },
  '32': {
    pay: PAID,
    query: [[0, PAID]],
    cancel: [
      [
        0,
        {
          biz: 'FAIL',
          flow: 'FAIL_CANCELED',
          order: 'PAID',
          upstream: 'UPAY_TCP_ORDER_NOT_REFUNDABLE',
          code: 'refund_refused',
        },
      ],
    ],
  },
  '40': {
    pay: PAID,
    query: [
      [
        0,
        {
          biz: 'SUCCESS',
          flow: 'SUCCESS',
          upstream: 'INVALID_STATUS_CODE',
          code: 'charge_unexpected_status',
        },
      ],
    ],
    cancel: [[0, CANCELED]],
  },
  '41': {
    pay: IN_PROGRESS,
    query: [
      [0, { biz: 'FAIL', flow: 'FAIL_CANCELED', upstream: 'query_right_error', code: 'query_right_error' }],
    ],
    cancel: [[0, ABORTED]],
  },
};

describe('magic barcodes', () => {
  it('every scenario of scenarios.ts has a row here, and no row is left without a scenario', () => {
    expect(Object.keys(BARCODE_ROWS).sort()).toEqual(BARCODE_SCENARIOS.map((scenario) => scenario.nn).sort());
  });

  describe.each(Object.entries(BARCODE_ROWS))('2800000000000000%s', (nn, row) => {
    it.each(['alipay', 'wechat'] as const)('pay (%s barcode)', async (wallet) => {
      const { channel } = setup();
      await expectAnswer(channel.pay(charge({ authCode: magicBarcode(nn, wallet) })), row.pay);
    });

    it.each(row.query)('query %i ms after createdAt', async (ms, expected) => {
      const { channel, clock } = setup();
      clock.set(T0 + ms);
      await expectAnswer(channel.query(charge({ authCode: magicBarcode(nn) })), expected);
    });

    it.each(row.cancel)('cancel %i ms after createdAt', async (ms, expected) => {
      const { channel, clock } = setup();
      clock.set(T0 + ms);
      await expectAnswer(channel.cancel(charge({ authCode: magicBarcode(nn) })), expected);
    });
  });

  it('every paid answer carries the stable trade number and the barcode-derived buyer id', async () => {
    const { channel, clock } = setup();
    const paid = charge({ authCode: magicBarcode('10', 'wechat') });
    clock.set(T0 + 5 * SECOND);
    const query = await channel.query(paid);
    expect(query.channelTradeNo).toBe(sandboxTradeNo(paid.chargeId));
    expect(query.channelTradeNo).toMatch(/^789\d{13}$/);
    expect(query.buyerId).toBe(sandboxBuyerId('wechat', magicBarcode('10', 'wechat')));
    const pay = await channel.pay(charge());
    expect(pay).toMatchObject({
      channelTradeNo: sandboxTradeNo(paid.chargeId),
      buyerId: expect.stringMatching(/^2088/),
    });
    expect(sandboxTradeNo('ch_other')).not.toBe(sandboxTradeNo(paid.chargeId));
  });

  it('a failed payment carries no buyer id', async () => {
    const { channel } = setup();
    expect((await channel.pay(charge({ authCode: magicBarcode('01') }))).buyerId).toBeUndefined();
  });

  it('any other valid barcode, and magic barcodes with an unused NN, succeed', async () => {
    const { channel } = setup();
    for (const authCode of [
      '101234567890123456',
      '301234567890123456',
      magicBarcode('99'),
      magicBarcode('09'),
    ]) {
      expectOutcome(await channel.pay(charge({ authCode })), PAID);
      expectOutcome(await channel.query(charge({ authCode })), PAID);
    }
  });

  it('an invalid barcode is INVALID_BARCODE, for pay and for every later query', async () => {
    const { channel, clock } = setup();
    const bad = charge({ authCode: '991234567890123456' });
    expectOutcome(await channel.pay(bad), payFail('INVALID_BARCODE', 'invalid_barcode'));
    clock.advance(HOUR);
    expectOutcome(await channel.query(bad), payFail('INVALID_BARCODE', 'invalid_barcode'));
  });

  it('a barcode charge without a barcode is INVALID_PARAMS', async () => {
    const { channel } = setup();
    const { authCode: _authCode, ...noCode } = charge();
    expectOutcome(await channel.pay(noCode), payFail('INVALID_PARAMS', 'channel_parameter_error'));
  });

  it("a charge above the buyer's per-charge limit is BUYER_OVER_TRANSACTION_LIMIT", async () => {
    const { channel } = setup();
    expectOutcome(await channel.pay(charge({ amount: 500_000 })), PAID);
    expectOutcome(
      await channel.pay(charge({ amount: 500_001 })),
      payFail('BUYER_OVER_TRANSACTION_LIMIT', 'buyer_over_transaction_limit'),
    );
  });

  it('answers the same after a restart (fresh channel and order book), for every scenario', async () => {
    const snapshot = async (clock: ManualClock, channel: SandboxChannel) => {
      const answers: unknown[] = [];
      for (const { nn } of BARCODE_SCENARIOS) {
        for (const ms of [0, 5_000, 60_000, 300_000]) {
          clock.set(T0 + ms);
          const subject = charge({ chargeId: `ch_${nn}`, authCode: magicBarcode(nn) });
          answers.push(await channel.query(subject), await channel.cancel(subject));
          answers.push(await channel.pay(subject).catch((error: ChannelIoError) => error.flowStatus));
        }
      }
      return answers;
    };
    const first = setup();
    const second = setup();
    expect(await snapshot(second.clock, second.channel)).toEqual(await snapshot(first.clock, first.channel));
  });
});

interface RefundRow {
  readonly refund: Expected | ExpectedThrow;
  /** [ms after the refund's createdAt, answer] */
  readonly query: readonly (readonly [number, Expected])[];
}

const REFUNDED_PART: Expected = { biz: 'REFUND_SUCCESS', flow: 'SUCCESS', order: 'PARTIAL_REFUNDED' };
const REFUND_ERROR: Expected = {
  biz: 'REFUND_ERROR',
  flow: 'REFUND_ERROR',
  order: 'REFUND_ERROR',
  upstream: 'REFUND_ERROR',
  code: 'refund_pending',
};
const refundRefused = (upstream: string, code: string): RefundRow => {
  const expected: Expected = { biz: 'FAIL', flow: 'FAIL_CANCELED', order: 'PAID', upstream, code };
  return { refund: expected, query: [[0, expected]] };
};

const REFUND_ROWS: Readonly<Record<number, RefundRow>> = {
  9901: {
    refund: REFUND_ERROR,
    query: [
      [0, REFUND_ERROR],
      [4_999, REFUND_ERROR],
      [5_000, REFUNDED_PART],
    ],
  },
  9902: {
    refund: { biz: 'REFUND_IN_PROGRESS', flow: 'IN_PROG', order: 'PAID' },
    query: [
      [4_999, { biz: 'REFUND_IN_PROGRESS', flow: 'IN_PROG', order: 'PAID' }],
      [5_000, REFUNDED_PART],
    ],
  },
  9903: {
    refund: REFUND_ERROR,
    query: [
      [
        0,
        {
          biz: 'FAIL',
          flow: 'FAIL_CANCELED',
          order: 'PAID',
          upstream: 'refund_failed',
          code: 'refund_failed',
        },
      ],
      [
        FOREVER,
        {
          biz: 'FAIL',
          flow: 'FAIL_CANCELED',
          order: 'PAID',
          upstream: 'refund_failed',
          code: 'refund_failed',
        },
      ],
    ],
  },
  9904: refundRefused('SELLER_BALANCE_NOT_ENOUGH', 'merchant_balance_insufficient'),
  9905: refundRefused('UPAY_TCP_ORDER_NOT_REFUNDABLE', 'refund_refused'),
  9906: refundRefused('REFUND_AMT_NOT_EQUAL_TOTAL', 'refund_amount_invalid'),
  9907: { refund: { throws: 'FAIL_IO_1', code: 'channel_connection_error' }, query: [[0, REFUNDED_PART]] },
  9908: {
    refund: REFUND_ERROR,
    query: [
      [0, REFUND_ERROR],
      [FOREVER, REFUND_ERROR],
    ],
  },
};

describe('magic refund amounts', () => {
  it('every refund scenario of scenarios.ts has a row here, and no row is left without a scenario', () => {
    expect(Object.keys(REFUND_ROWS).map(Number).sort()).toEqual(REFUND_SCENARIOS.map((s) => s.amount).sort());
  });

  describe.each(Object.entries(REFUND_ROWS))('amount %s', (amount, row) => {
    it('refund', async () => {
      const { channel, clock } = setup();
      clock.set(T0 + MINUTE);
      await expectAnswer(channel.refund(charge(), refund({ amount: Number(amount) })), row.refund);
    });

    it.each(row.query)('queryRefund %i ms after the refund', async (ms, expected) => {
      const { channel, clock } = setup();
      clock.set(T0 + MINUTE + ms);
      await expectAnswer(channel.queryRefund(charge(), refund({ amount: Number(amount) })), expected);
    });
  });

  it('any other amount succeeds; the order becomes PARTIAL_REFUNDED or REFUNDED', async () => {
    const { channel } = setup();
    expectOutcome(await channel.refund(charge(), refund({ amount: 40_000 })), REFUNDED_PART);
    expectOutcome(await channel.refund(charge(), refund({ amount: 60_000, refundedBefore: 40_000 })), {
      biz: 'REFUND_SUCCESS',
      flow: 'SUCCESS',
      order: 'REFUNDED',
    });
    const full = await channel.queryRefund(charge(), refund({ amount: 100_000 }));
    expectOutcome(full, { biz: 'REFUND_SUCCESS', flow: 'SUCCESS', order: 'REFUNDED' });
    expect(full.channelTradeNo).toBe(sandboxTradeNo('re_000000000000000000000001'));
  });

  it('an in-progress refund after an earlier one leaves the order PARTIAL_REFUNDED', async () => {
    const { channel } = setup();
    expectOutcome(await channel.refund(charge(), refund({ amount: 9902, refundedBefore: 1_000 })), {
      biz: 'REFUND_IN_PROGRESS',
      flow: 'IN_PROG',
      order: 'PARTIAL_REFUNDED',
    });
  });

  it('without the refund createdAt, the clock runs from the charge createdAt', async () => {
    const { channel, clock } = setup();
    const { createdAt: _createdAt, ...noCreatedAt } = refund({ amount: 9901 });
    clock.set(T0 + 5 * SECOND);
    expectOutcome(await channel.queryRefund(charge(), noCreatedAt), REFUNDED_PART);
  });

  it('refunds of a promotion order (barcode 32) are refused whatever the amount', async () => {
    const { channel } = setup();
    for (const amount of [1, 9901, 100_000]) {
      expectOutcome(
        await channel.refund(charge({ authCode: magicBarcode('32') }), refund({ amount })),
        refundRefused('UPAY_TCP_ORDER_NOT_REFUNDABLE', 'refund_refused').refund as Expected,
      );
    }
  });

  it('refunds of an unpaid charge are UPAY_REFUND_INVALID_ORDER_STATE', async () => {
    const { channel } = setup();
    expectOutcome(await channel.refund(charge({ authCode: magicBarcode('01') }), refund()), {
      biz: 'FAIL',
      flow: 'FAIL_CANCELED',
      order: 'PAY_CANCELED',
      upstream: 'UPAY_REFUND_INVALID_ORDER_STATE',
      code: 'refund_not_allowed',
    });
    expectOutcome(await channel.refund(charge({ authCode: magicBarcode('11') }), refund()), {
      biz: 'FAIL',
      flow: 'FAIL_CANCELED',
      order: 'CREATED',
      upstream: 'UPAY_REFUND_INVALID_ORDER_STATE',
      code: 'refund_not_allowed',
    });
  });

  it('refunds above what is left are REFUNDABLE_AMOUNT_NOT_ENOUGH, non-positive ones REFUND_AMT_NOT_EQUAL_TOTAL', async () => {
    const { channel } = setup();
    expectOutcome(await channel.refund(charge(), refund({ amount: 9_000, refundedBefore: 92_000 })), {
      biz: 'FAIL',
      flow: 'FAIL_CANCELED',
      order: 'PARTIAL_REFUNDED',
      upstream: 'REFUNDABLE_AMOUNT_NOT_ENOUGH',
      code: 'refund_amount_exceeded',
    });
    expectOutcome(await channel.refund(charge(), refund({ amount: 0 })), {
      biz: 'FAIL',
      flow: 'FAIL_CANCELED',
      order: 'PAID',
      upstream: 'REFUND_AMT_NOT_EQUAL_TOTAL',
      code: 'refund_amount_invalid',
    });
  });

  it('baifubao refunds only in full', async () => {
    const { channel } = setup();
    const baifubao = charge({ payway: 'baifubao' });
    expectOutcome(await channel.refund(baifubao, refund({ amount: 1_000 })), {
      biz: 'FAIL',
      flow: 'FAIL_CANCELED',
      order: 'PAID',
      upstream: 'REFUND_AMT_NOT_EQUAL_TOTAL',
      code: 'refund_amount_invalid',
    });
    expectOutcome(await channel.refund(baifubao, refund({ amount: 100_000 })), {
      biz: 'REFUND_SUCCESS',
      flow: 'SUCCESS',
      order: 'REFUNDED',
    });
  });
});

describe('QR and wap charges', () => {
  it('precreate answers a QR code or a pay path', async () => {
    const { channel } = setup();
    const qr = await channel.precreate(qrCharge());
    expectOutcome(qr, { biz: 'PRECREATE_SUCCESS', flow: 'IN_PROG', order: 'CREATED' });
    expect(qr.qrCode).toBe('polypay-sandbox://pay/ch_000000000000000000000001');
    expect(qr.payUrl).toBeUndefined();
    expect(qr.channelTradeNo).toBe(sandboxTradeNo('ch_000000000000000000000001'));
    const wap = await channel.precreate(qrCharge({ subPayway: 'wap' }));
    expect(wap.payUrl).toBe('/v1/sandbox/charges/ch_000000000000000000000001/pay');
    expect(wap.qrCode).toBeUndefined();
  });

  it('precreate of a barcode charge and pay of a QR charge are INVALID_PARAMS', async () => {
    const { channel } = setup();
    expectOutcome(await channel.precreate(charge()), {
      biz: 'PRECREATE_FAIL',
      flow: 'FAIL_CANCELED',
      order: 'PAY_CANCELED',
      upstream: 'INVALID_PARAMS',
      code: 'channel_parameter_error',
    });
    expectOutcome(await channel.pay(qrCharge()), payFail('INVALID_PARAMS', 'channel_parameter_error'));
  });

  it('in progress until the buyer pays; then paid with the buyer id', async () => {
    const { channel, clock } = setup();
    const subject = qrCharge();
    clock.set(T0 + 30 * SECOND);
    expectOutcome(await channel.query(subject), IN_PROGRESS);
    const action = await channel.buyerAction(subject, 'pay', 'buyer-42');
    expect(action).toEqual({
      accepted: true,
      action: { kind: 'pay', at: T0 + 30 * SECOND, buyerId: 'buyer-42' },
    });
    const paid = await channel.query(subject);
    expectOutcome(paid, PAID);
    expect(paid.buyerId).toBe('buyer-42');
    expect(paid.channelTradeNo).toBe(sandboxTradeNo(subject.chargeId));
    clock.set(T0 + HOUR);
    expectOutcome(await channel.query(subject), PAID);
  });

  it('the buyer declines: PAY_FAIL, TRADE_FAILED', async () => {
    const { channel } = setup();
    const subject = qrCharge({ payway: 'wechat' });
    const action = await channel.buyerAction(subject, 'decline');
    expect(action.accepted && action.action.buyerId).toMatch(/^oSBX/);
    expectOutcome(await channel.query(subject), payFail('TRADE_FAILED', 'channel_response_code_fail'));
  });

  it('nobody acts for 240 s: PAY_FAIL with TRADE_TIMEOUT', async () => {
    const { channel, clock } = setup();
    clock.set(T0 + 239_999);
    expectOutcome(await channel.query(qrCharge()), IN_PROGRESS);
    clock.set(T0 + 240_000);
    expectOutcome(await channel.query(qrCharge()), payFail('TRADE_TIMEOUT', 'trade_timeout'));
    expect(await channel.buyerAction(qrCharge(), 'pay')).toEqual({ accepted: false, reason: 'expired' });
  });

  it('an action recorded after the QR expired does not count', async () => {
    const { channel, orderBook, clock } = setup();
    await orderBook.setBuyerAction(qrCharge().chargeId, { kind: 'pay', at: T0 + 240_000, buyerId: 'late' });
    clock.set(T0 + 300_000);
    expectOutcome(await channel.query(qrCharge()), payFail('TRADE_TIMEOUT', 'trade_timeout'));
  });

  it('the first action wins; barcode charges take none', async () => {
    const { channel } = setup();
    await channel.buyerAction(qrCharge(), 'pay', 'first');
    const second = await channel.buyerAction(qrCharge(), 'decline', 'second');
    expect(second).toMatchObject({
      accepted: false,
      reason: 'already_decided',
      action: { buyerId: 'first' },
    });
    expect(await channel.buyerAction(charge(), 'pay')).toEqual({ accepted: false, reason: 'not_qr' });
    const failed = qrCharge({ metadata: { sandbox_error: 'shouqianba:UPAY_STORE_OVER_DAILY_LIMIT' } });
    expect(await channel.buyerAction(failed, 'pay')).toEqual({ accepted: false, reason: 'not_payable' });
  });

  it('cancel aborts an unpaid QR charge and reverses a paid one', async () => {
    const { channel } = setup();
    expectOutcome(await channel.cancel(qrCharge()), ABORTED);
    await channel.buyerAction(qrCharge(), 'pay');
    expectOutcome(await channel.cancel(qrCharge()), CANCELED);
  });
});

describe('close and void', () => {
  const CLOSE_REFUSED = lookupUpstream('eftpay', '54')!;
  const VOID_REFUSED = lookupUpstream('paycools', '21500')!;

  it('close succeeds on an unpaid charge', async () => {
    const { channel, clock } = setup();
    const closed: Expected = { biz: 'SUCCESS', flow: 'SUCCESS', order: 'CLOSED' };
    expectOutcome(await channel.close(qrCharge()), closed);
    expectOutcome(await channel.close(charge({ authCode: magicBarcode('11') })), closed);
    expectOutcome(await channel.close(charge({ authCode: magicBarcode('01') })), closed);
    clock.set(T0 + 4 * SECOND);
    expectOutcome(await channel.close(charge({ authCode: magicBarcode('10') })), closed);
  });

  it('close of a paid charge is refused (close_refused_paid, the EFTPay 54 row under provider sandbox)', async () => {
    const { channel, clock } = setup();
    await channel.buyerAction(qrCharge(), 'pay');
    for (const subject of [charge(), qrCharge(), charge({ authCode: magicBarcode('40') })]) {
      const outcome = await channel.close(subject);
      expect(outcome).toMatchObject({
        bizResult: 'FAIL',
        flowStatus: 'FAIL_CANCELED',
        orderStatus: 'PAID',
        error: {
          code: mapUpstream('eftpay', '54'),
          channelError: { provider: 'sandbox', code: '54', message: CLOSE_REFUSED.upstream.message },
        },
      });
    }
    clock.set(T0 + 5 * SECOND);
    expect((await channel.close(charge({ authCode: magicBarcode('10') }))).error?.code).toBe(
      'close_refused_paid',
    );
  });

  it('void succeeds on a paid charge and is refused on any other', async () => {
    const { channel } = setup();
    expectOutcome(await channel.void(charge()), { biz: 'SUCCESS', flow: 'SUCCESS', order: 'VOIDED' });
    const refused = await channel.void(charge({ authCode: magicBarcode('11') }));
    expect(refused).toMatchObject({
      bizResult: 'FAIL',
      flowStatus: 'FAIL_CANCELED',
      orderStatus: 'CREATED',
      error: {
        code: 'void_not_success',
        channelError: { provider: 'sandbox', code: '21500', message: VOID_REFUSED.upstream.message },
      },
    });
    expect((await channel.void(qrCharge())).error?.code).toBe('void_not_success');
  });
});

describe('generic upstream-error injection', () => {
  const PER_PROVIDER: readonly (readonly [string, string])[] = [
    ['shouqianba', 'INVALID_PARAMS'],
    ['shouqianba', 'ILLEGAL_SIGN'],
    ['shouqianba', 'UPAY_STORE_OVER_DAILY_LIMIT'],
    ['shouqianba', 'CLIENT_SN_CONFLICT'],
    ['eftpay', '58'],
    ['eftpay', '54'],
    ['eftpay', '-55'],
    ['paycools', '21405'],
    ['paycools', '21001'],
    ['paycools', '21504'],
    ['bybit', '40000'],
    ['bybit', '40004'],
    ['bybit', '139001001'],
  ];

  const FAILURE: Readonly<Record<SandboxOperation, Pick<Expected, 'biz' | 'flow' | 'order'>>> = {
    pay: { biz: 'PAY_FAIL', flow: 'FAIL_CANCELED', order: 'PAY_CANCELED' },
    precreate: { biz: 'PRECREATE_FAIL', flow: 'FAIL_CANCELED', order: 'PAY_CANCELED' },
    query: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
    cancel: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
    close: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
    void: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
    refund: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
    query_refund: { biz: 'FAIL', flow: 'FAIL_CANCELED' },
  };

  const call = (channel: SandboxChannel, operation: SandboxOperation, subject: ChannelCharge) => {
    switch (operation) {
      case 'pay':
        return channel.pay(subject);
      case 'precreate':
        return channel.precreate({ ...subject, subPayway: 'qrcode' });
      case 'query':
        return channel.query(subject);
      case 'cancel':
        return channel.cancel(subject);
      case 'close':
        return channel.close(subject);
      case 'void':
        return channel.void(subject);
      case 'refund':
        return channel.refund(subject, refund());
      case 'query_refund':
        return channel.queryRefund(subject, refund());
    }
  };

  it.each(PER_PROVIDER)(
    '%s:%s answers the provider code, message and unified code verbatim',
    async (provider, code) => {
      const { channel } = setup();
      const outcome = await channel.pay(charge({ metadata: { sandbox_error: `${provider}:${code}` } }));
      expect(outcome).toEqual({
        bizResult: 'PAY_FAIL',
        flowStatus: 'FAIL_CANCELED',
        orderStatus: 'PAY_CANCELED',
        channelTradeNo: sandboxTradeNo('ch_000000000000000000000001'),
        error: {
          code: mapUpstream(provider, code),
          channelError: { provider, code, message: lookupUpstream(provider, code)!.upstream.message },
        },
      });
    },
  );

  it.each(SANDBOX_OPERATIONS)('sandbox_operation=%s fails that operation only', async (operation) => {
    const { channel } = setup();
    const subject = charge({ metadata: { sandbox_error: 'eftpay:58', sandbox_operation: operation } });
    const outcome = await call(channel, operation, subject);
    expect({ biz: outcome.bizResult, flow: outcome.flowStatus, order: outcome.orderStatus }).toEqual({
      order: undefined,
      ...FAILURE[operation],
    });
    expect(outcome.error).toEqual({
      code: 'channel_connection_error',
      channelError: {
        provider: 'eftpay',
        code: '58',
        message: lookupUpstream('eftpay', '58')!.upstream.message,
      },
    });
    // A failed creating call fails the charge for good (checked below); other targets leave the rest alone.
    if (operation === 'pay' || operation === 'precreate') return;
    for (const other of SANDBOX_OPERATIONS) {
      if (other === operation) continue;
      const answer = await call(channel, other, subject);
      expect(answer.error?.channelError?.provider).not.toBe('eftpay');
    }
  });

  it('a failed creating call stays failed for every later query', async () => {
    const { channel, clock } = setup();
    const subject = qrCharge({
      metadata: { sandbox_error: 'paycools:21405', sandbox_operation: 'precreate' },
    });
    expect((await channel.precreate(subject)).bizResult).toBe('PRECREATE_FAIL');
    clock.advance(HOUR);
    const query = await channel.query(subject);
    expect(query).toMatchObject({
      bizResult: 'PAY_FAIL',
      orderStatus: 'PAY_CANCELED',
      error: { code: 'partial_refund_not_supported', channelError: { provider: 'paycools', code: '21405' } },
    });
  });

  it('injection wins over a magic barcode for its operation only', async () => {
    const { channel } = setup();
    const subject = charge({
      authCode: magicBarcode('20'),
      metadata: { sandbox_error: 'shouqianba:UPAY_CANCEL_ORDER_NOOP', sandbox_operation: 'cancel' },
    });
    await expect(channel.pay(subject)).rejects.toBeInstanceOf(ChannelIoError);
    expect((await channel.cancel(subject)).error).toMatchObject({
      code: 'cancel_already_done',
      channelError: {
        provider: 'shouqianba',
        code: 'UPAY_CANCEL_ORDER_NOOP',
        message: '无效操作，订单已经是撤单状态了',
      },
    });
  });

  it('unknown metadata answers channel_parameter_error naming the bad value', async () => {
    const { channel } = setup();
    const outcome = await channel.pay(charge({ metadata: { sandbox_error: 'stripe:card_declined' } }));
    expect(outcome).toMatchObject({
      bizResult: 'PAY_FAIL',
      flowStatus: 'FAIL_CANCELED',
      orderStatus: 'PAY_CANCELED',
    });
    expect(outcome.error?.code).toBe('channel_parameter_error');
    expect(outcome.error?.channelError).toMatchObject({ provider: 'sandbox', code: 'INVALID_PARAMS' });
    expect(outcome.error?.channelError?.message).toContain('stripe:card_declined');
    const badOperation = await channel.pay(
      charge({ metadata: { sandbox_error: 'eftpay:58', sandbox_operation: 'x' } }),
    );
    expect(badOperation.error?.channelError?.message).toContain('sandbox_operation="x"');
  });
});

describe('policies and limits', () => {
  it('refund policy per payway', () => {
    const { channel } = setup();
    expect(channel.refundPolicy('alipay')).toEqual({ windowDays: 60, allowPartial: true, allowFull: true });
    expect(channel.refundPolicy('wechat')).toEqual({ windowDays: 60, allowPartial: true, allowFull: true });
    expect(channel.refundPolicy('baifubao')).toEqual({
      windowDays: 60,
      allowPartial: false,
      allowFull: true,
    });
    expect(channel.refundPolicy('jdpay')).toEqual({ windowDays: 60, allowPartial: true, allowFull: false });
    expect(channel.refundPolicy('qqwallet')).toEqual({ windowDays: 30, allowPartial: true, allowFull: true });
  });

  it('limits', () => {
    const { channel } = setup();
    expect(channel.limits('alipay')).toEqual({
      buyerPerCharge: 500_000,
      buyerDaily: 2_000_000,
      sellerDaily: 100_000_000,
    });
  });

  it('latencyMs delays every answer', async () => {
    const { channel } = setup({ latencyMs: 30 });
    const started = performance.now();
    await channel.query(charge());
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
