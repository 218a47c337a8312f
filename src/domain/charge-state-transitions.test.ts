import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  CHARGE_TRANSITIONS,
  isChargeStatus,
  isFinal,
  isInDoubt,
  isTerminal,
} from './charge-state.js';
import { CHARGE_STATUSES } from './statuses.js';

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
