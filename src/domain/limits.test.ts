import { describe, expect, it } from 'vitest';
import {
  checkBuyerLimits,
  checkMerchantActive,
  checkSellerDailyLimit,
  checkStoreDailyLimit,
  checkTerminal,
} from './limits.js';

const OK = { ok: true, value: undefined };

describe('checkBuyerLimits', () => {
  it('passes without limits', () => {
    expect(checkBuyerLimits({ amount: 10 ** 12, buyerPaidToday: 10 ** 12 })).toEqual(OK);
  });

  it('enforces the per-charge limit inclusively', () => {
    expect(checkBuyerLimits({ amount: 500, perChargeLimit: 500, buyerPaidToday: 0 })).toEqual(OK);
    expect(checkBuyerLimits({ amount: 501, perChargeLimit: 500, buyerPaidToday: 0 })).toMatchObject({
      ok: false,
      code: 'buyer_over_transaction_limit',
      param: 'amount',
    });
  });

  it('enforces the daily limit on the running total', () => {
    expect(checkBuyerLimits({ amount: 300, dailyLimit: 1000, buyerPaidToday: 700 })).toEqual(OK);
    expect(checkBuyerLimits({ amount: 301, dailyLimit: 1000, buyerPaidToday: 700 })).toMatchObject({
      code: 'buyer_over_daily_limit',
    });
  });

  it('reports the per-charge limit first', () => {
    expect(
      checkBuyerLimits({ amount: 600, perChargeLimit: 500, dailyLimit: 100, buyerPaidToday: 0 }),
    ).toMatchObject({ code: 'buyer_over_transaction_limit' });
  });
});

describe('seller and store daily limits', () => {
  it.each([
    [checkSellerDailyLimit, 'seller_over_daily_limit'],
    [checkStoreDailyLimit, 'store_over_daily_limit'],
  ] as const)('%o refuses with %s', (check, code) => {
    expect(check({ amount: 1, paidToday: 999 })).toEqual(OK);
    expect(check({ amount: 1, dailyLimit: 1000, paidToday: 999 })).toEqual(OK);
    expect(check({ amount: 2, dailyLimit: 1000, paidToday: 999 })).toMatchObject({ ok: false, code });
  });
});

describe('checkMerchantActive', () => {
  it('accepts only active merchants', () => {
    expect(checkMerchantActive('active')).toEqual(OK);
    expect(checkMerchantActive('disabled')).toMatchObject({ ok: false, code: 'merchant_disabled' });
  });
});

describe('checkTerminal', () => {
  it.each([
    [{ exists: false }, 'terminal_not_found'],
    [{ exists: true, status: 'inactive' }, 'terminal_not_activated'],
    [{ exists: true, status: 'disabled' }, 'terminal_not_activated'],
    [{ exists: true }, 'terminal_not_activated'],
  ] as const)('%j → %s', (input, code) => {
    expect(checkTerminal(input)).toMatchObject({ ok: false, code, param: 'terminal_sn' });
  });

  it('accepts an active terminal', () => {
    expect(checkTerminal({ exists: true, status: 'active' })).toEqual(OK);
  });
});
