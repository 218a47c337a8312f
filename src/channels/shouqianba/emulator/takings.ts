import { localDate } from '../../../domain/calendar.js';
import { checkBuyerLimits, checkSellerDailyLimit, checkStoreDailyLimit } from '../../../domain/limits.js';
import { SHANGHAI, type UpayLimits } from './rules.js';

/** The store's money per local day: the payment totals the daily limits read, the balance refunds draw on. */
export class Takings {
  /** Payments per local day: `day`, `day|buyer|<key>`, `day|payway|<code>` → fen (for the daily limits). */
  readonly #paidTotals = new Map<string, number>();
  /** The store's unsettled balance per local day: takings less reversals and refunds made that day. */
  readonly #balance = new Map<string, number>();

  /** Money came in: counted for the day's limits and added to the day's balance. */
  addPayment(buyerKey: string, payway: string, amount: number, at: number): void {
    const day = localDate(at, SHANGHAI);
    for (const key of [day, `${day}|buyer|${buyerKey}`, `${day}|payway|${payway}`])
      this.#paidTotals.set(key, (this.#paidTotals.get(key) ?? 0) + amount);
    this.addBalance(at, amount);
  }

  /**
   * The store's unsettled balance: today's takings less today's reversals and refunds. Earlier days have
   * been settled to the merchant's bank account, so refunds of old orders draw on today's takings.
   */
  balance(now: number): number {
    return this.#balance.get(localDate(now, SHANGHAI)) ?? 0;
  }

  addBalance(at: number, amount: number): void {
    const day = localDate(at, SHANGHAI);
    this.#balance.set(day, (this.#balance.get(day) ?? 0) + amount);
  }

  /** Whether `amount` more would take the store past its daily limit (UPAY_STORE_OVER_DAILY_LIMIT). */
  overStoreLimit(amount: number, now: number, limits: UpayLimits): boolean {
    const store = checkStoreDailyLimit({
      amount,
      dailyLimit: limits.storeDaily,
      paidToday: this.#paidTotals.get(localDate(now, SHANGHAI)) ?? 0,
    });
    return !store.ok;
  }

  /** The wallet's refusal for the buyer's or the merchant account's limits, if any. */
  limitRefusal(
    buyerKey: string,
    payway: string,
    amount: number,
    now: number,
    limits: UpayLimits,
  ): string | undefined {
    const buyerCheck = checkBuyerLimits({
      amount,
      perChargeLimit: limits.buyerPerTransaction,
      dailyLimit: limits.buyerDaily,
      buyerPaidToday: this.#paidTotals.get(`${localDate(now, SHANGHAI)}|buyer|${buyerKey}`) ?? 0,
    });
    if (!buyerCheck.ok)
      return buyerCheck.code === 'buyer_over_transaction_limit'
        ? 'BUYER_OVER_TRANSACTION_LIMIT'
        : 'BUYER_OVER_DAILY_LIMIT';
    const seller = checkSellerDailyLimit({
      amount,
      dailyLimit: limits.sellerDaily,
      paidToday: this.#paidTotals.get(`${localDate(now, SHANGHAI)}|payway|${payway}`) ?? 0,
    });
    return seller.ok ? undefined : 'SELLER_OVER_DAILY_LIMIT';
  }
}
