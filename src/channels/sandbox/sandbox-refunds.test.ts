import { describe, expect, it } from 'vitest';
import {
  charge,
  type Expected,
  type ExpectedThrow,
  expectAnswer,
  expectOutcome,
  FOREVER,
  MINUTE,
  refund,
  SECOND,
  setup,
  T0,
} from '../../../test/helpers/sandbox-outcomes.js';
import { magicBarcode } from './barcode.js';
import { REFUND_SCENARIOS } from './refund-scenarios.js';
import { sandboxTradeNo } from './sandbox-channel.js';

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
