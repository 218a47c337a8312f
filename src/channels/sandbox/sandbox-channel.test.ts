import { describe, expect, it } from 'vitest';
import {
  ABORTED,
  CANCEL_ERROR,
  CANCEL_REFUSED_FAILED_ORDER,
  CANCELED,
  charge,
  type Expected,
  type ExpectedThrow,
  expectAnswer,
  expectOutcome,
  FOREVER,
  HOUR,
  IN_PROGRESS,
  MINUTE,
  PAID,
  PAY_ERROR,
  PAY_FAILING,
  payFail,
  SECOND,
  setup,
  T0,
} from '../../../test/helpers/sandbox-outcomes.js';
import type { ManualClock } from '../../domain/clock.js';
import type { ChannelIoError } from '../port.js';
import { magicBarcode, sandboxBuyerId } from './barcode.js';
import { type SandboxChannel, sandboxTradeNo } from './sandbox-channel.js';
import { BARCODE_SCENARIOS } from './scenarios.js';

// Magic barcodes: the pay answer, then the query and cancel answers as time passes, row by row.
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
