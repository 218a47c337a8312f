import {
  isVmpWallet,
  VMP_CURRENCIES,
  VMP_WALLETS,
  type VmpCurrency,
  type VmpPayType,
  type VmpScene,
  type VmpWallet,
} from '../protocol.js';

/** How each scene spells the payment-type fields (reference §2). */
export function spelling(scene: VmpScene) {
  return scene === 'qrcode'
    ? ({
        payType: 'paytype',
        buyerType: 'buyertype',
        wallet: 'payment_type',
        refundNo: 'refund_no',
        refundAmount: 'transaction_amount',
      } as const)
    : ({
        payType: 'payType',
        buyerType: 'buyerType',
        wallet: 'wallet',
        refundNo: 'out_refund_no',
        refundAmount: 'return_amount',
      } as const);
}

/** paytype in its canonical spelling; VMP compares it case-insensitively. */
export function readPayType(value: string | undefined): VmpPayType | undefined {
  const lower = value?.toLowerCase();
  return lower === 'alipay' ? 'Alipay' : lower === 'wechat' ? 'WeChat' : undefined;
}

export function readWallet(value: string | undefined): VmpWallet | 'unknown' | undefined {
  if (value === undefined) return undefined;
  return isVmpWallet(value) ? value : 'unknown';
}

export function walletFamily(wallet: VmpWallet): VmpPayType {
  return VMP_WALLETS[wallet];
}

/** `fee_type`, HKD when absent; undefined for a currency VMP does not take. */
export function readCurrency(value: string | undefined): VmpCurrency | undefined {
  const currency = value ?? 'HKD';
  return (VMP_CURRENCIES as readonly string[]).includes(currency) ? (currency as VmpCurrency) : undefined;
}
