import { parseBarcode } from '../../sandbox/barcode.js';

/**
 * Buyer-side outcomes the emulator cannot derive from the request: what the buyer's wallet holds and what
 * the buyer does on the phone. The same barcodes as the sandbox (docs/sandbox.md): `2800000000000000NN`
 * (Alipay) or `1300000000000000NN` (WeChat), NN picking the buyer's behaviour. Any other valid barcode pays
 * at once. Magic barcodes never expire and can be reused; ordinary ones are single-use, like a wallet's.
 */

export type BuyerBehaviour =
  | { readonly kind: 'pays' }
  | { readonly kind: 'refuses'; readonly code: 'INSUFFICIENT_FUND' | 'EXPIRED_BARCODE' | 'TRADE_FAILED' }
  /** Asked for a password: in progress; `outcome` after `afterMs`. */
  | {
      readonly kind: 'confirms_later';
      readonly afterMs: number;
      readonly outcome: 'PAID' | 'PAY_CANCELED';
      readonly code?: 'TRADE_FAILED' | 'TRADE_TIMEOUT';
    }
  /** Pays, with a channel promotion in the payment list (such orders cannot be cancelled). */
  | { readonly kind: 'pays_with_promotion' };

/** Seconds the buyer has to type the password before upay cancels the payment (pay.md FAQ 3). */
export const PASSWORD_TIMEOUT_MS = 40_000;
/** When a buyer who types the password is done. */
export const CONFIRM_MS = 5_000;

export const MAGIC_BEHAVIOURS: Readonly<Record<string, { title: string; behaviour: BuyerBehaviour }>> = {
  '01': { title: 'insufficient balance', behaviour: { kind: 'refuses', code: 'INSUFFICIENT_FUND' } },
  '02': { title: 'expired barcode', behaviour: { kind: 'refuses', code: 'EXPIRED_BARCODE' } },
  '06': { title: "the wallet's risk control refuses", behaviour: { kind: 'refuses', code: 'TRADE_FAILED' } },
  '10': {
    title: 'types the password: in progress, paid 5 s later',
    behaviour: { kind: 'confirms_later', afterMs: CONFIRM_MS, outcome: 'PAID' },
  },
  '11': {
    title: 'never types the password: in progress, upay cancels it after 40 s (TRADE_TIMEOUT)',
    behaviour: {
      kind: 'confirms_later',
      afterMs: PASSWORD_TIMEOUT_MS,
      outcome: 'PAY_CANCELED',
      code: 'TRADE_TIMEOUT',
    },
  },
  '12': {
    title: 'declines on the phone: in progress, failed 5 s later (TRADE_FAILED)',
    behaviour: { kind: 'confirms_later', afterMs: CONFIRM_MS, outcome: 'PAY_CANCELED', code: 'TRADE_FAILED' },
  },
  '32': {
    title: 'pays with a channel promotion (cannot be cancelled)',
    behaviour: { kind: 'pays_with_promotion' },
  },
};

export interface BuyerCode {
  readonly wallet?: 'alipay' | 'wechat';
  /** Who pays: the first 10 digits (wallet prefix and account); the other digits change with each code. */
  readonly buyerKey: string;
  /** The NN of a magic barcode (reusable, never expires); absent for an ordinary single-use code. */
  readonly magic?: string;
  readonly behaviour: BuyerBehaviour;
}

const DIGITS = /^\d{16,24}$/;

/** Reads a barcode (dynamic_id); undefined when it is not a wallet barcode at all. */
export function readBuyerCode(code: string): BuyerCode | undefined {
  if (!DIGITS.test(code)) return undefined;
  const parsed = code.length === 18 ? parseBarcode(code) : undefined;
  const magic = parsed?.magic;
  const behaviour = (magic === undefined ? undefined : MAGIC_BEHAVIOURS[magic]?.behaviour) ?? {
    kind: 'pays',
  };
  return {
    ...(parsed === undefined ? {} : { wallet: parsed.wallet }),
    buyerKey: code.slice(0, 10),
    ...(magic === undefined ? {} : { magic }),
    behaviour,
  };
}
