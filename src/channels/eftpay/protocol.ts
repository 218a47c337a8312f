/**
 * The VMP wire vocabulary (reference §2): servlet paths, `service` values, wallets and enumerations. Field
 * spelling depends on the scene and a faithful client or emulator keeps it: the qrcode scene writes
 * `paytype`, `buyertype`, `payment_type`, `refund_no`; the app/web/wap scenes `payType`, `buyerType`,
 * `wallet`, `out_refund_no`.
 */

export const VMP_PATHS = {
  jsapi: '/Servlet/JSAPIService.do',
  query: '/Servlet/QRcodeTradeQuery.do',
  commonQuery: '/Servlet/CommonTradeQuery.do',
  cancel: '/Servlet/QRcodeTradeCancel.do',
  appPay: '/Servlet/AppTradePay.do',
  appRefund: '/Servlet/AppTradeRefund.do',
  appApplyRefund: '/Servlet/AppTradeApplyRefund.do',
} as const;

/** Which spelling of the payment-type fields a call uses. */
export type VmpScene = 'qrcode' | 'web' | 'wap' | 'app';
export type VmpOperation = 'preorder' | 'query' | 'refund' | 'apply_refund' | 'close' | 'cancel';
export type VmpPayType = 'Alipay' | 'WeChat';

export interface VmpService {
  readonly operation: VmpOperation;
  readonly scene: VmpScene;
  /** The wallet family the service name fixes; absent for the generic query. */
  readonly payType?: VmpPayType;
}

/** `service` values of `JSAPIService.do`. Anything else answers -13. */
export const VMP_SERVICES: Readonly<Record<string, VmpService>> = {
  'service.alipay.qrcode.PreOrder': { operation: 'preorder', scene: 'qrcode', payType: 'Alipay' },
  'service.wechat.qrcode.PreOrder': { operation: 'preorder', scene: 'qrcode', payType: 'WeChat' },
  'service.alipay.qrcode.Query': { operation: 'query', scene: 'qrcode', payType: 'Alipay' },
  'service.wechat.qrcode.Query': { operation: 'query', scene: 'qrcode', payType: 'WeChat' },
  'service.common.Query': { operation: 'query', scene: 'qrcode' },
  'service.alipay.qrcode.Refund': { operation: 'refund', scene: 'qrcode', payType: 'Alipay' },
  'service.wechat.qrcode.Refund': { operation: 'refund', scene: 'qrcode', payType: 'WeChat' },
  'service.alipay.qrcode.Close': { operation: 'close', scene: 'qrcode', payType: 'Alipay' },
  'service.wechat.qrcode.Close': { operation: 'close', scene: 'qrcode', payType: 'WeChat' },
  'service.alipay.web.PreOrder': { operation: 'preorder', scene: 'web', payType: 'Alipay' },
  'service.wechat.web.PreOrder': { operation: 'preorder', scene: 'web', payType: 'WeChat' },
  'service.alipay.wap.PreOrder': { operation: 'preorder', scene: 'wap', payType: 'Alipay' },
  'service.alipay.web.Refund': { operation: 'refund', scene: 'web', payType: 'Alipay' },
  'service.wechat.web.Refund': { operation: 'refund', scene: 'web', payType: 'WeChat' },
  'service.alipay.wap.Refund': { operation: 'refund', scene: 'wap', payType: 'Alipay' },
  'service.wechat.web.ApplyRefund': { operation: 'apply_refund', scene: 'web', payType: 'WeChat' },
};

/** The servlets that are not multiplexed by `service`. */
export const VMP_PATH_SERVICES: Readonly<Record<string, VmpService>> = {
  [VMP_PATHS.query]: { operation: 'query', scene: 'qrcode' },
  [VMP_PATHS.commonQuery]: { operation: 'query', scene: 'qrcode' },
  [VMP_PATHS.cancel]: { operation: 'cancel', scene: 'qrcode' },
  [VMP_PATHS.appPay]: { operation: 'preorder', scene: 'app' },
  [VMP_PATHS.appRefund]: { operation: 'refund', scene: 'app' },
  [VMP_PATHS.appApplyRefund]: { operation: 'apply_refund', scene: 'app', payType: 'WeChat' },
};

/** Wallets (`payment_type` in the qrcode scene, `wallet` elsewhere) and the payType each belongs to. */
export const VMP_WALLETS = {
  ALIPAYHK: 'Alipay',
  ALIPAYCN: 'Alipay',
  ALIPAYBOTH: 'Alipay',
  WECHATHK: 'WeChat',
  WECHATCN: 'WeChat',
} as const satisfies Record<string, VmpPayType>;
export type VmpWallet = keyof typeof VMP_WALLETS;

export function isVmpWallet(value: string): value is VmpWallet {
  return Object.hasOwn(VMP_WALLETS, value);
}

/** `fee_type`: HKD is the default, CNY the only other (seed 56 for anything else). */
export const VMP_CURRENCIES = ['HKD', 'CNY'] as const;
export type VmpCurrency = (typeof VMP_CURRENCIES)[number];

export const VMP_BUYER_TYPES = ['ios', 'android', 'others'] as const;
export const VMP_LANGS = ['cn', 'en', 'hk'] as const;
export const VMP_PAY_SCENES = ['APP', 'WEB', 'WAP'] as const;

/** `querytype` has one accepted value (seed 19). */
export const VMP_QUERY_TYPE = 'OUT_TRADE';

/** `trade_type` (Appendix 4). CANCEL is inferred: the type a reversed sale reads with. */
export type VmpTradeType = 'SALE' | 'REFUND' | 'CANCEL';

/** Order numbers (`out_trade_no`, `refund_no`/`out_refund_no`) are at most 28 characters. */
export const VMP_ORDER_NO_MAX = 28;
/** `user_confirm_key` is String(12). */
export const VMP_USER_KEY_LENGTH = 12;

/** Hong Kong wallets and Chinese-mainland wallets by polypay payway. */
export const VMP_WALLET_OF_PAYWAY: Readonly<Record<string, VmpWallet>> = {
  alipay_hk: 'ALIPAYHK',
  alipay: 'ALIPAYCN',
  wechat_hk: 'WECHATHK',
  wechat: 'WECHATCN',
};
