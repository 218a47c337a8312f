import type { ErrorDefinition } from './types.js';

/**
 * The unified error catalog: every error polypay reports, one code per meaning (DESIGN §2). Seed 000's codes
 * are kept verbatim, with their Chinese text; the per-provider maps (`src/channels/<provider>/codes.ts`) say
 * which upstream codes lead here. `retryable` is true exactly when `retryStrategy` is not `never`:
 * `backoff` = the same request again with exponential backoff; `query_first` = the outcome is unknown, query
 * before anything else. HTTP status by class: 400 bad request, 401 authentication, 402 refused for a business
 * reason, 403 forbidden, 404 not found, 5xx polypay (500, 503) or the channel (502 bad answer, 503
 * unavailable, 504 unreachable or timed out).
 */
export const CATALOG = {
  // Request validation (polypay API): the request itself is wrong; fix it before sending it again.
  invalid_params: {
    httpStatus: 400,
    category: 'invalid_request',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_request',
    messages: {
      en: 'A request parameter has an invalid type, format or value.',
      zh: '请求参数的类型、格式或取值无效。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  missing_param: {
    httpStatus: 400,
    category: 'invalid_request',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_request',
    messages: { en: 'A required request parameter is missing.', zh: '缺少必填的请求参数。' },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  invalid_json: {
    httpStatus: 400,
    category: 'invalid_request',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_request',
    messages: { en: 'The request body is not valid JSON.', zh: '请求体不是有效的 JSON。' },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  invalid_amount: {
    httpStatus: 400,
    category: 'invalid_request',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_amount',
    messages: {
      en: "The amount must be a positive integer of the currency's minor units, with a precision the currency allows.",
      zh: '金额必须是以币种最小单位表示的正整数，且精度符合该币种要求。',
    },
    customerMessage: { en: 'The payment amount is invalid.', zh: '支付金额无效。' },
  },
  amount_out_of_range: {
    httpStatus: 400,
    category: 'invalid_request',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_amount',
    messages: {
      en: 'The amount is outside the range allowed for this currency or channel.',
      zh: '金额超出该币种或支付渠道允许的范围。',
    },
    customerMessage: { en: 'The payment amount is outside the allowed range.', zh: '支付金额超出允许范围。' },
  },
  request_too_large: {
    httpStatus: 413,
    category: 'invalid_request',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'reduce_request_size',
    messages: {
      en: 'The request body is larger than the allowed maximum.',
      zh: '请求体超过允许的最大长度。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  unsupported_media_type: {
    httpStatus: 415,
    category: 'invalid_request',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_request',
    messages: {
      en: 'The request Content-Type is not supported; send application/json.',
      zh: '不支持该请求 Content-Type，请使用 application/json。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  invalid_signature_format: {
    httpStatus: 400,
    category: 'invalid_request',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_signature',
    messages: {
      en: 'The request signature headers are present but malformed.',
      zh: '请求签名头存在但格式不正确。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  // Authentication (polypay API): API key and request signing.
  missing_api_key: {
    httpStatus: 401,
    category: 'authentication',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'provide_api_key',
    messages: {
      en: 'No API key was provided; send Authorization: Bearer <secret key>.',
      zh: '未提供 API Key，请在 Authorization 头中传入 Bearer 密钥。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  invalid_api_key: {
    httpStatus: 401,
    category: 'authentication',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_api_key',
    messages: { en: 'The API key is unknown or has been revoked.', zh: 'API Key 不存在或已被吊销。' },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  signature_required: {
    httpStatus: 401,
    category: 'authentication',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'sign_request',
    messages: {
      en: 'This app requires signed requests, but the request carries no signature.',
      zh: '该应用要求请求签名，但请求未携带签名。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  invalid_signature: {
    httpStatus: 401,
    category: 'authentication',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_signature',
    messages: { en: 'The request signature does not match the request.', zh: '请求签名校验失败。' },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  timestamp_expired: {
    httpStatus: 401,
    category: 'authentication',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'sync_clock',
    messages: {
      en: 'The request timestamp differs from the server time by more than 300 seconds.',
      zh: '请求时间戳与服务器时间相差超过 300 秒。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  nonce_replayed: {
    httpStatus: 401,
    category: 'authentication',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'use_new_nonce',
    messages: {
      en: 'The request nonce was already used within the replay window.',
      zh: '请求随机数（nonce）已在有效期内使用过。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  // Permission: the caller is known but may not do this.
  ip_not_allowed: {
    httpStatus: 403,
    category: 'permission',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_ip_allowlist',
    messages: {
      en: "The request comes from an IP address that is not on the app's allow-list.",
      zh: '请求来源 IP 不在应用的白名单中。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  concurrency_limit_exceeded: {
    httpStatus: 403,
    category: 'permission',
    retryable: true,
    retryStrategy: 'backoff',
    nextAction: 'reduce_concurrency',
    messages: {
      en: 'The app has more requests in flight than its concurrency limit allows.',
      zh: '调用接口超过并发限制',
    },
    customerMessage: {
      en: 'Payment service is temporarily unavailable. Please try again later.',
      zh: '支付服务暂时不可用，请稍后重试。',
    },
  },
  resource_limit_exceeded: {
    httpStatus: 403,
    category: 'permission',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'delete_unused_resources',
    messages: {
      en: 'The app already has as many of these resources, or has asked for this as often, as allowed.',
      zh: '该应用的此类资源数量或操作次数已达上限。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  rate_limit_exceeded: {
    httpStatus: 429,
    category: 'permission',
    retryable: true,
    retryStrategy: 'backoff',
    nextAction: 'retry_later',
    messages: {
      en: 'Too many requests from this client; wait and try again.',
      zh: '来自该客户端的请求过多，请稍后重试。',
    },
    customerMessage: {
      en: 'Payment service is temporarily unavailable. Please try again later.',
      zh: '支付服务暂时不可用，请稍后重试。',
    },
  },
  permission_denied: {
    httpStatus: 403,
    category: 'permission',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_permissions',
    messages: {
      en: 'The API key is not permitted to perform this operation.',
      zh: '该 API Key 无权执行此操作。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  merchant_disabled: {
    httpStatus: 403,
    category: 'permission',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'contact_support',
    messages: {
      en: 'The merchant account is disabled or unavailable, at polypay or at the channel.',
      zh: '商户账户在 polypay 或支付渠道处已停用或不可用。',
    },
    customerMessage: { en: 'The merchant cannot accept payments at the moment.', zh: '商户暂时无法收款。' },
  },
  terminal_not_activated: {
    httpStatus: 403,
    category: 'permission',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'activate_terminal',
    messages: {
      en: 'The terminal exists but is not activated or has been disabled.',
      zh: '终端未激活或已停用。',
    },
    customerMessage: { en: 'This checkout terminal is not available.', zh: '收银终端暂不可用。' },
  },
  // Not found.
  route_not_found: {
    httpStatus: 404,
    category: 'not_found',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_endpoint',
    messages: {
      en: 'No API endpoint matches this method and path.',
      zh: '没有与该请求方法和路径匹配的接口。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  resource_not_found: {
    httpStatus: 404,
    category: 'not_found',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_resource_id',
    messages: { en: 'No resource with this id exists for this app.', zh: '该应用下不存在此 ID 对应的资源。' },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  terminal_not_found: {
    httpStatus: 404,
    category: 'not_found',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_terminal',
    messages: { en: 'The terminal does not exist in the trading system.', zh: '终端号在交易系统中不存在。' },
    customerMessage: { en: 'This checkout terminal is not available.', zh: '收银终端暂不可用。' },
  },
  trade_not_found: {
    httpStatus: 404,
    category: 'not_found',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_order_reference',
    messages: { en: 'The payment channel has no record of this charge.', zh: '支付渠道中不存在该笔交易。' },
    customerMessage: { en: 'The order could not be found.', zh: '未找到该订单。' },
  },
  buyer_not_found: {
    httpStatus: 404,
    category: 'not_found',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_buyer_account',
    messages: {
      en: "The payment channel does not know the buyer's account.",
      zh: '支付渠道中不存在该付款人账户。',
    },
    customerMessage: { en: 'Your payment account could not be found.', zh: '未找到您的支付账户。' },
  },
  // Idempotency (polypay API): the Idempotency-Key header.
  idempotency_key_reused: {
    httpStatus: 400,
    category: 'idempotency',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'use_new_idempotency_key',
    messages: {
      en: 'This Idempotency-Key was already used with a different request.',
      zh: '该 Idempotency-Key 已用于另一个不同的请求。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  idempotency_request_in_progress: {
    httpStatus: 409,
    category: 'idempotency',
    retryable: true,
    retryStrategy: 'backoff',
    nextAction: 'retry_later',
    messages: {
      en: 'A request with this Idempotency-Key is still being processed.',
      zh: '使用该 Idempotency-Key 的请求仍在处理中。',
    },
    customerMessage: { en: 'Your request is being processed.', zh: '您的请求正在处理中。' },
  },
  // Server: polypay itself failed.
  internal_error: {
    httpStatus: 500,
    category: 'server',
    retryable: true,
    retryStrategy: 'backoff',
    nextAction: 'retry_later',
    messages: { en: 'An unexpected error occurred inside polypay.', zh: 'polypay 内部发生意外错误。' },
    customerMessage: {
      en: 'Payment service is temporarily unavailable. Please try again later.',
      zh: '支付服务暂时不可用，请稍后重试。',
    },
  },
  service_unavailable: {
    httpStatus: 503,
    category: 'server',
    retryable: true,
    retryStrategy: 'backoff',
    nextAction: 'retry_later',
    messages: { en: 'The polypay service is temporarily unavailable.', zh: 'polypay 服务暂时不可用。' },
    customerMessage: {
      en: 'Payment service is temporarily unavailable. Please try again later.',
      zh: '支付服务暂时不可用，请稍后重试。',
    },
  },
  // Charges: state and operations (pay, cancel, close, void).
  /** The charge is final and the operation has no more specific code (e.g. closed, voided, expired). */
  charge_closed: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'create_new_charge',
    messages: {
      en: 'The charge has ended (closed, expired or otherwise final) and accepts no further operation.',
      zh: '支付订单已结束，不能进行后续操作',
    },
    customerMessage: { en: 'This order has been closed.', zh: '该订单已关闭。' },
  },
  /** Outside the state machine or contradictory (Shouqianba INVALID_STATUS_CODE); the truth is unknown, so query. */
  charge_unexpected_status: {
    httpStatus: 502,
    category: 'channel',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'query_charge',
    messages: {
      en: "The channel reported a charge status that is unknown or cannot follow the charge's current status.",
      zh: '支付返回意外的状态码',
    },
    customerMessage: {
      en: 'The payment result is being confirmed. Please do not pay again.',
      zh: '支付结果确认中，请勿重复支付。',
    },
  },
  charge_order_no_used: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'use_new_order_no',
    messages: {
      en: 'This merchant order number has already been used; create the charge with a new one.',
      zh: '订单号已使用，请用新的订单号发起交易',
    },
    customerMessage: { en: 'This order has already been submitted.', zh: '该订单已提交过。' },
  },
  /** A payment was submitted again for a charge the channel already marked paid. */
  charge_already_paid: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'query_charge',
    messages: {
      en: 'The charge has already been paid; do not pay it again.',
      zh: '该笔交易已支付成功，请勿重复支付。',
    },
    customerMessage: { en: 'This order has already been paid.', zh: '该订单已支付。' },
  },
  trade_processing: {
    httpStatus: 402,
    category: 'business',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'query_charge',
    messages: { en: 'The payment is still being processed by the channel.', zh: '交易正在支付渠道处理中。' },
    customerMessage: { en: 'Your payment is being processed.', zh: '支付处理中。' },
  },
  trade_timeout: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'create_new_charge',
    messages: {
      en: 'The payment was not confirmed in time and has been reversed.',
      zh: '交易超时未确认，已自动撤单。',
    },
    customerMessage: {
      en: 'The payment timed out and you were not charged. Please pay again.',
      zh: '支付超时，未扣款，请重新支付。',
    },
  },
  cancel_not_allowed: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'refund_instead',
    messages: {
      en: 'The charge can no longer be cancelled (only once, on its own day, in full and before any refund); refund it instead.',
      zh: '订单已不可撤单（撤单仅限当天、仅限一次、全额且未发生退款），请改为退款。',
    },
    customerMessage: { en: 'This order can no longer be cancelled.', zh: '该订单已无法撤销。' },
  },
  /** A repeated cancel: the goal is already reached (Shouqianba UPAY_CANCEL_ORDER_NOOP). */
  cancel_already_done: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'query_charge',
    messages: {
      en: 'The charge has already been cancelled; there is nothing left to reverse.',
      zh: '订单已撤销，无需再次撤销。',
    },
    customerMessage: { en: 'This order has already been cancelled.', zh: '该订单已撤销。' },
  },
  cancel_failed: {
    httpStatus: 402,
    category: 'business',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'query_charge',
    messages: {
      en: 'The channel failed to cancel the charge; its final state is uncertain until it is queried.',
      zh: '支付渠道撤单失败，订单最终状态需查询确认。',
    },
    customerMessage: { en: 'The cancellation is being confirmed.', zh: '撤销结果确认中。' },
  },
  close_refused_paid: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'cancel_or_refund',
    messages: {
      en: 'A paid charge cannot be closed; cancel or refund it instead.',
      zh: '订单已支付，不能关闭，请改为撤单或退款。',
    },
    customerMessage: { en: 'This order has already been paid.', zh: '该订单已支付。' },
  },
  close_not_same_day: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'query_charge',
    messages: {
      en: 'A charge can be closed only on the day it was created.',
      zh: '只有当天的交易才可以关闭。',
    },
    customerMessage: { en: 'This order can no longer be closed.', zh: '该订单已无法关闭。' },
  },
  void_not_success: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'query_charge',
    messages: {
      en: 'Only a paid charge without refunds can be voided.',
      zh: '只有已支付且未退款的交易才可以作废。',
    },
    customerMessage: { en: 'This order cannot be voided.', zh: '该订单无法作废。' },
  },
  void_already_done: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'query_charge',
    messages: { en: 'The charge has already been voided.', zh: '该笔交易已作废。' },
    customerMessage: { en: 'This order has already been voided.', zh: '该订单已作废。' },
  },
  void_settled: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'refund_instead',
    messages: {
      en: 'The charge has already been settled and can no longer be voided; refund it instead.',
      zh: '交易已结算，无法作废，请改为退款。',
    },
    customerMessage: { en: 'This order can no longer be voided.', zh: '该订单已无法作废。' },
  },
  void_not_same_day: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'refund_instead',
    messages: {
      en: 'A charge can be voided only on the day it was paid; refund it instead.',
      zh: '只有当天的交易才可以作废，请改为退款。',
    },
    customerMessage: { en: 'This order can no longer be voided.', zh: '该订单已无法作废。' },
  },
  void_not_supported: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'refund_instead',
    messages: {
      en: 'The channel cannot void or reverse this charge; refund it instead.',
      zh: '支付渠道不支持作废该笔交易，请改为退款。',
    },
    customerMessage: { en: 'This order cannot be voided.', zh: '该订单无法作废。' },
  },
  // Buyer and payment method: the buyer or the chosen way to pay cannot complete the payment.
  invalid_barcode: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'ask_buyer_new_barcode',
    messages: {
      en: "The buyer's payment barcode is not recognised by any enabled wallet.",
      zh: '付款条码无效。',
    },
    customerMessage: {
      en: 'Invalid payment code. Please show a valid payment code.',
      zh: '付款码无效，请出示正确的付款码。',
    },
  },
  barcode_expired: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'ask_buyer_new_barcode',
    messages: { en: "The buyer's payment barcode has expired.", zh: '付款条码已过期。' },
    customerMessage: {
      en: 'Your payment code has expired. Please refresh it and try again.',
      zh: '付款码已过期，请刷新后重试。',
    },
  },
  insufficient_fund: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'ask_buyer_other_method',
    messages: {
      en: "The buyer's account balance is insufficient for this payment.",
      zh: '付款人账户余额不足。',
    },
    customerMessage: {
      en: 'Your account balance is insufficient. Please top up or use another payment method.',
      zh: '您的账户余额不足，请充值或更换支付方式。',
    },
  },
  buyer_over_daily_limit: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'ask_buyer_other_method',
    messages: {
      en: "The payment would exceed the buyer's daily payment limit.",
      zh: '付款人当日付款金额超过上限。',
    },
    customerMessage: { en: 'You have reached your daily payment limit.', zh: '您已超过当日付款限额。' },
  },
  buyer_over_transaction_limit: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'ask_buyer_other_method',
    messages: {
      en: "The amount exceeds the buyer's per-transaction payment limit.",
      zh: '付款金额超过付款人单笔付款上限。',
    },
    customerMessage: {
      en: 'The amount exceeds your single payment limit.',
      zh: '金额超过您的单笔付款限额。',
    },
  },
  risk_rejected: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'ask_buyer_verify',
    messages: { en: "The channel's risk control rejected the transaction.", zh: '交易被支付渠道风控拒绝。' },
    customerMessage: { en: 'This transaction requires additional verification.', zh: '该交易需要额外验证。' },
  },
  payway_not_enabled: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_channel_config',
    messages: {
      en: 'This payment method is not enabled for the merchant (no channel account is configured for it).',
      zh: '商户未开通该支付方式（未配置对应的渠道账户）。',
    },
    customerMessage: { en: 'This payment method is not available.', zh: '暂不支持该支付方式。' },
  },
  currency_not_supported: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'use_supported_currency',
    messages: {
      en: 'The currency is not supported for this payment method or channel.',
      zh: '该支付方式或渠道不支持此币种。',
    },
    customerMessage: { en: 'This currency is not supported.', zh: '不支持该币种。' },
  },
  chain_not_supported: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'use_supported_chain',
    messages: {
      en: 'The blockchain network is not supported for this currency.',
      zh: '该币种不支持此区块链网络。',
    },
    customerMessage: { en: 'This network is not supported.', zh: '不支持该网络。' },
  },
  // Merchant, store and channel limits and balances.
  merchant_balance_insufficient: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'top_up_balance',
    messages: {
      en: "The merchant's balance is insufficient to fund this refund or payout.",
      zh: '商户余额不足，无法完成退款或付款。',
    },
    customerMessage: {
      en: 'The merchant cannot complete this operation right now.',
      zh: '商户暂时无法完成该操作。',
    },
  },
  seller_over_daily_limit: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'raise_channel_limit',
    messages: {
      en: "The payment would exceed the receiving account's daily collection limit at the channel.",
      zh: '收款账户当日收款金额超过上限。',
    },
    customerMessage: {
      en: 'The merchant cannot accept this payment today.',
      zh: '商户今日暂无法收取该笔付款。',
    },
  },
  store_over_daily_limit: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'raise_store_limit',
    messages: {
      en: "The payment would exceed the store's daily collection limit.",
      zh: '门店当日收款金额超过上限。',
    },
    customerMessage: {
      en: 'The merchant cannot accept this payment today.',
      zh: '商户今日暂无法收取该笔付款。',
    },
  },
  merchant_quota_exceeded: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'raise_channel_limit',
    messages: {
      en: 'The operation would exceed the merchant-wide quota configured at the channel.',
      zh: '超过支付渠道为商户配置的额度上限。',
    },
    customerMessage: {
      en: 'The merchant cannot accept this payment right now.',
      zh: '商户暂时无法收取该笔付款。',
    },
  },
  channel_limit_exceeded: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'lower_amount',
    messages: {
      en: 'The amount exceeds a per-transaction or daily limit of the channel or of the receiving account.',
      zh: '金额超过渠道或收款账户的单笔或当日限额。',
    },
    customerMessage: { en: 'The amount exceeds the allowed limit.', zh: '金额超过允许的限额。' },
  },
  // Refunds.
  refund_amount_exceeded: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_amount',
    messages: {
      en: 'The refund amount exceeds the amount still refundable on the charge.',
      zh: '退款金额超过订单可退金额。',
    },
    customerMessage: { en: 'The refund amount exceeds the refundable amount.', zh: '退款金额超过可退金额。' },
  },
  refund_amount_invalid: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_amount',
    messages: {
      en: 'The channel rejected the refund amount as invalid for this charge.',
      zh: '支付渠道认为该退款金额无效。',
    },
    customerMessage: { en: 'The refund amount is invalid.', zh: '退款金额无效。' },
  },
  refund_not_allowed: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'query_charge',
    messages: {
      en: "The charge's current status does not allow a refund (it is not paid, or already fully refunded or reversed).",
      zh: '订单当前状态不可退款（未支付成功，或已全额退款、已撤销）。',
    },
    customerMessage: { en: 'This order cannot be refunded.', zh: '该订单无法退款。' },
  },
  refund_pending_exists: {
    httpStatus: 402,
    category: 'business',
    retryable: true,
    retryStrategy: 'backoff',
    nextAction: 'retry_later',
    messages: {
      en: 'Another refund of this charge is still pending; retry after it completes.',
      zh: '该订单已有一笔退款在处理中，请待其完成后再试。',
    },
    customerMessage: { en: 'Your refund is being processed.', zh: '退款处理中。' },
  },
  refund_window_expired: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'refund_offline',
    messages: {
      en: 'The charge is too old to be refunded through the channel.',
      zh: '交易已超过渠道允许的退款期限。',
    },
    customerMessage: { en: 'This order is past its refund period.', zh: '该订单已超过退款期限。' },
  },
  partial_refund_not_supported: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'refund_full_amount',
    messages: {
      en: 'The channel of this charge does not support partial refunds.',
      zh: '原交易渠道不支持部分退款。',
    },
    customerMessage: { en: 'This order can only be refunded in full.', zh: '该订单仅支持全额退款。' },
  },
  full_refund_not_supported: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'refund_partial_amount',
    messages: {
      en: 'The channel of this charge does not support full refunds.',
      zh: '原交易渠道不支持全额退款。',
    },
    customerMessage: { en: 'This order cannot be refunded in full.', zh: '该订单不支持全额退款。' },
  },
  /** Also a refund repeated after it completed (Shouqianba UPAY_REFUND_ORDER_NOOP): query it, nothing new happens. */
  refund_no_used: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'query_refund',
    messages: {
      en: 'This refund number has already been used; query that refund, or use a new number for a new refund.',
      zh: '退款单号已被使用，请查询该笔退款，或为新的退款使用新单号。',
    },
    customerMessage: { en: 'This refund has already been submitted.', zh: '该退款已提交过。' },
  },
  /**
   * Refused up front for a documented rule of the channel (refunds not allowed for this product, promotion orders);
   * nothing happened and retrying cannot help. Compare `refund_refused_msg` and `refund_failed`.
   */
  refund_refused: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'refund_offline',
    messages: {
      en: 'The channel refused the refund because this transaction is not refundable under its rules.',
      zh: '退款失败，被支付渠道拒绝',
    },
    customerMessage: { en: 'This order cannot be refunded.', zh: '该订单无法退款。' },
  },
  /**
   * Refused by the wallet behind the channel (WeChat, Alipay) for a reason that exists only as free text, which
   * `channel_error.message` carries verbatim; read it to decide. Not a documented rule (that is `refund_refused`).
   */
  refund_refused_msg: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_channel_error',
    messages: {
      en: 'The wallet behind the channel refused the refund and gave its reason only as text; read channel_error.message.',
      zh: '退款已被支付渠道拒绝',
    },
    customerMessage: { en: 'The refund was declined.', zh: '退款被拒绝。' },
  },
  /**
   * Accepted first, failed later (a refund status FAILED, a failure notification): final, unlike `refund_retry`;
   * not a refusal of the request, unlike `refund_refused`.
   */
  refund_failed: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_channel_error',
    messages: { en: 'The refund was accepted but ended in failure at the channel.', zh: '退款失败' },
    customerMessage: { en: 'The refund failed.', zh: '退款失败。' },
  },
  /**
   * Nothing was refunded and the cause is transient (a communication failure on the refund): resend with the same
   * refund number, so that at most one refund happens.
   */
  refund_retry: {
    httpStatus: 402,
    category: 'business',
    retryable: true,
    retryStrategy: 'backoff',
    nextAction: 'retry_refund',
    messages: {
      en: 'The refund failed transiently; send it again with the same refund number.',
      zh: '退款失败，需要重新发起退款',
    },
    customerMessage: { en: 'Your refund is delayed and will be retried.', zh: '退款延迟，将重新发起。' },
  },
  refund_pending: {
    httpStatus: 402,
    category: 'business',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'query_refund',
    messages: {
      en: "The refund's outcome is not known yet; query it later.",
      zh: '退款状态未明，请稍后查询',
    },
    customerMessage: { en: 'Your refund is being processed.', zh: '退款处理中。' },
  },
  refund_wait_operation: {
    httpStatus: 402,
    category: 'business',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'wait_for_refund_notification',
    messages: {
      en: 'The refund was accepted and waits for a further action by the buyer or the merchant before it completes.',
      zh: '退款需要等待用户进一步操作',
    },
    customerMessage: { en: 'Your refund is being processed.', zh: '退款处理中。' },
  },
  /** The channel cannot settle it (Shouqianba REFUND_ERROR after its retries, FAIL_* flows): a human refunds offline. */
  refund_manual_intervention: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'refund_offline',
    messages: {
      en: 'The refund cannot be completed through the channel; refund the buyer offline or by transfer.',
      zh: '退款失败，需要通过线下或转账进行退款',
    },
    customerMessage: { en: 'Your refund will be handled manually.', zh: '退款将由人工处理。' },
  },
  refund_unexpected_status: {
    httpStatus: 502,
    category: 'channel',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'query_refund',
    messages: {
      en: 'The channel reported a refund status that is unknown or contradictory.',
      zh: '退款返回意外的状态码',
    },
    customerMessage: { en: 'The refund result is being confirmed.', zh: '退款结果确认中。' },
  },
  refund_not_found: {
    httpStatus: 404,
    category: 'not_found',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_refund_reference',
    messages: { en: 'The payment channel has no record of this refund.', zh: '未在渠道查找到相应退款信息' },
    customerMessage: { en: 'The refund could not be found.', zh: '未找到该退款。' },
  },
  /** Pass-through of the channel's own refund text, with no failure code of its own (e.g. Octopus rejectReason). */
  refund_info_from_channel: {
    httpStatus: 402,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_channel_error',
    messages: {
      en: 'The channel returned an informational message about the refund; read channel_error.message.',
      zh: '来自渠道的退款信息',
    },
    customerMessage: {
      en: 'The payment provider updated the refund information.',
      zh: '支付渠道更新了退款信息。',
    },
  },
  // Transfers (payouts) and red envelopes.
  transfer_no_used: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'query_transfer',
    messages: {
      en: 'This transfer number has already been used; query that transfer, or use a new number for a new transfer.',
      zh: '转账单号已被使用，请查询该笔转账，或为新的转账使用新单号。',
    },
    customerMessage: { en: 'This transfer has already been submitted.', zh: '该转账已提交过。' },
  },
  transfer_wait_operation: {
    httpStatus: 402,
    category: 'business',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'open_transfer_url',
    messages: {
      en: 'The transfer needs the payer to open the returned URL to complete the payment.',
      zh: '转账需要打开地址进行下一步付款操作',
    },
    customerMessage: { en: 'Please open the link to complete the transfer.', zh: '请打开链接完成转账。' },
  },
  transfer_system_busy: {
    httpStatus: 503,
    category: 'channel',
    retryable: true,
    retryStrategy: 'backoff',
    nextAction: 'retry_with_same_order_no',
    messages: {
      en: 'The channel is busy; retry the transfer later with the same merchant order number and only one transfer will be made.',
      zh: '支付渠道系统繁忙，请稍后用同一商户单号再次调用只会发送一笔转账',
    },
    customerMessage: {
      en: 'Payment service is temporarily unavailable. Please try again later.',
      zh: '支付服务暂时不可用，请稍后重试。',
    },
  },
  red_system_busy: {
    httpStatus: 503,
    category: 'channel',
    retryable: true,
    retryStrategy: 'backoff',
    nextAction: 'retry_with_same_order_no',
    messages: {
      en: 'The channel is busy; retry the red envelope later with the same merchant order number and only one will be sent.',
      zh: '支付渠道系统繁忙，请稍后用同一商户单号再次调用只会发送一个红包',
    },
    customerMessage: {
      en: 'Payment service is temporarily unavailable. Please try again later.',
      zh: '支付服务暂时不可用，请稍后重试。',
    },
  },
  recipient_account_invalid: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_recipient_account',
    messages: {
      en: 'The recipient account does not exist or its name does not match.',
      zh: '收款账户不存在或户名不匹配。',
    },
    customerMessage: { en: 'The receiving account details are incorrect.', zh: '收款账户信息有误。' },
  },
  recipient_account_blocked: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'contact_recipient',
    messages: {
      en: 'The recipient account is blocked and cannot receive funds.',
      zh: '收款账户已被冻结，无法入账。',
    },
    customerMessage: { en: 'The receiving account cannot receive funds.', zh: '收款账户无法入账。' },
  },
  destination_not_supported: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_recipient_account',
    messages: {
      en: 'The payout channel does not support the destination bank or e-wallet.',
      zh: '出款渠道不支持该收款银行或电子钱包。',
    },
    customerMessage: { en: 'This bank or wallet is not supported.', zh: '不支持该银行或钱包。' },
  },
  transfer_reversed: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'query_transfer',
    messages: {
      en: "The transfer was returned by the receiving channel after it completed; the funds are back in the merchant's balance.",
      zh: '转账完成后被收款渠道退回，资金已退回商户余额。',
    },
    customerMessage: { en: 'The transfer was returned.', zh: '转账已被退回。' },
  },
  // Agreements (recurring deductions) and exchange rates.
  agreement_not_found: {
    httpStatus: 404,
    category: 'not_found',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_agreement',
    messages: { en: 'The agreement does not exist.', zh: '协议不存在。' },
    customerMessage: { en: 'Your payment authorization could not be found.', zh: '未找到您的支付授权。' },
  },
  agreement_expired: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'resign_agreement',
    messages: {
      en: 'The agreement has expired; the user must sign a new one.',
      zh: '协议已过期，需要用户重新签约。',
    },
    customerMessage: {
      en: 'Your payment authorization has expired. Please re-authorize.',
      zh: '您的支付授权已过期，请重新授权。',
    },
  },
  agreement_unsigned: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'resign_agreement',
    messages: {
      en: 'The agreement has been unsigned; the user must sign a new one.',
      zh: '协议已解约，需要用户重新签约。',
    },
    customerMessage: {
      en: 'Your payment authorization has been cancelled. Please re-authorize.',
      zh: '您的支付授权已取消，请重新授权。',
    },
  },
  agreement_suspended: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'wait_for_agreement_resume',
    messages: {
      en: 'The agreement is suspended; deductions are possible again once it is resumed.',
      zh: '协议已暂停，恢复后才能扣款。',
    },
    customerMessage: { en: 'Your payment authorization is suspended.', zh: '您的支付授权已暂停。' },
  },
  agreement_status_invalid: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'query_agreement',
    messages: {
      en: "The agreement's current status does not allow this operation.",
      zh: '协议当前状态不支持此操作。',
    },
    customerMessage: {
      en: 'This operation is not available for your payment authorization.',
      zh: '您的支付授权暂不支持此操作。',
    },
  },
  agreement_already_signed: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'use_existing_agreement',
    messages: {
      en: 'The user already has a signed agreement of this kind; deduct with it directly.',
      zh: '用户已签约该协议，可直接发起扣款。',
    },
    customerMessage: { en: 'You have already authorized this merchant.', zh: '您已授权该商户。' },
  },
  agreement_sign_url_expired: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'create_sign_request',
    messages: {
      en: 'The agreement signing link has expired; create a new sign request.',
      zh: '签约链接已过期，请重新发起签约请求。',
    },
    customerMessage: { en: 'This authorization link has expired.', zh: '该授权链接已过期。' },
  },
  agreement_single_limit_exceeded: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'lower_amount',
    messages: {
      en: "The amount exceeds the agreement's limit for a single deduction.",
      zh: '扣款金额超过协议单笔限额。',
    },
    customerMessage: {
      en: 'The amount exceeds your authorized single payment limit.',
      zh: '金额超过您授权的单笔限额。',
    },
  },
  agreement_quota_exceeded: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'wait_for_limit_reset',
    messages: {
      en: "The deduction would exceed the agreement's remaining quota for the current period.",
      zh: '扣款将超过协议本期剩余额度。',
    },
    customerMessage: {
      en: 'You have reached your spending limit for this period.',
      zh: '您已达到本期消费限额。',
    },
  },
  agreement_limit_exceeds_template: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'lower_limits',
    messages: {
      en: 'The requested agreement limits exceed the maximum allowed by the agreement template.',
      zh: '申请的协议限额超过协议模板允许的上限。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  exchange_rate_expired: {
    httpStatus: 402,
    category: 'business',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'refresh_exchange_rate',
    messages: {
      en: 'The exchange rate has expired; get a new rate before trying again.',
      zh: '汇率已过期，请重新获取汇率后再试。',
    },
    customerMessage: { en: 'The exchange rate has expired. Please try again.', zh: '汇率已过期，请重试。' },
  },
  // Channel: talking to the upstream provider failed, or the provider refused polypay itself.
  channel_connection_error: {
    httpStatus: 504,
    category: 'channel',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'query_before_retry',
    messages: {
      en: 'Communication with the payment channel failed (timeout, reset or unreachable); the outcome is unknown.',
      zh: '支付渠道通讯异常',
    },
    customerMessage: {
      en: 'The payment result is being confirmed. Please do not pay again.',
      zh: '支付结果确认中，请勿重复支付。',
    },
  },
  channel_request_error: {
    httpStatus: 502,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'contact_support',
    messages: {
      en: 'The channel rejected the call at the HTTP or protocol level (unexpected status, unknown endpoint, malformed body).',
      zh: '请求支付渠道接口失败',
    },
    customerMessage: {
      en: 'Payment service is temporarily unavailable. Please try again later.',
      zh: '支付服务暂时不可用，请稍后重试。',
    },
  },
  channel_parse_error: {
    httpStatus: 502,
    category: 'channel',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'query_before_retry',
    messages: {
      en: "The channel's response could not be parsed in the expected format.",
      zh: '支付渠道返回意外的数据格式发生的解析错误',
    },
    customerMessage: {
      en: 'The payment result is being confirmed. Please do not pay again.',
      zh: '支付结果确认中，请勿重复支付。',
    },
  },
  /** The channel's signature on ITS message is bad. The channel rejecting OUR signature is `channel_auth_error`. */
  channel_sign_error: {
    httpStatus: 502,
    category: 'channel',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'query_before_retry',
    messages: {
      en: "A response or notification from the channel failed polypay's signature verification.",
      zh: '支付渠道返回的数据没有通过签名验证',
    },
    customerMessage: {
      en: 'The payment result is being confirmed. Please do not pay again.',
      zh: '支付结果确认中，请勿重复支付。',
    },
  },
  channel_unexpected_error: {
    httpStatus: 502,
    category: 'channel',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'query_before_retry',
    messages: {
      en: 'The payment channel failed with an internal or unknown error.',
      zh: '支付渠道遇到未知错误',
    },
    customerMessage: {
      en: 'The payment result is being confirmed. Please do not pay again.',
      zh: '支付结果确认中，请勿重复支付。',
    },
  },
  channel_unavailable: {
    httpStatus: 503,
    category: 'channel',
    retryable: true,
    retryStrategy: 'backoff',
    nextAction: 'retry_later',
    messages: {
      en: 'The payment channel is temporarily unavailable (maintenance, overload or a failing dependency).',
      zh: '支付渠道暂时不可用（维护中、繁忙或依赖服务异常）。',
    },
    customerMessage: {
      en: 'Payment service is temporarily unavailable. Please try again later.',
      zh: '支付服务暂时不可用，请稍后重试。',
    },
  },
  channel_parameter_error: {
    httpStatus: 402,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_channel_config',
    messages: {
      en: "The channel rejected the request's parameters or the merchant's channel configuration.",
      zh: '支付渠道参数错误',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  /**
   * The channel rejects OUR authentication: our signature (Shouqianba ILLEGAL_SIGN, EFTPay 10, Bybit 139005002,
   * PayCools 21001), key, app id, terminal or IP. Seed 000 gives it channel_parameter_error's text; the meaning is auth.
   */
  channel_auth_error: {
    httpStatus: 402,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'fix_channel_credentials',
    messages: {
      en: "The channel rejected polypay's credentials for this merchant (signature, key, app id or source IP).",
      zh: '支付渠道参数错误',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  channel_timestamp_rejected: {
    httpStatus: 402,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'sync_clock',
    messages: {
      en: 'The channel rejected the request timestamp as malformed or outside its allowed window.',
      zh: '支付渠道拒绝了请求时间戳（格式错误或超出允许的时间窗口）。',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  channel_duplicate_request: {
    httpStatus: 402,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'query_before_retry',
    messages: {
      en: 'The channel already received a request with this request or idempotency number; query it for the existing result.',
      zh: '支付渠道已收到相同请求单号的请求，请查询已有结果。',
    },
    customerMessage: {
      en: 'The payment result is being confirmed. Please do not pay again.',
      zh: '支付结果确认中，请勿重复支付。',
    },
  },
  channel_response_code_fail: {
    httpStatus: 402,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_channel_error',
    messages: {
      en: 'The channel answered with a failure result code that has no more specific unified code; see channel_error.',
      zh: '支付渠道响应码错误',
    },
    customerMessage: { en: 'The payment was declined.', zh: '支付被拒绝。' },
  },
  channel_parameters_consistency_error: {
    httpStatus: 402,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_original_transaction',
    messages: {
      en: 'The request does not match the original transaction at the channel (amount, order number or wallet).',
      zh: '支付渠道参数一致性检测失败',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  channel_request_info: {
    httpStatus: 402,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'check_channel_error',
    messages: {
      en: 'The channel returned an informational message about the request; read channel_error.message.',
      zh: '来自渠道的信息',
    },
    customerMessage: { en: 'The payment provider returned a message.', zh: '支付渠道返回了提示信息。' },
  },
  channel_not_support_red_envelope: {
    httpStatus: 402,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'upgrade_channel_config',
    messages: {
      en: "The merchant's WeChat channel parameters are too old to send red envelopes.",
      zh: '您的微信参数版本不支持发送红包请联系微信升级为新版本',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  channel_not_support_transfer: {
    httpStatus: 402,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'upgrade_channel_config',
    messages: {
      en: "The merchant's WeChat channel parameters are too old to send enterprise payments (transfers).",
      zh: '您的微信参数版本不支持发送企业付款请联系微信升级为新版本',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  query_right_error: {
    httpStatus: 402,
    category: 'channel',
    retryable: false,
    retryStrategy: 'never',
    nextAction: 'enable_channel_query_permission',
    messages: {
      en: "The channel denied the query permission; sign the channel's transaction query and account statement interfaces.",
      zh: '支付渠道查询权限错误,请登录支付宝在线人工窗口，免费签约`账务明细`接口和`交易查询`接口',
    },
    customerMessage: {
      en: 'The payment could not be processed. Please contact the merchant.',
      zh: '支付请求无法处理，请联系商户。',
    },
  },
  channel_notify_id_error: {
    httpStatus: 502,
    category: 'channel',
    retryable: true,
    retryStrategy: 'query_first',
    nextAction: 'query_before_retry',
    messages: {
      en: "The channel's notification id is invalid or has expired.",
      zh: '支付渠道的`NOTIFY ID`非法或已失效',
    },
    customerMessage: {
      en: 'The payment result is being confirmed. Please do not pay again.',
      zh: '支付结果确认中，请勿重复支付。',
    },
  },
} as const satisfies Record<string, ErrorDefinition>;

/** A code of the unified catalog. */
export type UnifiedCode = keyof typeof CATALOG;
