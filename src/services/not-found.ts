import { PolypayError } from '../errors/polypay-error.js';

/** The things a caller looks up by id, with their name in each language of the error envelope. */
const KINDS = {
  charge: { en: 'charge', zh: '订单' },
  refund: { en: 'refund', zh: '退款' },
  transfer: { en: 'transfer', zh: '转账' },
  red_envelope: { en: 'red envelope', zh: '红包' },
  agreement: { en: 'agreement', zh: '协议' },
  sandbox_agreement: { en: 'sandbox agreement', zh: '沙箱协议' },
  deduction: { en: 'deduction', zh: '扣款' },
  deduction_refund: { en: 'deduction refund', zh: '扣款退款' },
  webhook_endpoint: { en: 'webhook endpoint', zh: 'Webhook 端点' },
  channel_config: { en: 'channel config', zh: '渠道配置' },
  terminal: { en: 'terminal', zh: '终端' },
  store: { en: 'store', zh: '门店' },
  event: { en: 'event', zh: '事件' },
  api_key: { en: 'API key', zh: 'API 密钥' },
  active_api_key: { en: 'active API key', zh: '有效的 API 密钥' },
} as const;

export type ResourceKind = keyof typeof KINDS;

export interface NotFoundOptions {
  /** The catalog code; `resource_not_found` unless the kind has its own (e.g. `agreement_not_found`). */
  readonly code?: string;
  /** The request field that named the id; `id` (the path) by default. */
  readonly param?: string;
}

/** "No charge ch_…": the one not-found answer, in English and Chinese, for whatever a caller named by id. */
export function notFound(kind: ResourceKind, id: string, options: NotFoundOptions = {}): PolypayError {
  const name = KINDS[kind];
  return new PolypayError(options.code ?? 'resource_not_found', {
    param: options.param ?? 'id',
    message: `No ${name.en} ${id}.`,
    messageZh: `${name.zh} ${id} 不存在`,
  });
}
