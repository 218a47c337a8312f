import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isBalanced,
  netByAccount,
  postingsForPayoutHold,
  postingsForPayoutReleased,
  postingsForPayoutReturned,
  postingsForPayoutSent,
} from './ledger-rules.js';

describe('payout postings', () => {
  it('hold takes from available into payout_hold', () => {
    expect(postingsForPayoutHold(500, 'PHP')).toEqual([
      { account: 'available', amount: 500, currency: 'PHP' },
      { account: 'payout_hold', amount: -500, currency: 'PHP' },
    ]);
  });

  it('hold then release leaves every account as it was; hold then send takes it from the channel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), (amount) => {
        const released = [
          ...postingsForPayoutHold(amount, 'PHP'),
          ...postingsForPayoutReleased(amount, 'PHP'),
        ];
        expect(isBalanced(released)).toBe(true);
        expect([...netByAccount(released, 'PHP').values()].every((v) => Number(v) === 0)).toBe(true);
        const sent = [...postingsForPayoutHold(amount, 'PHP'), ...postingsForPayoutSent(amount, 'PHP')];
        expect(isBalanced(sent)).toBe(true);
        const returned = [...sent, ...postingsForPayoutReturned(amount, 'PHP')];
        expect([...netByAccount(returned, 'PHP').values()].every((v) => Number(v) === 0)).toBe(true);
      }),
    );
  });

  it('refuses amounts that are not positive integers', () => {
    expect(() => postingsForPayoutHold(0, 'PHP')).toThrow(RangeError);
    expect(() => postingsForPayoutSent(1.5, 'PHP')).toThrow(RangeError);
  });
});
