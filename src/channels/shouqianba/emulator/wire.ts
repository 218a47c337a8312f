import { SHOUQIANBA_ERROR_CODES } from '../codes.js';

/**
 * Shouqianba upay's answer shapes (seed 001, SQB-DOC zh-cn/api/interface/*.md): an outer layer
 * `{result_code: "200"|"400"|"500", error_code, error_message, biz_response}` and, inside, the operation's
 * `{result_code, error_code, error_message, data}`. Every value is a string.
 */

export type Json = { [key: string]: unknown };

export const OUTER_CODES = {
  INVALID_PARAMS: '400',
  INVALID_TERMINAL: '400',
  ILLEGAL_SIGN: '400',
  UNKNOWN_SYSTEM_ERROR: '500',
} as const;
export type OuterCode = keyof typeof OUTER_CODES;

const MESSAGES = new Map(SHOUQIANBA_ERROR_CODES.map((row) => [row.code, row.message]));

/** The seed's Chinese message of an upstream code. */
export function messageOf(code: string): string {
  return MESSAGES.get(code) ?? code;
}

export function isOuterCode(code: string): code is OuterCode {
  return Object.hasOwn(OUTER_CODES, code);
}

/** A communication-layer failure: no biz_response. */
export function outerError(code: OuterCode, message = messageOf(code)): Json {
  return { result_code: OUTER_CODES[code], error_code: code, error_message: message };
}

/** A carried call: outer 200 and the operation's result. */
export function bizAnswer(resultCode: string, data?: Json, error?: { code: string; message?: string }): Json {
  return {
    result_code: '200',
    biz_response: {
      result_code: resultCode,
      ...(error === undefined
        ? {}
        : { error_code: error.code, error_message: error.message ?? messageOf(error.code) }),
      ...(data === undefined ? {} : { data }),
    },
  };
}

/** The terminal calls' answer: activate and checkin carry no biz result_code. */
export function terminalAnswer(biz: Json): Json {
  return { result_code: '200', biz_response: biz };
}
