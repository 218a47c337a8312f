/**
 * The emulated merchant's rules: upay's time limits, the merchant's payment limits and wallet contracts
 * (seed 001, SQB-DOC), and the payways upay knows.
 */

export const SHANGHAI = 'Asia/Shanghai';
/** A QR code can be paid for about 4 minutes, then upay cancels the order (precreate.md FAQ 1). */
export const QR_VALIDITY_MS = 240_000;
/** A wallet barcode refreshes about every minute; after that the wallet calls it expired. */
export const BARCODE_VALIDITY_MS = 60_000;
/** Refunds are possible for three months after payment (refund.md FAQ 2); taken as 90 days. */
export const REFUND_WINDOW_DAYS = 90;
/** An uncertain refund (REFUND_ERROR) is settled by Shouqianba: the money reaches the buyer this much later. */
export const REFUND_ERROR_SETTLE_MS = 60_000;
/** An activation code is valid for 7 days (activate.md FAQ 2). */
export const ACTIVATION_CODE_VALIDITY_MS = 7 * 86_400_000;
export const ACTIVATION_CODE_USES = 10;

export interface UpayLimits {
  /** Most one buyer's wallet pays in one payment (BUYER_OVER_TRANSACTION_LIMIT). */
  buyerPerTransaction: number;
  /** Most one buyer's wallet pays per day (BUYER_OVER_DAILY_LIMIT). */
  buyerDaily: number;
  /** Most the merchant's account at one wallet collects per day (SELLER_OVER_DAILY_LIMIT). */
  sellerDaily: number;
  /** Most the store collects per day at Shouqianba, all wallets together (UPAY_STORE_OVER_DAILY_LIMIT). */
  storeDaily: number;
}

export const DEFAULT_LIMITS: UpayLimits = {
  buyerPerTransaction: 500_000,
  buyerDaily: 2_000_000,
  sellerDaily: 20_000_000,
  storeDaily: 50_000_000,
};

/** What the back office can change at any time (`/_emulator/config`): read afresh by every call. */
export interface MerchantTerms {
  readonly limits: UpayLimits;
  readonly contractedPayways: ReadonlySet<string>;
}

/** Wallets the emulated merchant has a contract for; 5 (JD) and 6 (QQ) answer UNEXPECTED_PROVIDER_ERROR. */
export const DEFAULT_CONTRACTED_PAYWAYS: readonly string[] = ['1', '3', '4'];
/** Baifubao refunds only whole orders (REFUND_AMT_NOT_EQUAL_TOTAL otherwise). */
export const FULL_REFUND_ONLY_PAYWAYS = new Set(['4']);
/** Payway codes upay knows (seed 001 plus 2, which the docs use as Alipay too). */
export const KNOWN_PAYWAYS = new Set(['1', '2', '3', '4', '5', '6']);
