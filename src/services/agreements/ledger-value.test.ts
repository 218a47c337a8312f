import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ledgerValueOf, refundLedgerShare } from './ledger-value.js';

describe('what the ledger books for agreement amounts', () => {
  it('books fiat as is, crypto at its USD value, and nothing it cannot hold', () => {
    expect(ledgerValueOf(5000n, 'USD', 'FIAT')).toEqual({ amount: 5000, currency: 'USD' });
    expect(ledgerValueOf(12n * 10n ** 17n, 'ETH', 'CRYPTO')).toEqual({ amount: 360_000, currency: 'USD' });
    expect(ledgerValueOf(2n ** 53n, 'USD', 'FIAT')).toBeUndefined();
    expect(ledgerValueOf(10n ** 31n, 'ETH', 'CRYPTO')).toBeUndefined();
  });

  it('gives back exactly what was booked over any split of a full refund', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 2n ** 53n, max: 10n ** 27n }),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 27n }), { minLength: 1, maxLength: 8 }),
        (total, cuts) => {
          const booked = Number((total * 300_000n) / 10n ** 18n);
          const taken = { amount: 0n, ledger: 0 };
          for (const cut of cuts) {
            const left = total - taken.amount;
            if (left === 0n) break;
            const amount = ((cut - 1n) % left) + 1n;
            const share = refundLedgerShare(booked, total, amount, taken);
            expect(share).toBeGreaterThanOrEqual(0);
            taken.amount += amount;
            taken.ledger += share;
          }
          const last = total - taken.amount;
          if (last > 0n) taken.ledger += refundLedgerShare(booked, total, last, taken);
          expect(taken.ledger).toBe(booked);
        },
      ),
    );
  });
});
