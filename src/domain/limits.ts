import { ok, type Result, refuse } from './refusal.js';

/**
 * Pre-flight checks before a charge reaches a channel, so a request that the channel would refuse
 * (Shouqianba BUYER_OVER_*, SELLER_OVER_DAILY_LIMIT, UPAY_STORE_OVER_DAILY_LIMIT, terminal status codes)
 * is refused the same way locally. A limit left undefined means "no limit". Daily totals are the caller's
 * sums over the local day (see calendar.localDayBounds), excluding the charge being checked.
 */

export interface BuyerLimitInput {
  readonly amount: number;
  readonly perChargeLimit?: number;
  readonly dailyLimit?: number;
  readonly buyerPaidToday: number;
}

export function checkBuyerLimits(input: BuyerLimitInput): Result {
  const { amount, perChargeLimit, dailyLimit, buyerPaidToday } = input;
  if (perChargeLimit !== undefined && amount > perChargeLimit) {
    return refuse(
      'buyer_over_transaction_limit',
      {
        en: `the buyer can pay at most ${perChargeLimit} per charge`,
        zh: `买家单笔最多可付 ${perChargeLimit}`,
      },
      'amount',
    );
  }
  if (dailyLimit !== undefined && buyerPaidToday + amount > dailyLimit) {
    return refuse(
      'buyer_over_daily_limit',
      { en: "the charge would exceed the buyer's daily limit", zh: '本笔将超过买家的单日限额' },
      'amount',
    );
  }
  return ok();
}

export interface DailyLimitInput {
  readonly amount: number;
  readonly dailyLimit?: number;
  readonly paidToday: number;
}

export function checkSellerDailyLimit(input: DailyLimitInput): Result {
  if (overDaily(input)) {
    return refuse('seller_over_daily_limit', {
      en: "the charge would exceed the merchant's daily collection limit",
      zh: '本笔将超过商户的单日收款限额',
    });
  }
  return ok();
}

export function checkStoreDailyLimit(input: DailyLimitInput): Result {
  if (overDaily(input)) {
    return refuse('store_over_daily_limit', {
      en: "the charge would exceed the store's daily collection limit",
      zh: '本笔将超过门店的单日收款限额',
    });
  }
  return ok();
}

function overDaily({ amount, dailyLimit, paidToday }: DailyLimitInput): boolean {
  return dailyLimit !== undefined && paidToday + amount > dailyLimit;
}

export const MERCHANT_STATUSES = ['active', 'disabled'] as const;
export type MerchantStatus = (typeof MERCHANT_STATUSES)[number];

export function checkMerchantActive(status: MerchantStatus): Result {
  return status === 'active'
    ? ok()
    : refuse('merchant_disabled', { en: 'the merchant is disabled', zh: '商户已停用' });
}

/** Shouqianba's terminal lifecycle: activated once with a code, may be disabled later. */
export const TERMINAL_STATUSES = ['inactive', 'active', 'disabled'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export interface TerminalInput {
  readonly exists: boolean;
  readonly status?: TerminalStatus;
}

export function checkTerminal({ exists, status }: TerminalInput): Result {
  if (!exists)
    return refuse('terminal_not_found', { en: 'no such terminal', zh: '终端不存在' }, 'terminal_sn');
  // Shouqianba folds "not activated" and "disabled" into one code (UPAY_TERMINAL_STATUS_ABNORMAL).
  if (status === 'disabled')
    return refuse(
      'terminal_not_activated',
      { en: 'the terminal is disabled', zh: '终端已停用' },
      'terminal_sn',
    );
  if (status !== 'active')
    return refuse(
      'terminal_not_activated',
      { en: 'the terminal is not activated', zh: '终端未激活' },
      'terminal_sn',
    );
  return ok();
}
