import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChargeSnapshot, canRefund, statusAfterRefund } from './charge-state.js';
import { at, charge, SAME_DAY } from './charge-state-harness.js';

describe('canRefund', () => {
  it('allows partial then final refunds up to the amount', () => {
    expect(canRefund(charge(), 4_000, SAME_DAY)).toEqual({
      ok: true,
      value: { refundable: 10_000, full: false, statusOnSuccess: 'PARTIAL_REFUNDED' },
    });
    const partly = charge({ status: 'PARTIAL_REFUNDED', amountRefunded: 4_000, hasRefund: true });
    expect(canRefund(partly, 6_000, SAME_DAY)).toEqual({
      ok: true,
      value: { refundable: 6_000, full: false, statusOnSuccess: 'REFUNDED' },
    });
    expect(canRefund(partly, 6_001, SAME_DAY)).toMatchObject({
      ok: false,
      code: 'refund_amount_exceeded',
      param: 'amount',
    });
  });

  it('a single refund of the whole amount is full', () => {
    expect(canRefund(charge(), 10_000, SAME_DAY)).toEqual({
      ok: true,
      value: { refundable: 10_000, full: true, statusOnSuccess: 'REFUNDED' },
    });
  });

  it('applies the window in local calendar days from payment', () => {
    const day60 = at('2024-06-30T23:59:59+08:00'); // 2024-05-01 + 60 days
    const day61 = at('2024-07-01T00:00:00+08:00');
    expect(canRefund(charge(), 1, day60).ok).toBe(true);
    expect(canRefund(charge(), 1, day61)).toMatchObject({ ok: false, code: 'refund_window_expired' });
    expect(canRefund(charge(), 1, day61, 'Asia/Shanghai', { windowDays: 92 }).ok).toBe(true);
  });

  it('honours partial/full support', () => {
    expect(canRefund(charge(), 1, SAME_DAY, undefined, { allowPartial: false })).toMatchObject({
      code: 'partial_refund_not_supported',
    });
    expect(canRefund(charge(), 10_000, SAME_DAY, undefined, { allowPartial: false }).ok).toBe(true);
    expect(canRefund(charge(), 10_000, SAME_DAY, undefined, { allowFull: false })).toMatchObject({
      code: 'full_refund_not_supported',
    });
    expect(canRefund(charge(), 9_999, SAME_DAY, undefined, { allowFull: false }).ok).toBe(true);
  });

  it.each<[string, Partial<ChargeSnapshot>, number, string]>([
    ['amount zero', {}, 0, 'invalid_amount'],
    ['amount fractional', {}, 1.5, 'invalid_amount'],
    ['over the charge', {}, 10_001, 'refund_amount_exceeded'],
    ['pending refund', { hasRefund: true, hasPendingRefund: true }, 1, 'refund_pending_exists'],
    ['refund in doubt', { status: 'REFUND_ERROR', hasRefund: true }, 1, 'refund_pending_exists'],
    ['closed', { status: 'CLOSED' }, 1, 'charge_closed'],
    ['voided', { status: 'VOIDED' }, 1, 'charge_closed'],
    ['created', { status: 'CREATED' }, 1, 'refund_not_allowed'],
    ['pay canceled', { status: 'PAY_CANCELED' }, 1, 'refund_not_allowed'],
    ['pay error', { status: 'PAY_ERROR' }, 1, 'refund_not_allowed'],
    ['canceled', { status: 'CANCELED' }, 1, 'refund_not_allowed'],
    ['cancel in progress', { status: 'CANCEL_INPROGRESS' }, 1, 'refund_not_allowed'],
    ['cancel error', { status: 'CANCEL_ERROR' }, 1, 'refund_not_allowed'],
    [
      'fully refunded',
      { status: 'REFUNDED', amountRefunded: 10_000, hasRefund: true },
      1,
      'refund_not_allowed',
    ],
  ])('refuses when %s', (_name, overrides, amount, code) => {
    expect(canRefund(charge(overrides), amount, SAME_DAY)).toMatchObject({ ok: false, code });
  });

  it('never lets cumulative refunds exceed the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: -5, max: 1_000_000 }), { maxLength: 30 }),
        (amount, attempts) => {
          let snapshot = charge({ amount });
          for (const attempt of attempts) {
            const plan = canRefund(snapshot, attempt, SAME_DAY);
            if (!plan.ok) continue;
            const refunded = snapshot.amountRefunded + attempt;
            expect(plan.value.statusOnSuccess).toBe(statusAfterRefund(amount, refunded));
            snapshot = {
              ...snapshot,
              status: plan.value.statusOnSuccess,
              amountRefunded: refunded,
              hasRefund: true,
            };
          }
          expect(snapshot.amountRefunded).toBeLessThanOrEqual(amount);
        },
      ),
    );
  });
});

describe('statusAfterRefund', () => {
  it('is REFUNDED once everything is refunded', () => {
    expect(statusAfterRefund(100, 1)).toBe('PARTIAL_REFUNDED');
    expect(statusAfterRefund(100, 99)).toBe('PARTIAL_REFUNDED');
    expect(statusAfterRefund(100, 100)).toBe('REFUNDED');
  });
});
