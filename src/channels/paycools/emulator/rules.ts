import { PAYCOOLS_ERROR_CODES } from '../codes.js';

/**
 * The emulator's world: facts of the channels behind PayCools that decide the seed's codes (README,
 * "Behaviours"). Times are Manila time (UTC+8), where PayCools settles and banks keep their hours.
 */

export const MANILA_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
/** Requests carry a ms `timestamp`; outside ±5 min of the emulator clock → 21009 [I]. */
export const TIMESTAMP_WINDOW_MS = 5 * 60_000;
/** A payout is executed by the channel this long after acceptance (emulator clock). */
export const PAYOUT_EXECUTE_AFTER_MS = 3_000;
/** A refund completes this long after it is created. */
export const REFUND_COMPLETE_AFTER_MS = 3_000;
/** A returned payout (−10010) comes back this long after it completed. */
export const PAYOUT_RETURN_AFTER_MS = 60_000;
/** A collection the buyer has not paid expires after this. */
export const COLLECTION_EXPIRES_AFTER_MS = 30 * 60_000;
/** Refund window from the original transaction (21403). */
export const REFUND_WINDOW_DAYS = 60;
/** Daily settlement cut-off, Manila hour: collections completed before it settle at it (21502). */
export const SETTLEMENT_HOUR = 18;
/** e-wallets take at most this per transfer (PHP 50,000.00); above it the wallet refuses: −10001. */
export const EWALLET_CHANNEL_LIMIT = 5_000_000;
/** LandBank's channel is closed for maintenance 00:00–02:00 Manila every day: −10007. */
export const MAINTENANCE = { bankCode: 'LBP', fromHour: 0, toHour: 2 } as const;
/** Known to PayCools but not enabled for the emulator's merchants: 21005. */
export const NOT_ENABLED_COLLECTION_CHANNELS = ['GRABPAY_URL'] as const;
export const NOT_ENABLED_EWALLETS = ['SHOPEEPAY'] as const;
/** e-wallets whose account numbers are PH mobiles (09 + 9 digits); other numbers are refused downstream: −10002. */
export const MOBILE_WALLETS = ['GCASH', 'PAYMAYA', 'GRABPAY', 'SHOPEEPAY'] as const;
/** The recipients directory: numbers ending so are unknown (−10005) or blocked (−10009) at their bank/wallet. */
export const UNKNOWN_ACCOUNT_SUFFIX = '0000';
export const BLOCKED_ACCOUNT_SUFFIX = '9999';

/** What a collection channel allows after payment (reference §7: 21402, 21404, 21405, 21501). */
export const COLLECTION_CHANNEL_RULES: Readonly<
  Record<string, { refund: boolean; fullRefund: boolean; partialRefund: boolean; void: boolean }>
> = {
  GCASH_URL: { refund: true, fullRefund: true, partialRefund: true, void: true },
  PAYMAYA_URL: { refund: true, fullRefund: false, partialRefund: true, void: true },
  QRPH_DYNAMIC_QR: { refund: false, fullRefund: false, partialRefund: false, void: true },
  BANK_VA: { refund: true, fullRefund: true, partialRefund: false, void: false },
};

/** Codes of the world behind PayCools: a scenario may ask for them, nothing else produces them. */
export const WORLD_CODES = {
  /** Synchronous: PayCools' own server error, or its upstream network failing (applied, answer lost). */
  request: ['21000', '21011'],
  /** At execution: service error, channel or network rejecting, and a completed payout coming back. */
  payout_execution: ['-10000', '-10004', '-10006', '-10010'],
} as const;

export const SCENARIO_OPERATIONS = [
  'payout',
  'payout_query',
  'payment',
  'payment_query',
  'refund',
  'refund_query',
  'void',
  'balance',
  'payout_execution',
  'notify',
] as const;

export function checkScenarioCode(operation: string | undefined, code: string): string | undefined {
  if (operation === 'notify') return 'notifications take faults (bad_signature, garbled), not codes';
  if (operation === 'payout_execution') {
    return (WORLD_CODES.payout_execution as readonly string[]).includes(code)
      ? undefined
      : `payout_execution takes ${WORLD_CODES.payout_execution.join(', ')}`;
  }
  if ((WORLD_CODES.request as readonly string[]).includes(code)) return undefined;
  return `${code} is answered by PayCools when a request causes it (see src/channels/paycools/README.md)`;
}

const MESSAGES = new Map(PAYCOOLS_ERROR_CODES.map((m) => [m.code, m.message]));

export function messageOf(code: string | number): string {
  return MESSAGES.get(String(code)) ?? (String(code) === '10000' ? 'Success' : 'Unknown');
}

/** Manila local day number and hour of an epoch ms. */
export function manila(epochMs: number): { day: number; hour: number } {
  const local = epochMs + MANILA_OFFSET_MS;
  return { day: Math.floor(local / DAY_MS), hour: Math.floor((local % DAY_MS) / 3_600_000) };
}

/** `yyyy-MM-dd HH:mm:ss` in Manila time, as PayCools writes times. */
export function manilaTime(epochMs: number): string {
  return new Date(epochMs + MANILA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** When a collection completed at `completedAt` is settled: the next settlement cut-off. */
export function settlementAt(completedAt: number): number {
  const { day, hour } = manila(completedAt);
  const cutDay = hour < SETTLEMENT_HOUR ? day : day + 1;
  return cutDay * DAY_MS + SETTLEMENT_HOUR * 3_600_000 - MANILA_OFFSET_MS;
}
