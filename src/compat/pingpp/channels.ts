import type { SubPayway } from '../../channels/port.js';

/** A Ping++ charge channel that polypay serves, as polypay's payway and sub_payway. */
export interface ChargeChannel {
  readonly payway: string;
  readonly subPayway: SubPayway;
}

/**
 * Ping++ charge channels onto polypay's payways. QR channels are `qrcode`, mobile web ones `wap`,
 * `*_scan` ones (the merchant scans the buyer's code, `extra.scan_code`) `barcode`. Ping++'s in-app SDK
 * channels (`alipay`, `wx`, `upacp`…), official-account JSAPI (`wx_pub`, `wx_lite`), PC and card channels
 * have no counterpart in polypay and are refused.
 */
export const CHARGE_CHANNELS: Readonly<Record<string, ChargeChannel>> = {
  alipay_qr: { payway: 'alipay', subPayway: 'qrcode' },
  alipay_wap: { payway: 'alipay', subPayway: 'wap' },
  alipay_scan: { payway: 'alipay', subPayway: 'barcode' },
  wx_pub_qr: { payway: 'wechat', subPayway: 'qrcode' },
  wx_wap: { payway: 'wechat', subPayway: 'wap' },
  wx_pub_scan: { payway: 'wechat', subPayway: 'barcode' },
  bfb_wap: { payway: 'baifubao', subPayway: 'wap' },
  jdpay_wap: { payway: 'jdpay', subPayway: 'wap' },
  qpay_pub_scan: { payway: 'qqwallet', subPayway: 'barcode' },
};

/** Ping++ channels that exist but polypay does not serve (named in the refusal and the migration guide). */
export const UNSERVED_CHARGE_CHANNELS: readonly string[] = [
  'alipay',
  'alipay_pc_direct',
  'alipay_lite',
  'wx',
  'wx_pub',
  'wx_lite',
  'upacp',
  'upacp_wap',
  'upacp_pc',
  'upacp_qr',
  'upacp_b2b',
  'bfb',
  'applepay_upacp',
  'cmb_wallet',
  'cnp_u',
  'cnp_f',
  'yeepay_wap',
  'qpay',
  'qpay_pub',
  'isv_qr',
  'isv_scan',
  'isv_wap',
  'balance',
];

/** The Ping++ channel a polypay charge shows (the first channel that maps onto its payway). */
export function chargeChannelOf(payway: string, subPayway: string | null): string {
  for (const [name, channel] of Object.entries(CHARGE_CHANNELS)) {
    if (channel.payway === payway && channel.subPayway === subPayway) return name;
  }
  return `${payway}_${subPayway ?? 'barcode'}`;
}

/** Ping++ transfer channels and the payout destination each one means. */
export const TRANSFER_CHANNELS = ['wx', 'wx_pub', 'wx_lite', 'alipay', 'unionpay'] as const;
/** Ping++ red envelopes are WeChat's. */
export const RED_ENVELOPE_CHANNELS = ['wx', 'wx_pub', 'wx_lite'] as const;
