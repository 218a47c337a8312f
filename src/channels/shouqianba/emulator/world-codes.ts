/**
 * The answers of the world behind upay (the wallets, Shouqianba's own back end) that a scenario can ask an
 * operation for. Every other business code comes from the rules.
 */

export const FLOW_FAULTS = new Set([
  'FAIL_IO_1',
  'FAIL_IO_2',
  'FAIL_PROTOCOL_1',
  'FAIL_PROTOCOL_2',
  'FAIL_PROTOCOL_3',
]);
export const WALLET_REFUSALS = new Set([
  'INVALID_BARCODE',
  'INSUFFICIENT_FUND',
  'EXPIRED_BARCODE',
  'BUYER_OVER_DAILY_LIMIT',
  'BUYER_OVER_TRANSACTION_LIMIT',
  'SELLER_OVER_DAILY_LIMIT',
  'TRADE_FAILED',
  'TRADE_HAS_SUCCESS',
]);

const CANCEL_WORLD = new Set([
  'CANCEL_ERROR',
  'CANCEL_ABORT_ERROR',
  'CANCEL_IN_PROGRESS',
  'CANCEL_ABORT_IN_PROGRESS',
  'TRADE_NOT_EXIST',
  'SELLER_BALANCE_NOT_ENOUGH',
]);

/** World codes each operation can be told to answer (besides the outer codes). */
export const WORLD_CODES: Readonly<Record<string, ReadonlySet<string>>> = {
  pay: new Set([
    'PAY_IN_PROGRESS',
    'PAY_FAIL_ERROR',
    'PAY_FAIL_IN_PROGRESS',
    ...FLOW_FAULTS,
    ...WALLET_REFUSALS,
  ]),
  precreate: new Set(['PRECREATE_FAIL_ERROR', 'PRECREATE_FAIL_IN_PROGRESS', 'TRADE_FAILED']),
  query: new Set(['INVALID_STATUS_CODE', 'TRADE_NOT_EXIST']),
  cancel: CANCEL_WORLD,
  revoke: CANCEL_WORLD,
  refund: new Set(['REFUND_ERROR', 'REFUND_IN_PROGRESS', 'SELLER_BALANCE_NOT_ENOUGH', 'TRADE_NOT_EXIST']),
};
