/**
 * Every upstream error code of seeds 001 (Shouqianba), 002 (EFTPay) and 004 (PayCools) that a charge,
 * cancel, close, void or refund can meet, injected with `metadata.sandbox_error` on the operation where it
 * applies, one test per code: the API answers the unified code, with `channel_error` = the provider's code
 * and message verbatim (from the seed), and nothing moves. The codes judged not applicable are listed with
 * their reason (docs/sandbox.md, "Which upstream codes apply to charges").
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDefinition, mapUpstream } from '../../src/errors/lookup.js';
import { DIALECTS } from '../helpers/stores.js';
import {
  type Charge,
  expectError,
  type InjectedOperation,
  injectError,
  type Refund,
  type Sandbox,
  startSandbox,
} from './sandbox-harness.js';

type Provider = 'shouqianba' | 'eftpay' | 'paycools';

/** Where each applicable code is injected. A key is the code, or `code:message` when a code has two rows. */
const APPLICABLE: Readonly<Record<Provider, Readonly<Record<string, InjectedOperation>>>> = {
  shouqianba: {
    INVALID_PARAMS: 'pay',
    INVALID_TERMINAL: 'pay',
    ILLEGAL_SIGN: 'pay',
    UNKNOWN_SYSTEM_ERROR: 'pay',
    INVALID_BARCODE: 'pay',
    INSUFFICIENT_FUND: 'pay',
    EXPIRED_BARCODE: 'pay',
    BUYER_OVER_DAILY_LIMIT: 'pay',
    BUYER_OVER_TRANSACTION_LIMIT: 'pay',
    SELLER_OVER_DAILY_LIMIT: 'pay',
    TRADE_NOT_EXIST: 'query',
    TRADE_HAS_SUCCESS: 'close',
    SELLER_BALANCE_NOT_ENOUGH: 'refund',
    REFUND_AMT_NOT_EQUAL_TOTAL: 'refund',
    TRADE_FAILED: 'pay',
    UNEXPECTED_PROVIDER_ERROR: 'pay',
    TRADE_TIMEOUT: 'precreate',
    ACCOUNT_BALANCE_NOT_ENOUGH: 'refund',
    CLIENT_SN_CONFLICT: 'pay',
    UPAY_ORDER_NOT_EXISTS: 'cancel',
    REFUNDABLE_AMOUNT_NOT_ENOUGH: 'refund',
    UPAY_TERMINAL_NOT_EXISTS: 'pay',
    UPAY_TERMINAL_STATUS_ABNORMAL: 'pay',
    UPAY_CANCEL_ORDER_NOOP: 'cancel',
    UPAY_CANCEL_INVALID_ORDER_STATE: 'cancel',
    UPAY_REFUND_ORDER_NOOP: 'refund',
    UPAY_REFUND_INVALID_ORDER_STATE: 'refund',
    UPAY_STORE_OVER_DAILY_LIMIT: 'pay',
    UPAY_TCP_ORDER_NOT_REFUNDABLE: 'cancel',
  },
  eftpay: {
    '-1': 'pay',
    '-11': 'pay',
    '-12': 'pay',
    '-13': 'pay',
    '-22': 'pay',
    '-23': 'pay',
    '-53': 'refund',
    '-54': 'refund',
    '-55': 'cancel',
    '-99:System error': 'pay',
    '-99:out_trade_no/refund_no must be unique': 'pay',
    '01': 'precreate',
    '02': 'pay',
    '03': 'pay',
    '04': 'refund',
    '05': 'refund',
    '06': 'pay',
    '09': 'precreate',
    '10': 'pay',
    '11': 'pay',
    '12': 'pay',
    '13': 'pay',
    '14': 'refund',
    '15': 'refund',
    '16': 'refund',
    '17': 'refund',
    '18': 'refund',
    '19': 'query',
    '20': 'pay',
    '21': 'pay',
    '22': 'pay',
    '23': 'pay',
    '24': 'precreate',
    '25': 'precreate',
    '29': 'precreate',
    '30': 'pay',
    '31': 'close',
    '40': 'cancel',
    '41': 'cancel',
    '42': 'cancel',
    '43': 'cancel',
    '44': 'cancel',
    '45': 'cancel',
    '46': 'refund',
    '47': 'refund',
    '48': 'refund',
    '49': 'refund',
    '50': 'refund',
    '51': 'refund',
    '52': 'query_refund',
    '53': 'refund',
    '54': 'close',
    '55': 'close',
    '56': 'pay',
    '57': 'pay',
    '58': 'pay',
    '59': 'pay',
    '60': 'pay',
    '61': 'pay',
    '62': 'pay',
    '64': 'refund',
    '80': 'precreate',
  },
  paycools: {
    '21000': 'pay',
    '21001': 'pay',
    '21002': 'pay',
    '21003': 'pay',
    '21004': 'pay',
    '21005': 'precreate',
    '21006': 'void',
    '21007': 'pay',
    '21008': 'pay',
    '21009': 'pay',
    '21010': 'pay',
    '21011': 'pay',
    '21016': 'pay',
    '21401': 'refund',
    '21402': 'refund',
    '21403': 'refund',
    '21404': 'refund',
    '21405': 'refund',
    '21406': 'refund',
    '21407': 'refund',
    '21408': 'refund',
    '21409': 'refund',
    '21500': 'void',
    '21501': 'void',
    '21502': 'void',
    '21503': 'void',
    '21504': 'void',
    '21505': 'void',
  },
};

const PAYOUT_FAILED =
  'a failedCode of a payout that turned FAILED (payout callback or status query); charges and refunds never carry one';

/** The codes of seeds 001, 002 and 004 no charge operation can meet, with the reason. */
const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  'eftpay:00': 'success, not an error',
  'paycools:10000': 'success, not an error',
  'paycools:21012': 'bankCode is a field of payout (disbursement) requests only',
  'paycools:21013': 'ewalletCode is a field of payout requests only',
  'paycools:21014': "the merchant's payout balance is short: disbursements only",
  'paycools:21015': 'idempotencyId is a field of payout requests only',
  ...Object.fromEntries(
    [
      '-10000',
      '-10001',
      '-10002',
      '-10003',
      '-10004',
      '-10005',
      '-10006',
      '-10007',
      '-10008',
      '-10009',
      '-10010',
    ].map((code) => [`paycools:${code}`, PAYOUT_FAILED]),
  ),
};

interface SeedRow {
  readonly provider: Provider;
  readonly code: string;
  readonly message: string;
  /** The APPLICABLE key: the code, or `code:message` when the provider has two rows with this code. */
  readonly key: string;
}

/** The error, success and failed codes of seeds 001, 002 and 004 (statuses are the magic rows' business). */
function seedCodes(): SeedRow[] {
  const text = readFileSync(new URL('../fixtures/seeds/codes.tsv', import.meta.url), 'utf8');
  const rows = text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter(
      ([seed, , kind]) =>
        ['001', '002', '004'].includes(seed!) && ['error', 'success', 'failed_code'].includes(kind!),
    )
    .map(([, provider, , code, , message]) => ({
      provider: provider as Provider,
      code: code!,
      message: message!,
    }));
  const count = (row: { provider: string; code: string }) =>
    rows.filter((other) => other.provider === row.provider && other.code === row.code).length;
  return rows.map((row) => ({ ...row, key: count(row) > 1 ? `${row.code}:${row.message}` : row.code }));
}

const SEED_CODES = seedCodes();
const CASES = SEED_CODES.flatMap((row) => {
  const operation = APPLICABLE[row.provider][row.key];
  return operation ? [{ ...row, operation }] : [];
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: every applicable upstream code through sandbox_error injection`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox(dialect);
    });
    afterAll(async () => sandbox?.close());

    it('classifies every code of seeds 001, 002 and 004 exactly once', () => {
      expect(SEED_CODES).toHaveLength(29 + 63 + 44);
      for (const row of SEED_CODES) {
        const applicable = APPLICABLE[row.provider][row.key] !== undefined;
        const excluded = NOT_APPLICABLE[`${row.provider}:${row.code}`] !== undefined;
        expect(applicable !== excluded, `${row.provider}:${row.key}`).toBe(true);
      }
      for (const provider of Object.keys(APPLICABLE) as Provider[]) {
        for (const key of Object.keys(APPLICABLE[provider])) {
          expect(
            SEED_CODES.some((row) => row.provider === provider && row.key === key),
            `${provider}:${key}`,
          ).toBe(true);
        }
      }
    });

    for (const row of CASES) {
      const unified = mapUpstream(row.provider, row.code, row.message)!;
      it(`${row.provider}:${row.key} on ${row.operation} → ${unified}`, async () => {
        const definition = getDefinition(unified)!;
        const upstream = { provider: row.provider, code: row.code, message: row.message };
        const value = row.key === row.code ? `${row.provider}:${row.code}` : `${row.provider}:${row.key}`;
        const merchant = await sandbox.merchant();
        const { response, chargeId } = await injectError(sandbox, merchant, row.operation, value);
        const charge = await merchant.peek(chargeId);
        const net = charge.amount - charge.fee;
        switch (row.operation) {
          case 'pay':
          case 'precreate':
            expectError(response, unified, definition.httpStatus, upstream);
            expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: unified, paid: false });
            expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
            break;
          case 'query': {
            expect(response.status).toBe(200);
            expect(charge.status).toBe('CREATED');
            expect(charge.flows.at(-1)).toMatchObject({
              kind: 'query',
              status: 'FAIL_CANCELED',
              error_code: unified,
              error_message: row.message,
            });
            const stored = await sandbox.api.store.db
              .selectFrom('charge_flows')
              .select('channel_error')
              .where('charge_id', '=', chargeId)
              .where('kind', '=', 'query')
              .executeTakeFirstOrThrow();
            expect(JSON.parse(stored.channel_error!)).toEqual(upstream);
            break;
          }
          case 'cancel':
            if (unified === 'cancel_already_done') {
              // The channel says the reversal already happened: polypay records the charge CANCELED.
              expect((response.body.data as Charge | undefined)?.status).toBe('CANCELED');
              expect(charge.flows.at(-1)).toMatchObject({ kind: 'cancel', error_code: unified });
              expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
              break;
            }
            expectError(response, unified, definition.httpStatus, upstream);
            expect(charge.status).toBe('PAID');
            expect(await merchant.balance()).toEqual({ available: 0, pending: net });
            break;
          case 'close':
            expectError(response, unified, definition.httpStatus, upstream);
            expect(charge.status).toBe('CREATED');
            break;
          case 'void':
            expectError(response, unified, definition.httpStatus, upstream);
            expect(charge.status).toBe('PAID');
            expect(await merchant.balance()).toEqual({ available: 0, pending: net });
            break;
          case 'refund':
            expectError(response, unified, definition.httpStatus, upstream);
            expect(await merchant.refundsOf(chargeId)).toMatchObject([
              { status: 'FAILED', failure_code: unified, failure_message: row.message },
            ]);
            expect(charge.status).toBe('PAID');
            expect(await merchant.balance()).toEqual({ available: 0, pending: net });
            break;
          case 'query_refund':
            expect(response.body.data as Refund).toMatchObject({
              status: 'FAILED',
              failure_code: unified,
              failure_message: row.message,
            });
            expect(charge.status).toBe('PAID');
            expect(await merchant.balance()).toEqual({ available: 0, pending: net });
            break;
        }
      });
    }
  });
}
