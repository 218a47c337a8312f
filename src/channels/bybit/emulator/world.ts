import { randomBytes } from 'node:crypto';

/**
 * The merchants, API keys, buyers and agreement templates the emulator knows. One main merchant gets
 * fresh credentials per emulator; the fixed special keys and users below exist so that every seed-003
 * code about configuration (a key without Pay permission, an IP whitelist, a merchant without settlement
 * configuration…) has a request that produces it.
 */

export interface ApiKey {
  readonly apiKey: string;
  /** Absent: the key exists but no Bybit Pay key is configured for it (KEY_NOT_FOUND). */
  readonly apiSecret?: string;
  readonly merchantId: string;
  /** The key lacks the Bybit Pay permission (FORBIDDEN). */
  readonly noPayPermission?: boolean;
  /** IPs allowed to use the key; absent: any. */
  readonly ipWhitelist?: readonly string[];
}

export interface Merchant {
  readonly merchantId: string;
  /** `currency:chain` pairs the merchant can settle to (dynamic settlement by chain_address needs one). */
  readonly settlement: ReadonlySet<string>;
  /** Merchant-wide daily deduction quota in USD cents (EXCEED_MERCHANT_QUOTA_LIMIT). */
  readonly dailyQuotaUsdCents: bigint;
  /** The deprecated scene-code check, still enforced for this merchant (SCENE_CODE_MISMATCH). */
  readonly strictSceneCode?: boolean;
}

export interface Template {
  readonly productCode: string;
  /** The largest single and period limit a buyer may agree to, in USD cents (USER_LIMIT_EXCEED_MERCHANT). */
  readonly maxLimitUsdCents: bigint;
}

export interface Buyer {
  readonly userId: string;
  readonly name: string;
  /** Balances in minimum units by crypto. */
  readonly balances: Map<string, bigint>;
  /** The buyer's own cap on auto-debits per day, in USD cents, across merchants (QUOTA_EXCEEDED). */
  readonly dailyAutoDebitCapUsdCents: bigint;
}

export const SPECIAL_KEYS = {
  /** A second merchant, for MERCHANT_ID_MISMATCH. */
  other: 'BPOTHERMERCHANT01',
  /** Strict scene-code checking. */
  strict: 'BPSTRICTSCENE0001',
  /** A merchant with a small merchant-wide quota. */
  lowQuota: 'BPLOWQUOTA0000001',
  /** A key with no Bybit Pay permission. */
  noPermission: 'BPNOPERMISSION001',
  /** A key usable from 203.0.113.7 only. */
  ipRestricted: 'BPIPRESTRICTED001',
  /** A key with no Bybit Pay key configured. */
  unconfigured: 'BPUNCONFIGURED001',
} as const;

export const MAIN_MERCHANT_ID = '300100200';

export const TEMPLATES: readonly Template[] = [
  { productCode: 'BYBIT_RECURRING_STANDARD', maxLimitUsdCents: 1_000_000n },
  { productCode: 'BYBIT_RECURRING_MICRO', maxLimitUsdCents: 10_000n },
];

export const BUYERS = {
  /** Plenty of balance. */
  rich: 'U10001',
  /** 1 USDT only. */
  poor: 'U10002',
  /** A 20 USD daily auto-debit cap. */
  capped: 'U10003',
} as const;

export interface World {
  readonly keys: Map<string, ApiKey>;
  readonly merchants: Map<string, Merchant>;
  readonly buyers: Map<string, Buyer>;
  readonly main: ApiKey & { apiSecret: string };
}

/** A secret derived from the main one, so that tests can sign as a special key. */
export function specialSecret(mainSecret: string, apiKey: string): string {
  return `${mainSecret.slice(0, 16)}${apiKey.toLowerCase()}`.slice(0, 40);
}

export function createWorld(options: { apiKey?: string; apiSecret?: string } = {}): World {
  const apiKey = options.apiKey ?? `BP${randomBytes(8).toString('hex').toUpperCase()}`;
  const apiSecret = options.apiSecret ?? randomBytes(18).toString('hex');
  const settlement = new Set(['USDT:TRC20', 'USDT:ERC20', 'USDC:ERC20']);
  const merchants = new Map<string, Merchant>();
  const addMerchant = (m: Merchant) => merchants.set(m.merchantId, m);
  addMerchant({ merchantId: MAIN_MERCHANT_ID, settlement, dailyQuotaUsdCents: 100_000_000n });
  addMerchant({ merchantId: '300100201', settlement, dailyQuotaUsdCents: 100_000_000n });
  addMerchant({
    merchantId: '300100202',
    settlement,
    dailyQuotaUsdCents: 100_000_000n,
    strictSceneCode: true,
  });
  addMerchant({ merchantId: '300100203', settlement, dailyQuotaUsdCents: 5_000n });

  const main = { apiKey, apiSecret, merchantId: MAIN_MERCHANT_ID };
  const keys = new Map<string, ApiKey>([[apiKey, main]]);
  const special = (key: string, merchantId: string, extra: Partial<ApiKey> = {}) =>
    keys.set(key, { apiKey: key, apiSecret: specialSecret(apiSecret, key), merchantId, ...extra });
  special(SPECIAL_KEYS.other, '300100201');
  special(SPECIAL_KEYS.strict, '300100202');
  special(SPECIAL_KEYS.lowQuota, '300100203');
  special(SPECIAL_KEYS.noPermission, MAIN_MERCHANT_ID, { noPayPermission: true });
  special(SPECIAL_KEYS.ipRestricted, MAIN_MERCHANT_ID, { ipWhitelist: ['203.0.113.7'] });
  keys.set(SPECIAL_KEYS.unconfigured, { apiKey: SPECIAL_KEYS.unconfigured, merchantId: MAIN_MERCHANT_ID });

  const buyers = new Map<string, Buyer>();
  const buyer = (userId: string, name: string, usdt: bigint, cap: bigint) =>
    buyers.set(userId, {
      userId,
      name,
      balances: new Map([
        ['USDT', usdt],
        ['USDC', usdt],
        ['BTC', 10n ** 8n],
        ['ETH', 10n ** 19n],
      ]),
      dailyAutoDebitCapUsdCents: cap,
    });
  buyer(BUYERS.rich, 'Ada (plenty of balance)', 1_000_000_000_000n, 100_000_000n);
  buyer(BUYERS.poor, 'Bo (1 USDT)', 1_000_000n, 100_000_000n);
  buyer(BUYERS.capped, 'Cy (20 USD daily auto-debit cap)', 1_000_000_000_000n, 2_000n);
  return { keys, merchants, buyers, main };
}
