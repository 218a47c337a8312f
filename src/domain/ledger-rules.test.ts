import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  feeFor,
  feeRefundFor,
  isBalanced,
  netByAccount,
  type Posting,
  postingsForCancel,
  postingsForPaid,
  postingsForRefund,
  postingsForSettlement,
  postingsForVoid,
  splitRefundFunding,
} from './ledger-rules.js';

describe('posting builders', () => {
  it('paid: gross to the channel, net to pending, fee to fees', () => {
    expect(postingsForPaid(10_000, 60, 'CNY')).toEqual([
      { account: 'channel_receivable', amount: 10_000, currency: 'CNY' },
      { account: 'pending', amount: -9_940, currency: 'CNY' },
      { account: 'fees', amount: -60, currency: 'CNY' },
    ]);
    expect(postingsForPaid(100, 0, 'HKD')).toHaveLength(2);
  });

  it('settlement moves pending to available', () => {
    expect(postingsForSettlement(9_940, 'CNY')).toEqual([
      { account: 'pending', amount: 9_940, currency: 'CNY' },
      { account: 'available', amount: -9_940, currency: 'CNY' },
    ]);
  });

  it('refund draws on pending, then available, and returns the fee share', () => {
    expect(postingsForRefund(1_000, 700, 294, 'CNY', 6)).toEqual([
      { account: 'channel_receivable', amount: -1_000, currency: 'CNY' },
      { account: 'pending', amount: 700, currency: 'CNY' },
      { account: 'available', amount: 294, currency: 'CNY' },
      { account: 'fees', amount: 6, currency: 'CNY' },
    ]);
    expect(postingsForRefund(500, 500, 0, 'CNY').map((p) => p.account)).toEqual([
      'channel_receivable',
      'pending',
    ]);
  });

  it('splits refund funding from unsettled proceeds first', () => {
    expect(splitRefundFunding(1_000, 5_000)).toEqual({ fromPending: 1_000, fromAvailable: 0 });
    expect(splitRefundFunding(1_000, 700)).toEqual({ fromPending: 700, fromAvailable: 300 });
    expect(splitRefundFunding(1_000, 0, 6)).toEqual({ fromPending: 0, fromAvailable: 994 });
    expect(splitRefundFunding(1_000, -5)).toEqual({ fromPending: 0, fromAvailable: 1_000 });
  });

  it('cancel and void reverse the payment exactly', () => {
    const paid = postingsForPaid(10_000, 60, 'CNY');
    for (const reversal of [postingsForCancel(10_000, 60, 'CNY'), postingsForVoid(10_000, 60, 'CNY')]) {
      expect(isBalanced(reversal)).toBe(true);
      expect([...netByAccount([...paid, ...reversal], 'CNY').values()].every((v) => v === 0)).toBe(true);
    }
  });

  it('throws on impossible inputs', () => {
    expect(() => postingsForPaid(100, 101, 'CNY')).toThrow(RangeError);
    expect(() => postingsForPaid(0, 0, 'CNY')).toThrow(RangeError);
    expect(() => postingsForPaid(1.5, 0, 'CNY')).toThrow(RangeError);
    expect(() => postingsForRefund(100, 50, 49, 'CNY')).toThrow(RangeError);
    expect(() => postingsForRefund(100, 101, -1, 'CNY')).toThrow(RangeError);
    expect(() => postingsForSettlement(-1, 'CNY')).toThrow(RangeError);
  });
});

describe('feeFor', () => {
  it.each([
    [10_000, 60, 60],
    [1, 60, 0],
    [84, 60, 1], // 0.504 → 1 (half up)
    [83, 60, 0], // 0.498 → 0
    [250, 20, 1], // exactly 0.5 → 1
    [0, 60, 0],
    [12_345, 10_000, 12_345],
    [Number.MAX_SAFE_INTEGER, 30, 27_021_597_764_223],
  ])('%d at %d bps → %d', (amount, bps, fee) => {
    expect(feeFor(amount, bps)).toBe(fee);
  });

  it('refuses bad rates', () => {
    expect(() => feeFor(100, -1)).toThrow(RangeError);
    expect(() => feeFor(100, 10_001)).toThrow(RangeError);
    expect(() => feeFor(100, 1.5)).toThrow(RangeError);
  });

  it('never exceeds the amount', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 10_000 }), (amount, bps) => {
        const fee = feeFor(amount, bps);
        expect(fee >= 0 && fee <= amount).toBe(true);
      }),
    );
  });
});

describe('feeRefundFor', () => {
  it('is pro rata and sums to the whole fee over a full series', () => {
    expect(feeRefundFor(10_000, 60, 0, 5_000)).toBe(30);
    expect(feeRefundFor(10_000, 60, 0, 10_000)).toBe(60);
    expect(feeRefundFor(3, 1, 0, 1)).toBe(0);
    expect(feeRefundFor(3, 1, 2, 1)).toBe(1);
    expect(() => feeRefundFor(100, 1, 50, 51)).toThrow(RangeError);
  });

  it('returns the exact fee for any split of a full refund', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 20 }),
        (amount, bps, weights) => {
          const fee = feeFor(amount, bps);
          const total = weights.reduce((a, b) => a + b, 0);
          let refunded = 0;
          let feeBack = 0;
          weights.forEach((w, i) => {
            const part = i === weights.length - 1 ? amount - refunded : Math.floor((amount * w) / total);
            feeBack += feeRefundFor(amount, fee, refunded, part);
            refunded += part;
          });
          expect(feeBack).toBe(fee);
        },
      ),
    );
  });
});

describe('isBalanced', () => {
  it('checks each currency separately', () => {
    const p = (amount: number, currency: Posting['currency']): Posting => ({
      account: 'x',
      amount,
      currency,
    });
    expect(isBalanced([])).toBe(true);
    expect(isBalanced([p(5, 'CNY'), p(-5, 'CNY')])).toBe(true);
    expect(isBalanced([p(5, 'CNY'), p(-5, 'HKD')])).toBe(false);
    expect(isBalanced([p(0.5, 'CNY'), p(-0.5, 'CNY')])).toBe(false);
    // Sums beyond 2^53 must not round to zero.
    const big = Number.MAX_SAFE_INTEGER;
    expect(isBalanced([p(big, 'ETH'), p(big, 'ETH'), p(-big, 'ETH'), p(-big + 1, 'ETH')])).toBe(false);
  });
});

// A model of one merchant: charges are paid, settled, refunded (partly or fully) or canceled, in any order
// the rules allow. Every batch must balance, and the accounts must always agree with the model.
type Op =
  | { kind: 'pay'; amount: number; bps: number }
  | { kind: 'settle'; pick: number }
  | { kind: 'refund'; pick: number; fraction: number }
  | { kind: 'cancel'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('pay' as const),
    amount: fc.integer({ min: 1, max: 10_000_000 }),
    bps: fc.integer({ min: 0, max: 1_000 }),
  }),
  fc.record({ kind: fc.constant('settle' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('refund' as const),
    pick: fc.nat(),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
);

interface ModelCharge {
  amount: number;
  fee: number;
  refunded: number;
  feeRefunded: number;
  unsettled: number;
  settled: boolean;
  canceled: boolean;
}

describe('ledger property', () => {
  it('random sequences of operations produce balanced postings consistent with the model', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const charges: ModelCharge[] = [];
        const journal: Posting[] = [];
        const book = (batch: Posting[]) => {
          expect(isBalanced(batch)).toBe(true);
          journal.push(...batch);
        };
        for (const op of ops) {
          const c = charges.length > 0 && op.kind !== 'pay' ? charges[op.pick % charges.length] : undefined;
          if (op.kind === 'pay') {
            const fee = feeFor(op.amount, op.bps);
            book(postingsForPaid(op.amount, fee, 'CNY'));
            charges.push({
              amount: op.amount,
              fee,
              refunded: 0,
              feeRefunded: 0,
              unsettled: op.amount - fee,
              settled: false,
              canceled: false,
            });
          } else if (!c || c.canceled) {
          } else if (op.kind === 'settle' && !c.settled) {
            if (c.unsettled > 0) book(postingsForSettlement(c.unsettled, 'CNY'));
            c.unsettled = 0;
            c.settled = true;
          } else if (op.kind === 'refund') {
            const amount = Math.max(1, Math.floor((c.amount - c.refunded) * op.fraction));
            if (c.refunded + amount > c.amount) continue;
            const feeBack = feeRefundFor(c.amount, c.fee, c.refunded, amount);
            const split = splitRefundFunding(amount, c.unsettled, feeBack);
            book(postingsForRefund(amount, split.fromPending, split.fromAvailable, 'CNY', feeBack));
            c.unsettled -= split.fromPending;
            c.refunded += amount;
            c.feeRefunded += feeBack;
          } else if (op.kind === 'cancel' && !c.settled && c.refunded === 0) {
            book(postingsForCancel(c.amount, c.fee, 'CNY'));
            c.canceled = true;
          }
        }
        expect(isBalanced(journal)).toBe(true);
        const live = charges.filter((c) => !c.canceled);
        const sum = (f: (c: ModelCharge) => number) => live.reduce((acc, c) => acc + f(c), 0);
        const net = netByAccount(journal, 'CNY');
        expect(net.get('channel_receivable') ?? 0).toBe(sum((c) => c.amount - c.refunded));
        expect(0 - (net.get('fees') ?? 0)).toBe(sum((c) => c.fee - c.feeRefunded));
        expect(0 - (net.get('pending') ?? 0)).toBe(sum((c) => c.unsettled));
        expect(
          charges.every((c) => c.unsettled >= 0 && c.refunded <= c.amount && c.feeRefunded <= c.fee),
        ).toBe(true);
      }),
    );
  });
});
