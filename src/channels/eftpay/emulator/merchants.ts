import { createHash } from 'node:crypto';

/**
 * The merchants behind `user_confirm_key`s the emulator knows. The main one is made from the emulator's
 * credentials; the others are fixed and each carries one configuration that real merchants can have and
 * that produces one seed-002 code by behaviour (a disabled user, no wallet account, no refund funds…).
 */
export interface EmulatedMerchant {
  readonly userConfirmKey: string;
  /** Empty: no secret code configured at EFTPay (seed -11). */
  readonly secretCode: string;
  /** The user behind the key is disabled (seed 22). */
  readonly userDisabled?: boolean;
  /** The merchant of that user is disabled (seed 23). */
  readonly merchantDisabled?: boolean;
  /** Wallet accounts configured: WeChat CN `mch_id`, WeChat HK `mch_id2`, Alipay `partner` (seed 30). */
  readonly accounts: { readonly mchId: boolean; readonly mchId2: boolean; readonly partner: boolean };
  /** Orders must carry a `notify_url` (seed 01). */
  readonly requiresNotifyUrl?: boolean;
  /**
   * Sales are swept to the bank as they are paid: the EFTPay balance stays empty, so a reversal or an
   * Alipay refund cannot be funded (-53) and WeChat's basic account is empty too (64).
   */
  readonly sweepsSales?: boolean;
}

const ALL_ACCOUNTS = { mchId: true, mchId2: true, partner: true } as const;

/** The fixed merchants, by key; their secret is derived from the main secret so that one print serves all. */
export const SPECIAL_MERCHANT_KEYS = {
  noSecret: 'EFTNOSECRET0',
  userDisabled: 'EFTUSEROFF00',
  merchantDisabled: 'EFTMCHOFF000',
  noWalletAccounts: 'EFTNOACCT000',
  notifyRequired: 'EFTNOTIFY000',
  sweepsSales: 'EFTSWEEP0000',
} as const;

/** The secret code of a special merchant: lowercase hex SHA-256 of "<main secret>:<key>", 32 characters. */
export function specialSecret(mainSecret: string, key: string): string {
  return createHash('sha256').update(`${mainSecret}:${key}`).digest('hex').slice(0, 32);
}

export function emulatedMerchants(main: { userConfirmKey: string; secretCode: string }): EmulatedMerchant[] {
  const k = SPECIAL_MERCHANT_KEYS;
  const special = (
    key: string,
    rest: Omit<EmulatedMerchant, 'userConfirmKey' | 'secretCode' | 'accounts'> & {
      accounts?: EmulatedMerchant['accounts'];
    },
  ): EmulatedMerchant => ({
    userConfirmKey: key,
    secretCode: specialSecret(main.secretCode, key),
    accounts: ALL_ACCOUNTS,
    ...rest,
  });
  return [
    { userConfirmKey: main.userConfirmKey, secretCode: main.secretCode, accounts: ALL_ACCOUNTS },
    { userConfirmKey: k.noSecret, secretCode: '', accounts: ALL_ACCOUNTS },
    special(k.userDisabled, { userDisabled: true }),
    special(k.merchantDisabled, { merchantDisabled: true }),
    special(k.noWalletAccounts, { accounts: { mchId: false, mchId2: false, partner: false } }),
    special(k.notifyRequired, { requiresNotifyUrl: true }),
    special(k.sweepsSales, { sweepsSales: true }),
  ];
}
