/** PayCools v1 Open API paths (reference §2; only /api/v1/payout and /api/v1/payment are confirmed). */
export const PAYCOOLS_PATHS = {
  payout: '/api/v1/payout',
  payoutQuery: '/api/v1/payout/query',
  payment: '/api/v1/payment',
  paymentQuery: '/api/v1/payment/query',
  refund: '/api/v1/refund',
  refundQuery: '/api/v1/refund/query',
  void: '/api/v1/void',
  balance: '/api/v1/balance',
} as const;

/** The merchant's answer that stops callback retries. */
export const PAYCOOLS_CALLBACK_ACK = { code: 1, msg: 'success', data: {} } as const;

/** Collection channels: e-wallet pay-ins by checkout URL, QR Ph, and a bank virtual account. */
export const PAYCOOLS_COLLECTION_CHANNELS = [
  'GCASH_URL',
  'PAYMAYA_URL',
  'QRPH_DYNAMIC_QR',
  'BANK_VA',
] as const;

/** Payout destinations the bank and e-wallet lists hold (v1 PH). */
export const PAYCOOLS_BANK_CODES = ['BDO', 'BPI', 'MBTC', 'UBP', 'LBP', 'SECB', 'RCBC', 'PNB'] as const;
export const PAYCOOLS_EWALLET_CODES = ['GCASH', 'PAYMAYA', 'JT', 'GRABPAY', 'SHOPEEPAY'] as const;

/** Payout amount limits, cents (v1/JT: 100–500,000,000). */
export const PAYOUT_MIN = 100;
export const PAYOUT_MAX = 500_000_000;
/** Collection amount limits, cents [I]. */
export const COLLECTION_MIN = 100;
export const COLLECTION_MAX = 50_000_000;
