import { describe, expect, it } from 'vitest';
import { InMemorySandboxOrderBook } from './order-book.js';

describe('InMemorySandboxOrderBook', () => {
  it('keeps the last action per charge', async () => {
    const book = new InMemorySandboxOrderBook();
    expect(await book.getBuyerAction('ch_1')).toBeUndefined();
    await book.setBuyerAction('ch_1', { kind: 'decline', at: 1, buyerId: 'b1' });
    await book.setBuyerAction('ch_1', { kind: 'pay', at: 2, buyerId: 'b2' });
    await book.setBuyerAction('ch_2', { kind: 'decline', at: 3, buyerId: 'b3' });
    expect(await book.getBuyerAction('ch_1')).toEqual({ kind: 'pay', at: 2, buyerId: 'b2' });
    expect(await book.getBuyerAction('ch_2')).toEqual({ kind: 'decline', at: 3, buyerId: 'b3' });
  });

  it('stores a copy, not the caller object', async () => {
    const book = new InMemorySandboxOrderBook();
    const action = { kind: 'pay' as const, at: 1, buyerId: 'b1' };
    await book.setBuyerAction('ch_1', action);
    action.at = 99;
    expect((await book.getBuyerAction('ch_1'))?.at).toBe(1);
  });
});
