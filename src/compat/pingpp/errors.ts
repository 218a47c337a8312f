import { getDefinition } from '../../errors/lookup.js';
import { PolypayError } from '../../errors/polypay-error.js';

/** Ping++'s error body: `{"error": {type, message, code, param}}`. */
export interface PingppErrorBody {
  readonly error: {
    readonly type: 'invalid_request_error' | 'api_error' | 'channel_error';
    readonly message: string;
    readonly code?: string;
    readonly param?: string;
  };
}

/**
 * A unified error as Ping++ writes it. The HTTP status is the catalog's (seed 000's table: 400, 401,
 * 402, 403, 404, 5xx); the type follows the class: a channel's error is `channel_error`, a server or
 * upstream failure `api_error`, anything the request itself got wrong or was refused for
 * `invalid_request_error`. The code is polypay's unified code (seed 000's codes are Ping++'s own).
 */
export function toPingppError(
  error: PolypayError,
  language: 'en' | 'zh' = 'en',
): { status: number; body: PingppErrorBody } {
  const definition = getDefinition(error.code);
  if (!definition) return toPingppError(new PolypayError('internal_error', { cause: error }), language);
  const type =
    definition.category === 'channel'
      ? 'channel_error'
      : definition.category === 'server'
        ? 'api_error'
        : 'invalid_request_error';
  // As the main API: in Chinese the catalog's message first, then the thrower's detail in Chinese
  // where it gave one (else its English).
  const detailZh = error.messageZh ?? (error.hasCustomMessage ? error.message : undefined);
  const message =
    language === 'zh'
      ? `${definition.messages.zh}${detailZh !== undefined ? `（${detailZh}）` : ''}`
      : error.hasCustomMessage
        ? error.message
        : definition.messages.en;
  const channel = error.channelError ? ` (${error.channelError.code}: ${error.channelError.message})` : '';
  return {
    status: definition.httpStatus,
    body: {
      error: {
        type,
        message: `${message}${channel}`,
        code: error.code,
        ...(error.param !== undefined ? { param: error.param } : {}),
      },
    },
  };
}

/** A parameter at fault: 400 `invalid_params` naming it, as Ping++ names it. */
export function badParam(param: string, message: string): PolypayError {
  return new PolypayError('invalid_params', { param, message });
}
