import { describe, expect, it } from 'vitest';
import { applyCancelResult, applyPayResult, applyRefundResultToCharge } from './charge-state.js';
import { BIZ_RESULTS, type ChargeStatus } from './statuses.js';

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
