import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChargeSnapshot, canCancel, canClose, canRefund, canVoid } from './charge-state.js';
import { at, charge, NEXT_DAY, SAME_DAY } from './charge-state-harness.js';
import { CHARGE_STATUSES, type ChargeStatus } from './statuses.js';

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
