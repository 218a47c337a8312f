import { describe, expect, it } from 'vitest';
import {
  applyRefundResult,
  assertRefundTransition,
  isFinalRefund,
  isRefundStatus,
  REFUND_TRANSITIONS,
} from './refund-state.js';
import { BIZ_RESULTS, REFUND_STATUSES } from './statuses.js';

const ALLOWED = new Set([
  'PENDING>SUCCEEDED',
  'PENDING>FAILED',
  'PENDING>REFUND_ERROR',
  'REFUND_ERROR>SUCCEEDED',
  'REFUND_ERROR>FAILED',
]);

describe('refund transitions', () => {
  const pairs = REFUND_STATUSES.flatMap((from) => REFUND_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s', (from, to) => {
    const result = assertRefundTransition(from, to);
    if (from === to || ALLOWED.has(`${from}>${to}`)) expect(result).toEqual({ ok: true, value: to });
    else expect(result).toMatchObject({ ok: false, code: 'charge_unexpected_status' });
  });

  it('the table matches', () => {
    const listed = Object.entries(REFUND_TRANSITIONS).flatMap(([from, tos]) =>
      tos.map((to) => `${from}>${to}`),
    );
    expect(new Set(listed)).toEqual(ALLOWED);
  });

  it('knows final statuses', () => {
    expect(REFUND_STATUSES.filter(isFinalRefund)).toEqual(['SUCCEEDED', 'FAILED']);
    expect(isRefundStatus('PENDING')).toBe(true);
    expect(isRefundStatus('COMPLETE')).toBe(false);
  });
});

describe('applyRefundResult', () => {
  it.each([
    ['REFUND_SUCCESS', 'SUCCEEDED'],
    ['REFUND_IN_PROGRESS', 'PENDING'],
    ['REFUND_ERROR', 'REFUND_ERROR'],
    ['FAIL', 'FAILED'],
  ] as const)('%s → %s', (result, status) => {
    expect(applyRefundResult(result)).toEqual({ ok: true, value: status });
    expect(applyRefundResult(result, 'PENDING')).toEqual({ ok: true, value: status });
  });

  it('checks the move when the current status is given', () => {
    expect(applyRefundResult('REFUND_SUCCESS', 'REFUND_ERROR')).toEqual({ ok: true, value: 'SUCCEEDED' });
    expect(applyRefundResult('REFUND_IN_PROGRESS', 'SUCCEEDED')).toMatchObject({ ok: false });
    expect(applyRefundResult('FAIL', 'SUCCEEDED')).toMatchObject({ code: 'charge_unexpected_status' });
  });

  it('refuses results of other operations', () => {
    const others = BIZ_RESULTS.filter((r) => !r.startsWith('REFUND_') && r !== 'FAIL');
    for (const result of others) expect(applyRefundResult(result)).toMatchObject({ ok: false });
  });
});
