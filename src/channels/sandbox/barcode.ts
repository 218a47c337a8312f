import { createHash } from 'node:crypto';

/**
 * Buyer barcodes (the `auth_code` of a barcode charge) as the sandbox reads them: 18 digits, whose first
 * two give the wallet (Shouqianba's prefix rules: 10–15 WeChat, 25–30 Alipay). `2800000000000000NN`
 * (Alipay) and `1300000000000000NN` (WeChat) are the magic barcodes: NN picks a scenario of scenarios.ts.
 */

export type BarcodeWallet = 'wechat' | 'alipay';

export const BARCODE_LENGTH = 18;

export interface ParsedBarcode {
  readonly code: string;
  readonly wallet: BarcodeWallet;
  /** The two selecting digits of a magic barcode; absent for any other barcode. */
  readonly magic?: string;
}

const DIGITS = /^\d{18}$/;
const MAGIC = /^(?:28|13)0{14}(\d{2})$/;

/** The wallet of an 18-digit barcode, or undefined when Shouqianba would answer INVALID_BARCODE. */
export function walletOf(code: string): BarcodeWallet | undefined {
  if (!DIGITS.test(code)) return undefined;
  const prefix = Number(code.slice(0, 2));
  if (prefix >= 10 && prefix <= 15) return 'wechat';
  if (prefix >= 25 && prefix <= 30) return 'alipay';
  return undefined;
}

export function parseBarcode(code: string): ParsedBarcode | undefined {
  const wallet = walletOf(code);
  if (wallet === undefined) return undefined;
  const magic = MAGIC.exec(code)?.[1];
  return magic === undefined ? { code, wallet } : { code, wallet, magic };
}

/** The magic barcode that selects scenario `nn` (two digits), as an Alipay or WeChat code. */
export function magicBarcode(nn: string, wallet: BarcodeWallet = 'alipay'): string {
  if (!/^\d{2}$/.test(nn))
    throw new TypeError(`a magic barcode selector is two digits, got ${JSON.stringify(nn)}`);
  return `${wallet === 'alipay' ? '28' : '13'}${'0'.repeat(14)}${nn}`;
}

/**
 * A stable, wallet-shaped buyer id derived from `seed` (the barcode, or a charge id for QR charges): a
 * WeChat openid-like `oSBX…` or an Alipay user id `2088` + 12 digits.
 */
export function sandboxBuyerId(wallet: BarcodeWallet, seed: string): string {
  const digest = createHash('sha256').update(`polypay-sandbox-buyer:${seed}`).digest('hex');
  if (wallet === 'wechat') return `oSBX${digest.slice(0, 24)}`;
  const digits = (BigInt(`0x${digest.slice(0, 15)}`) % 1_000_000_000_000n).toString().padStart(12, '0');
  return `2088${digits}`;
}

/** The wallet a payway's buyer ids look like (WeChat for the WeChat wallets, Alipay-shaped otherwise). */
export function walletOfPayway(payway: string): BarcodeWallet {
  return payway === 'wechat' || payway === 'wechat_hk' ? 'wechat' : 'alipay';
}
