import type { ChargeSnapshot } from './charge-state.js';

/** The charge-state tests' sample: a paid barcode charge of 100.00 CNY on 1 May 2024 in Shanghai. */
export const at = (iso: string) => Date.parse(iso);
export const CREATED_AT = at('2024-05-01T10:00:00+08:00');
export const SAME_DAY = at('2024-05-01T23:59:59+08:00');
export const NEXT_DAY = at('2024-05-02T00:00:00+08:00');

/** The sample charge, with the fields a test changes. */
export function charge(overrides: Partial<ChargeSnapshot> = {}): ChargeSnapshot {
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
