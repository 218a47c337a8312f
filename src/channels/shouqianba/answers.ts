import type { BizResult, ChargeStatus, FlowStatus } from '../../domain/statuses.js';
import type { ChannelErrorDetail } from '../../errors/polypay-error.js';
import { channelFaults, parseJsonBody } from '../kit/http-client.js';
import type { ChannelOutcome } from '../port.js';
import {
  SHOUQIANBA_BIZ_RESULTS,
  SHOUQIANBA_ERROR_CODES,
  SHOUQIANBA_FLOW_STATUSES,
  SHOUQIANBA_ORDER_STATUSES,
  type ShouqianbaBizResult,
  type ShouqianbaFlowStatus,
  type ShouqianbaOrderStatus,
} from './codes.js';

/**
 * Reads upay's two-layer answers (seed 001) into the Channel port's outcome: the outer result_code says
 * whether the call was carried, biz_response.result_code what the operation did, data.status the flow and
 * data.order_status the truth about the money. Every upstream code goes through codes.ts.
 */

export type SqbOperation = 'pay' | 'precreate' | 'query' | 'cancel' | 'revoke' | 'refund' | 'query_refund';

/** What an answer's data holds, as on the wire (all strings). */
export interface SqbOrderData {
  readonly sn?: string;
  readonly client_sn?: string;
  readonly trade_no?: string;
  readonly status?: string;
  readonly order_status?: string;
  readonly payer_uid?: string;
  readonly qr_code?: string;
  readonly total_amount?: string;
  readonly net_amount?: string;
}

export interface SqbAnswer {
  readonly resultCode: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly biz?: {
    readonly resultCode?: string;
    readonly errorCode?: string;
    readonly errorMessage?: string;
    readonly data?: SqbOrderData;
    readonly raw: Record<string, unknown>;
  };
}

const UNIFIED = new Map(SHOUQIANBA_ERROR_CODES.map((row) => [row.code, row.unified]));

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Parses an answer body; anything that is not upay's shape is a parse error (outcome unknown). */
export function readAnswer(body: Buffer): SqbAnswer {
  const parsed = parseJsonBody(body);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw channelFaults.parse('the answer is not a JSON object');
  const outer = parsed as Record<string, unknown>;
  const resultCode = text(outer.result_code);
  if (resultCode === undefined) throw channelFaults.parse('the answer has no result_code');
  const errorCode = text(outer.error_code);
  const errorMessage = text(outer.error_message);
  const base = {
    resultCode,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(errorMessage === undefined ? {} : { errorMessage }),
  };
  if (resultCode !== '200') return base;
  const biz = outer.biz_response;
  if (typeof biz !== 'object' || biz === null || Array.isArray(biz))
    throw channelFaults.parse('the answer has result_code 200 but no biz_response');
  const raw = biz as Record<string, unknown>;
  const data = raw.data;
  const bizCode = text(raw.result_code);
  const bizError = text(raw.error_code);
  const bizMessage = text(raw.error_message);
  return {
    ...base,
    biz: {
      raw,
      ...(bizCode === undefined ? {} : { resultCode: bizCode }),
      ...(bizError === undefined ? {} : { errorCode: bizError }),
      ...(bizMessage === undefined ? {} : { errorMessage: bizMessage }),
      ...(typeof data === 'object' && data !== null && !Array.isArray(data) ? { data: stringsOf(data) } : {}),
    },
  };
}

function stringsOf(data: object): SqbOrderData {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    const t = text(value);
    if (t !== undefined) out[key] = t;
  }
  return out;
}

function channelError(code: string, message: string | undefined): ChannelErrorDetail {
  return { provider: 'shouqianba', code, message: message ?? code };
}

function errorOf(code: string, message: string | undefined): NonNullable<ChannelOutcome['error']> {
  return {
    code: UNIFIED.get(code) ?? 'channel_response_code_fail',
    channelError: channelError(code, message),
  };
}

/** Result an operation gives when nothing was carried out (outer 400). */
const NOT_DONE: Readonly<Record<SqbOperation, BizResult>> = {
  pay: 'PAY_FAIL',
  precreate: 'PRECREATE_FAIL',
  query: 'FAIL',
  cancel: 'FAIL',
  revoke: 'FAIL',
  refund: 'FAIL',
  query_refund: 'FAIL',
};

/**
 * Result an operation gives when upay failed inside (outer 500, UNKNOWN_SYSTEM_ERROR): whatever it did is
 * unknown, so each operation's "unknown" result, never its definite failure.
 */
const UNKNOWN: Readonly<Record<SqbOperation, BizResult>> = {
  pay: 'FAIL',
  precreate: 'FAIL',
  query: 'FAIL',
  cancel: 'CANCEL_ERROR',
  revoke: 'CANCEL_ERROR',
  refund: 'REFUND_ERROR',
  query_refund: 'REFUND_ERROR',
};

function flowOfResult(result: BizResult): FlowStatus {
  switch (result) {
    case 'PAY_SUCCESS':
    case 'CANCEL_SUCCESS':
    case 'CANCEL_ABORT_SUCCESS':
    case 'REFUND_SUCCESS':
    case 'SUCCESS':
      return 'SUCCESS';
    case 'PAY_FAIL':
    case 'PRECREATE_FAIL':
    case 'FAIL':
      return 'FAIL_CANCELED';
    case 'PAY_FAIL_ERROR':
    case 'PRECREATE_FAIL_ERROR':
      return 'FAIL_ERROR';
    case 'CANCEL_ERROR':
    case 'CANCEL_ABORT_ERROR':
      return 'CANCEL_ERROR';
    case 'REFUND_ERROR':
      return 'REFUND_ERROR';
    default:
      return 'IN_PROG';
  }
}

function orderStatusOf(data: SqbOrderData | undefined): {
  orderStatus?: ChargeStatus;
  error?: NonNullable<ChannelOutcome['error']>;
} {
  const raw = data?.order_status;
  if (raw === undefined) return {};
  const mapped = Object.hasOwn(SHOUQIANBA_ORDER_STATUSES, raw)
    ? SHOUQIANBA_ORDER_STATUSES[raw as ShouqianbaOrderStatus]
    : SHOUQIANBA_ORDER_STATUSES.INVALID_STATUS_CODE;
  if ('status' in mapped) return { orderStatus: mapped.status };
  return { error: { code: mapped.error, channelError: channelError(raw, '无效的状态码') } };
}

/** The outcome of one call's answer. Throws channel_parse_error for an answer upay would never give. */
export function outcomeOf(operation: SqbOperation, answer: SqbAnswer): ChannelOutcome {
  if (answer.resultCode !== '200') {
    const code =
      answer.errorCode ?? (answer.resultCode === '500' ? 'UNKNOWN_SYSTEM_ERROR' : 'INVALID_PARAMS');
    const serverSide = answer.resultCode.startsWith('5');
    return {
      bizResult: serverSide ? UNKNOWN[operation] : NOT_DONE[operation],
      flowStatus: serverSide ? 'FAIL_PROTOCOL_1' : 'FAIL_CANCELED',
      error: errorOf(code, answer.errorMessage),
    };
  }
  const biz = answer.biz!;
  const raw = biz.resultCode;
  if (raw === undefined || !Object.hasOwn(SHOUQIANBA_BIZ_RESULTS, raw))
    throw channelFaults.parse(`unknown biz_response.result_code ${JSON.stringify(raw ?? null)}`);
  let bizResult: BizResult = SHOUQIANBA_BIZ_RESULTS[raw as ShouqianbaBizResult];
  const data = biz.data;
  const order = orderStatusOf(data);
  let error = biz.errorCode === undefined ? order.error : errorOf(biz.errorCode, biz.errorMessage);
  let orderStatus = order.orderStatus;

  // Answers whose literal result would mislead the gateway (README: "reading the answers").
  if (operation === 'pay' && biz.errorCode === 'CLIENT_SN_CONFLICT') {
    // Our client_sn is the charge id: an earlier attempt of this very charge reached upay. Only a query knows.
    bizResult = 'FAIL';
    orderStatus = undefined;
  } else if (biz.errorCode === 'UPAY_TCP_ORDER_NOT_REFUNDABLE') {
    // The doc's example answers CANCEL_ERROR, but the refusal is definite: nothing was reversed.
    bizResult = 'FAIL';
  } else if (operation === 'refund' && biz.errorCode === 'UPAY_REFUND_ORDER_NOOP') {
    // Our refund_request_no is the refund's own id: the retry of a refund that already completed.
    bizResult = 'REFUND_SUCCESS';
    error = undefined;
  } else if (operation === 'query_refund' && bizResult === 'SUCCESS') {
    // A query by refund_request_no: the flow status is the refund's.
    const flow = data?.status;
    bizResult =
      flow === 'SUCCESS'
        ? 'REFUND_SUCCESS'
        : flow === 'REFUND_ERROR'
          ? 'REFUND_ERROR'
          : flow === 'IN_PROG'
            ? 'REFUND_IN_PROGRESS'
            : 'FAIL';
  }
  const flowRaw = data?.status;
  const flowStatus: FlowStatus =
    flowRaw !== undefined && Object.hasOwn(SHOUQIANBA_FLOW_STATUSES, flowRaw)
      ? SHOUQIANBA_FLOW_STATUSES[flowRaw as ShouqianbaFlowStatus]
      : flowOfResult(bizResult);
  return {
    bizResult,
    flowStatus,
    ...(orderStatus === undefined ? {} : { orderStatus }),
    ...(data?.sn === undefined ? {} : { channelTradeNo: data.sn }),
    ...(data?.payer_uid === undefined || !PAID_LIKE.has(orderStatus) ? {} : { buyerId: data.payer_uid }),
    ...(data?.qr_code === undefined ? {} : { qrCode: data.qr_code }),
    ...(error === undefined ? {} : { error }),
  };
}

const PAID_LIKE = new Set<ChargeStatus | undefined>(['PAID', 'PARTIAL_REFUNDED', 'REFUNDED', 'REFUND_ERROR']);
