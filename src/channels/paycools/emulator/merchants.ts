import { sha1Hex } from '../../kit/signing.js';

/**
 * The apps the emulator knows. The main app is the one `credentials()` hands out; the special apps stand for
 * merchant set-ups the seed's codes need (README: "Special apps"). Their secrets derive from the main
 * secret, so a test that knows the main secret can sign as any of them.
 */

export const SPECIAL_APPS = {
  /** The app is disabled: 21003. */
  disabled: 'PCAPPDISABLED01',
  /** The merchant behind the app is frozen: 21004. */
  frozen: 'PCAPPFROZEN0001',
  /** The merchant's IP allow-list holds only 203.0.113.7: 21016 from anywhere else. */
  ipLocked: 'PCAPPIPLOCKED01',
} as const;

export interface EmulatorMerchant {
  readonly appId: string;
  readonly secret: string;
  enabled: boolean;
  /** Merchant available (not frozen); switching it off between acceptance and execution gives −10008. */
  active: boolean;
  readonly ipWhitelist?: readonly string[];
  /** Payout balance, cents: collections add to it, payouts take from it when they execute. */
  balance: number;
}

/** Starting payout balance of each app, cents (PHP 100,000.00). */
export const OPENING_BALANCE = 10_000_000;

export function specialSecret(mainSecret: string, appId: string): string {
  return sha1Hex(`${mainSecret}:${appId}`).slice(0, 32);
}

export function openingMerchants(appId: string, secret: string): Map<string, EmulatorMerchant> {
  const merchants = new Map<string, EmulatorMerchant>();
  const add = (id: string, extra: Partial<EmulatorMerchant> = {}) =>
    merchants.set(id, {
      appId: id,
      secret: id === appId ? secret : specialSecret(secret, id),
      enabled: true,
      active: true,
      balance: OPENING_BALANCE,
      ...extra,
    });
  add(appId);
  add(SPECIAL_APPS.disabled, { enabled: false });
  add(SPECIAL_APPS.frozen, { active: false });
  add(SPECIAL_APPS.ipLocked, { ipWhitelist: ['203.0.113.7'] });
  return merchants;
}
