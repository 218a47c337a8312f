import { BYBIT_ERROR_CODES } from '../codes.js';

/** A refusal the emulator answers as `{retCode, retMsg, result}`; HTTP 200 unless the code says otherwise. */
export class BybitRefusal extends Error {
  readonly retCode: number;
  readonly httpStatus: number;
  readonly result: Record<string, unknown> | null;

  constructor(retCode: number, detail?: string, result: Record<string, unknown> | null = null) {
    super(detail === undefined ? retMsgOf(retCode) : `${retMsgOf(retCode)}: ${detail}`);
    this.retCode = retCode;
    this.httpStatus = HTTP_STATUS[retCode] ?? 200;
    this.result = result;
  }
}

/** Codes answered with an HTTP status of their own (reference §1); business codes ride on 200. */
const HTTP_STATUS: Readonly<Record<number, number>> = {
  40000: 400,
  40001: 401,
  40002: 403,
  40003: 404,
  42900: 429,
  50000: 500,
  50001: 503,
};

/** The description half of the seed's text ("Agreement does not existCheck…" → "Agreement does not exist"). */
export function retMsgOf(retCode: number): string {
  if (retCode === 42900) return 'Too many requests';
  const row = BYBIT_ERROR_CODES.find((c) => c.code === String(retCode));
  if (row === undefined) return 'Success';
  const split = /[a-z)]([A-Z])/.exec(row.message);
  return split === null ? row.message : row.message.slice(0, split.index + 1);
}

/** The identifier Bybit writes in `failure_reason` for a code (BALANCE_NOT_ENOUGH…). */
export function identifierOf(retCode: number): string {
  return BYBIT_ERROR_CODES.find((c) => c.code === String(retCode))?.identifier ?? 'SYSTEM_ERROR';
}

export const param = (detail: string) => new BybitRefusal(40000, detail);
