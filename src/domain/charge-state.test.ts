import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCancelResult,
  applyPayResult,
  applyRefundResultToCharge,
  assertTransition,
  CHARGE_TRANSITIONS,
  type ChargeSnapshot,
  canCancel,
  canClose,
  canRefund,
  canVoid,
  isChargeStatus,
  isFinal,
  isInDoubt,
  isTerminal,
  statusAfterRefund,
} from './charge-state.js';
import { BIZ_RESULTS, CHARGE_STATUSES, type ChargeStatus } from './statuses.js';

const at = (iso: string) => Date.parse(iso);
const CREATED_AT = at('2024-05-01T10:00:00+08:00');
const SAME_DAY = at('2024-05-01T23:59:59+08:00');
const NEXT_DAY = at('2024-05-02T00:00:00+08:00');

function charge(overrides: Partial<ChargeSnapshot> = {}): ChargeSnapshot {
  return {
    status: 'PAID',
    amount: 10_000,
    amountRefunded: 0,
    currency: 'CNY',
    subPayway: 'barcode',
    createdAt: CREATED_AT,
    paidAt: CREATED_AT + 60_000,
    settled: false,
    hasRefund: false,
    hasPendingRefund: false,
    ...overrides,
  };
}

// Written out independently of CHARGE_TRANSITIONS so that a change to the table must be made twice.
const ALLOWED = new Set([
  'CREATED>PAID',
  'CREATED>PAY_CANCELED',
  'CREATED>PAY_ERROR',
  'CREATED>CANCEL_INPROGRESS',
  'CREATED>CANCELED',
  'CREATED>CANCEL_ERROR',
  'CREATED>CLOSED',
  'PAID>PARTIAL_REFUNDED',
  'PAID>REFUNDED',
  'PAID>REFUND_ERROR',
  'PAID>CANCEL_INPROGRESS',
  'PAID>CANCELED',
  'PAID>CANCEL_ERROR',
  'PAID>VOIDED',
  'PAY_ERROR>PAY_CANCELED',
  'PAY_ERROR>CANCEL_INPROGRESS',
  'PAY_ERROR>CANCELED',
  'PAY_ERROR>CANCEL_ERROR',
  'PARTIAL_REFUNDED>REFUNDED',
  'PARTIAL_REFUNDED>REFUND_ERROR',
  'REFUND_ERROR>PAID',
  'REFUND_ERROR>PARTIAL_REFUNDED',
  'REFUND_ERROR>REFUNDED',
  'CANCEL_ERROR>CANCELED',
  'CANCEL_ERROR>PAID',
  'CANCEL_ERROR>PAY_CANCELED',
  'CANCEL_INPROGRESS>CANCELED',
  'CANCEL_INPROGRESS>CANCEL_ERROR',
  'CANCEL_INPROGRESS>PAID',
  'CANCEL_INPROGRESS>PAY_CANCELED',
]);

describe('transitions', () => {
  const pairs = CHARGE_STATUSES.flatMap((from) => CHARGE_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s', (from, to) => {
    const allowed = from === to || ALLOWED.has(`${from}>${to}`);
    const result = assertTransition(from, to);
    if (allowed) expect(result).toEqual({ ok: true, value: to });
    else expect(result).toMatchObject({ ok: false, code: 'charge_unexpected_status' });
  });

  it('the table lists exactly the allowed moves, with every status as a key', () => {
    const listed = Object.entries(CHARGE_TRANSITIONS).flatMap(([from, tos]) =>
      tos.map((to) => `${from}>${to}`),
    );
    expect(new Set(listed)).toEqual(ALLOWED);
    expect(Object.keys(CHARGE_TRANSITIONS).sort()).toEqual([...CHARGE_STATUSES].sort());
  });

  it('no charge becomes PAID except from CREATED or after an uncertain cancel/refund', () => {
    const intoPaid = [...ALLOWED].filter((p) => p.endsWith('>PAID')).map((p) => p.split('>')[0]);
    expect(intoPaid.sort()).toEqual(['CANCEL_ERROR', 'CANCEL_INPROGRESS', 'CREATED', 'REFUND_ERROR']);
  });

  it('classifies statuses', () => {
    expect(CHARGE_STATUSES.filter(isTerminal)).toEqual([
      'PAY_CANCELED',
      'REFUNDED',
      'CANCELED',
      'CLOSED',
      'VOIDED',
    ]);
    expect(CHARGE_STATUSES.filter(isFinal)).toEqual([
      'PAID',
      'PAY_CANCELED',
      'REFUNDED',
      'PARTIAL_REFUNDED',
      'CANCELED',
      'CLOSED',
      'VOIDED',
    ]);
    expect(CHARGE_STATUSES.filter(isInDoubt)).toEqual([
      'PAY_ERROR',
      'REFUND_ERROR',
      'CANCEL_ERROR',
      'CANCEL_INPROGRESS',
    ]);
    expect(isChargeStatus('PAID')).toBe(true);
    expect(isChargeStatus('INVALID_STATUS_CODE')).toBe(false);
  });
});

describe('canCancel', () => {
  it('reverses a paid charge on its day', () => {
    expect(canCancel(charge(), SAME_DAY)).toEqual({
      ok: true,
      value: { target: 'CANCELED', kind: 'reverse', expectedResult: 'CANCEL_SUCCESS' },
    });
  });

  it.each(['CREATED', 'PAY_ERROR'] as const)('aborts a %s payment', (status) => {
    expect(canCancel(charge({ status, paidAt: undefined }), SAME_DAY)).toEqual({
      ok: true,
      value: { target: 'CANCELED', kind: 'abort', expectedResult: 'CANCEL_ABORT_SUCCESS' },
    });
  });

  it.each<[string, Partial<ChargeSnapshot>, number, string]>([
    ['already canceled', { status: 'CANCELED' }, SAME_DAY, 'cancel_already_done'],
    ['closed', { status: 'CLOSED' }, SAME_DAY, 'charge_closed'],
    ['voided', { status: 'VOIDED' }, SAME_DAY, 'charge_closed'],
    ['cancel in progress', { status: 'CANCEL_INPROGRESS' }, SAME_DAY, 'cancel_not_allowed'],
    ['cancel error', { status: 'CANCEL_ERROR' }, SAME_DAY, 'cancel_not_allowed'],
    ['pay canceled', { status: 'PAY_CANCELED' }, SAME_DAY, 'cancel_not_allowed'],
    [
      'refunded',
      { status: 'REFUNDED', amountRefunded: 10_000, hasRefund: true },
      SAME_DAY,
      'cancel_not_allowed',
    ],
    [
      'partially refunded',
      { status: 'PARTIAL_REFUNDED', amountRefunded: 1, hasRefund: true },
      SAME_DAY,
      'cancel_not_allowed',
    ],
    ['refund error', { status: 'REFUND_ERROR', hasRefund: true }, SAME_DAY, 'cancel_not_allowed'],
    [
      'paid with a pending refund',
      { hasRefund: true, hasPendingRefund: true },
      SAME_DAY,
      'cancel_not_allowed',
    ],
    ['paid with a refund', { hasRefund: true }, SAME_DAY, 'cancel_not_allowed'],
    ['second cancel', { canceledOnce: true }, SAME_DAY, 'cancel_not_allowed'],
    ['second abort', { status: 'CREATED', canceledOnce: true }, SAME_DAY, 'cancel_not_allowed'],
    ['next day, paid', {}, NEXT_DAY, 'cancel_not_allowed'],
    ['next day, created', { status: 'CREATED' }, NEXT_DAY, 'cancel_not_allowed'],
  ])('refuses when %s', (_name, overrides, now, code) => {
    expect(canCancel(charge(overrides), now)).toMatchObject({ ok: false, code });
  });

  it('judges the day in the given zone', () => {
    // 10:00 Shanghai = 02:00 UTC; 23:00 UTC is still the same UTC day but the next Shanghai day.
    const late = at('2024-05-01T23:00:00Z');
    expect(canCancel(charge(), late).ok).toBe(false);
    expect(canCancel(charge(), late, 'UTC').ok).toBe(true);
  });
});

describe('canClose', () => {
  it('closes an unpaid charge on its day', () => {
    expect(canClose(charge({ status: 'CREATED', paidAt: undefined }), SAME_DAY)).toEqual({
      ok: true,
      value: { target: 'CLOSED' },
    });
  });

  it.each<[ChargeStatus, number, string]>([
    ['CREATED', NEXT_DAY, 'close_not_same_day'],
    ['PAID', SAME_DAY, 'close_refused_paid'],
    ['PARTIAL_REFUNDED', SAME_DAY, 'close_refused_paid'],
    ['REFUND_ERROR', SAME_DAY, 'close_refused_paid'],
    ['PAY_ERROR', SAME_DAY, 'charge_unexpected_status'],
    ['CANCEL_INPROGRESS', SAME_DAY, 'charge_unexpected_status'],
    ['CANCEL_ERROR', SAME_DAY, 'charge_unexpected_status'],
    ['PAY_CANCELED', SAME_DAY, 'charge_closed'],
    ['REFUNDED', SAME_DAY, 'charge_closed'],
    ['CANCELED', SAME_DAY, 'charge_closed'],
    ['CLOSED', SAME_DAY, 'charge_closed'],
    ['VOIDED', SAME_DAY, 'charge_closed'],
  ])('refuses %s at %d', (status, now, code) => {
    expect(canClose(charge({ status }), now)).toMatchObject({ ok: false, code });
  });
});

describe('canVoid', () => {
  it('voids a paid, unsettled charge on its payment day', () => {
    expect(canVoid(charge(), SAME_DAY)).toEqual({ ok: true, value: { target: 'VOIDED' } });
  });

  it('counts the day from paidAt', () => {
    const paidLate = charge({
      createdAt: at('2024-05-01T23:59:00+08:00'),
      paidAt: at('2024-05-02T00:00:10+08:00'),
    });
    expect(canVoid(paidLate, NEXT_DAY + 60_000).ok).toBe(true);
  });

  it.each<[string, Partial<ChargeSnapshot>, number, string]>([
    ['already voided', { status: 'VOIDED' }, SAME_DAY, 'void_already_done'],
    ['closed', { status: 'CLOSED' }, SAME_DAY, 'charge_closed'],
    ['created', { status: 'CREATED' }, SAME_DAY, 'void_not_success'],
    ['pay canceled', { status: 'PAY_CANCELED' }, SAME_DAY, 'void_not_success'],
    ['pay error', { status: 'PAY_ERROR' }, SAME_DAY, 'void_not_success'],
    ['canceled', { status: 'CANCELED' }, SAME_DAY, 'void_not_success'],
    [
      'refunded',
      { status: 'REFUNDED', hasRefund: true, amountRefunded: 10_000 },
      SAME_DAY,
      'void_not_success',
    ],
    [
      'partially refunded',
      { status: 'PARTIAL_REFUNDED', hasRefund: true, amountRefunded: 1 },
      SAME_DAY,
      'void_not_success',
    ],
    ['paid with a pending refund', { hasRefund: true, hasPendingRefund: true }, SAME_DAY, 'void_not_success'],
    ['settled', { settled: true }, SAME_DAY, 'void_settled'],
    ['next day', {}, NEXT_DAY, 'void_not_same_day'],
  ])('refuses when %s', (_name, overrides, now, code) => {
    expect(canVoid(charge(overrides), now)).toMatchObject({ ok: false, code });
  });
});

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

describe('applyPayResult', () => {
  it.each([
    ['PAY_SUCCESS', 'PAID'],
    ['PAY_FAIL', 'PAY_CANCELED'],
    ['PAY_IN_PROGRESS', 'CREATED'],
    ['PAY_FAIL_ERROR', 'PAY_ERROR'],
    ['PAY_FAIL_IN_PROGRESS', 'PAY_ERROR'],
    ['PRECREATE_SUCCESS', 'CREATED'],
    ['PRECREATE_FAIL', 'PAY_CANCELED'],
    ['PRECREATE_FAIL_ERROR', 'PAY_ERROR'],
    ['PRECREATE_FAIL_IN_PROGRESS', 'PAY_ERROR'],
  ] as const)('CREATED + %s → %s', (result, next) => {
    expect(applyPayResult('CREATED', result)).toEqual({ ok: true, value: next });
  });

  it('is idempotent for repeated answers and refuses contradictions', () => {
    expect(applyPayResult('PAID', 'PAY_SUCCESS')).toEqual({ ok: true, value: 'PAID' });
    expect(applyPayResult('PAID', 'PAY_FAIL')).toMatchObject({ ok: false, code: 'charge_unexpected_status' });
    expect(applyPayResult('PAID', 'PAY_IN_PROGRESS')).toMatchObject({ ok: false });
    expect(applyPayResult('CLOSED', 'PAY_SUCCESS')).toMatchObject({
      ok: false,
      code: 'charge_unexpected_status',
    });
    expect(applyPayResult('PAY_ERROR', 'PAY_SUCCESS')).toMatchObject({ ok: false });
  });

  it('refuses results of other operations', () => {
    const nonPay = BIZ_RESULTS.filter((r) => !r.startsWith('PAY_') && !r.startsWith('PRECREATE_'));
    for (const result of nonPay) {
      expect(applyPayResult('CREATED', result)).toMatchObject({
        ok: false,
        code: 'charge_unexpected_status',
      });
    }
  });
});

describe('applyCancelResult', () => {
  it.each([
    ['PAID', 'CANCEL_SUCCESS', 'CANCELED'],
    ['CREATED', 'CANCEL_ABORT_SUCCESS', 'CANCELED'],
    ['PAY_ERROR', 'CANCEL_ABORT_SUCCESS', 'CANCELED'],
    ['PAID', 'CANCEL_IN_PROGRESS', 'CANCEL_INPROGRESS'],
    ['CREATED', 'CANCEL_ABORT_IN_PROGRESS', 'CANCEL_INPROGRESS'],
    ['PAID', 'CANCEL_ERROR', 'CANCEL_ERROR'],
    ['CREATED', 'CANCEL_ABORT_ERROR', 'CANCEL_ERROR'],
    ['CANCEL_INPROGRESS', 'CANCEL_SUCCESS', 'CANCELED'],
    ['CANCEL_INPROGRESS', 'CANCEL_ERROR', 'CANCEL_ERROR'],
    ['CANCELED', 'CANCEL_SUCCESS', 'CANCELED'],
  ] as const)('%s + %s → %s', (from, result, next) => {
    expect(applyCancelResult(from, result)).toEqual({ ok: true, value: next });
  });

  it('refuses impossible moves and non-cancel results', () => {
    expect(applyCancelResult('REFUNDED', 'CANCEL_SUCCESS')).toMatchObject({
      code: 'charge_unexpected_status',
    });
    expect(applyCancelResult('CANCELED', 'CANCEL_IN_PROGRESS')).toMatchObject({ ok: false });
    expect(applyCancelResult('PAID', 'PAY_SUCCESS')).toMatchObject({ code: 'charge_unexpected_status' });
    expect(applyCancelResult('PAID', 'FAIL')).toMatchObject({ ok: false });
  });
});

describe('applyRefundResultToCharge', () => {
  it.each<[ChargeStatus, (typeof BIZ_RESULTS)[number], number, ChargeStatus]>([
    ['PAID', 'REFUND_SUCCESS', 4_000, 'PARTIAL_REFUNDED'],
    ['PAID', 'REFUND_SUCCESS', 10_000, 'REFUNDED'],
    ['PARTIAL_REFUNDED', 'REFUND_SUCCESS', 7_000, 'PARTIAL_REFUNDED'],
    ['PARTIAL_REFUNDED', 'REFUND_SUCCESS', 10_000, 'REFUNDED'],
    ['PAID', 'REFUND_IN_PROGRESS', 0, 'PAID'],
    ['PAID', 'REFUND_ERROR', 0, 'REFUND_ERROR'],
    ['REFUND_ERROR', 'REFUND_SUCCESS', 10_000, 'REFUNDED'],
    ['REFUND_ERROR', 'FAIL', 0, 'PAID'],
    ['REFUND_ERROR', 'FAIL', 3_000, 'PARTIAL_REFUNDED'],
    ['PAID', 'FAIL', 0, 'PAID'],
  ])('%s + %s (refunded %d) → %s', (from, result, refunded, next) => {
    expect(applyRefundResultToCharge(from, result, 10_000, refunded)).toEqual({ ok: true, value: next });
  });

  it('refuses impossible moves and non-refund results', () => {
    expect(applyRefundResultToCharge('CREATED', 'REFUND_SUCCESS', 100, 100)).toMatchObject({
      code: 'charge_unexpected_status',
    });
    expect(applyRefundResultToCharge('PAID', 'PAY_SUCCESS', 100, 0)).toMatchObject({
      code: 'charge_unexpected_status',
    });
  });
});

describe('refusal details in Chinese', () => {
  // An operator reading Chinese gets the whole sentence in Chinese: no run of English words, and the
  // figures and statuses of the English sentence still there.
  const ENGLISH_SENTENCE = /[A-Za-z]{2,}\s+[A-Za-z]{2,}/;
  it('every cancel, close, void and refund refusal has a Chinese detail', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CHARGE_STATUSES),
        fc.record({
          amountRefunded: fc.integer({ min: 0, max: 10_000 }),
          settled: fc.boolean(),
          hasRefund: fc.boolean(),
          hasPendingRefund: fc.boolean(),
          canceledOnce: fc.boolean(),
        }),
        fc.integer({ min: -1, max: 20_000 }),
        fc.constantFrom(SAME_DAY, NEXT_DAY, at('2024-09-01T00:00:00+08:00')),
        fc.record({ allowPartial: fc.boolean(), allowFull: fc.boolean() }),
        (status, facts, amount, now, policy) => {
          const snapshot = charge({ status, ...facts });
          for (const result of [
            canCancel(snapshot, now),
            canClose(snapshot, now),
            canVoid(snapshot, now),
            canRefund(snapshot, amount, now, undefined, policy),
          ]) {
            if (result.ok) continue;
            expect(result.messageZh, result.message).toMatch(/[\u4e00-\u9fff]/);
            expect(result.messageZh).not.toMatch(ENGLISH_SENTENCE);
            for (const figure of result.message.match(/\d+/g) ?? [])
              expect(result.messageZh).toContain(figure);
          }
        },
      ),
    );
  });
});
