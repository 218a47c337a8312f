/**
 * docs/sandbox.md, row by row, through the public API: every magic barcode of BARCODE_SCENARIOS and every
 * magic refund amount of REFUND_SCENARIOS (the data the docs table describes), the other barcode answers
 * and ordinary values. Each test also checks that the docs' "What you see through polypay" cell names the
 * statuses and codes the test saw. QR, cancel/close/void and metadata rows: sandbox-operations.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { magicBarcode } from '../../src/channels/sandbox/barcode.js';
import { REFUND_SCENARIOS } from '../../src/channels/sandbox/refund-scenarios.js';
import {
  BARCODE_SCENARIOS,
  CANCEL_SETTLE_MS,
  resolveSandboxError,
  type SandboxErrorRef,
} from '../../src/channels/sandbox/scenarios.js';
import { toChannelCharge } from '../../src/services/charges/create-charge.js';
import { getChargeById } from '../../src/store/index.js';
import { DIALECTS } from '../helpers/stores.js';
import {
  BARCODE_DEADLINE_MS,
  type ChannelError,
  expectDocPromises,
  expectError,
  expectPaidOnlyWhenConfirmed,
  type Merchant,
  ORDINARY_BARCODE,
  type Sandbox,
  startSandbox,
} from './sandbox-harness.js';

/** The upstream answer of a sandbox row, as channel_error shows it. */
function sandboxChannelError(ref: SandboxErrorRef | undefined): ChannelError {
  if (!ref) throw new Error('the row has no upstream error');
  return resolveSandboxError(ref).channelError;
}

interface BarcodeRow {
  /** What POST /v1/charges answers: the charge in its first status, or the error. */
  readonly answer:
    | { readonly http: 200; readonly status: string; readonly payFlow: string; readonly payError?: string }
    | { readonly http: number; readonly code: string };
  /** How long polypay's background jobs need to settle it. */
  readonly settleMs: number;
  readonly final: {
    readonly status: string;
    readonly failure_code: string | null;
    readonly biz_result: string;
  };
  /** The money stays booked to the merchant (pending = amount − fee) once settled. */
  readonly booked: boolean;
  /** Then the merchant acts, with its checks. */
  readonly afterwards?: (sandbox: Sandbox, merchant: Merchant, id: string) => Promise<void>;
}

const paidRow: BarcodeRow = {
  answer: { http: 200, status: 'PAID', payFlow: 'SUCCESS' },
  settleMs: 0,
  final: { status: 'PAID', failure_code: null, biz_result: 'PAY_SUCCESS' },
  booked: true,
};
const declined = (code: string): BarcodeRow => ({
  answer: { http: 402, code },
  settleMs: 0,
  final: { status: 'PAY_CANCELED', failure_code: code, biz_result: 'PAY_FAIL' },
  booked: false,
});
const inDoubt = (payFlow: string, payError: string | undefined, final: BarcodeRow['final']): BarcodeRow => ({
  answer: { http: 200, status: 'CREATED', payFlow, ...(payError ? { payError } : {}) },
  settleMs: final.failure_code === 'trade_timeout' ? BARCODE_DEADLINE_MS + 5_000 : 10_000,
  final,
  booked: final.status === 'PAID',
});
const PAID_LATER = { status: 'PAID', failure_code: null, biz_result: 'PAY_SUCCESS' };
const FAILED_LATER = {
  status: 'PAY_CANCELED',
  failure_code: 'channel_response_code_fail',
  biz_result: 'PAY_FAIL',
};
const reversed = (biz: string) => ({
  status: 'PAY_CANCELED',
  failure_code: 'trade_timeout',
  biz_result: biz,
});

/** The "What you see through polypay" column of the magic barcode table, as data. */
const BARCODE_ROWS: Readonly<Record<string, BarcodeRow>> = {
  '00': paidRow,
  '01': declined('insufficient_fund'),
  '02': declined('barcode_expired'),
  '03': declined('buyer_over_transaction_limit'),
  '04': declined('buyer_over_daily_limit'),
  '05': declined('seller_over_daily_limit'),
  '06': declined('channel_response_code_fail'),
  '07': declined('payway_not_enabled'),
  '08': inDoubt('FAIL_CANCELED', 'charge_already_paid', PAID_LATER),
  '10': inDoubt('IN_PROG', undefined, PAID_LATER),
  '11': inDoubt('IN_PROG', undefined, reversed('CANCEL_ABORT_SUCCESS')),
  '12': inDoubt('IN_PROG', undefined, FAILED_LATER),
  '20': inDoubt('FAIL_IO_1', 'channel_connection_error', PAID_LATER),
  '21': inDoubt('FAIL_IO_2', 'channel_connection_error', reversed('CANCEL_SUCCESS')),
  '22': inDoubt('FAIL_PROTOCOL_1', 'channel_parse_error', PAID_LATER),
  '23': inDoubt('FAIL_PROTOCOL_2', 'channel_sign_error', reversed('CANCEL_SUCCESS')),
  '24': inDoubt('FAIL_PROTOCOL_3', 'channel_parse_error', FAILED_LATER),
  '25': {
    answer: { http: 200, status: 'PAY_ERROR', payFlow: 'FAIL_ERROR', payError: 'channel_unexpected_error' },
    settleMs: CANCEL_SETTLE_MS + 30_000,
    final: { status: 'PAY_CANCELED', failure_code: 'channel_unexpected_error', biz_result: 'CANCEL_SUCCESS' },
    booked: false,
  },
  '26': {
    ...inDoubt('IN_PROG', undefined, reversed('CANCEL_ABORT_SUCCESS')),
    settleMs: CANCEL_SETTLE_MS + 30_000,
  },
  '27': {
    answer: { http: 200, status: 'PAY_ERROR', payFlow: 'IN_PROG', payError: 'trade_processing' },
    settleMs: 10_000,
    final: { status: 'PAY_CANCELED', failure_code: 'trade_processing', biz_result: 'CANCEL_SUCCESS' },
    booked: false,
  },
  '30': {
    ...paidRow,
    async afterwards(sandbox, merchant, id) {
      const cancel = await merchant.operate(id, 'cancel');
      expect(cancel.status).toBe(200);
      expect(cancel.body.data).toMatchObject({ status: 'CANCEL_ERROR', biz_result: 'CANCEL_ERROR' });
      await sandbox.step(CANCEL_SETTLE_MS + 30_000);
      expect(await merchant.peek(id)).toMatchObject({ status: 'CANCELED', biz_result: 'CANCEL_SUCCESS' });
      expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
      expectDocPromises(`\`${magicBarcode('30')}\``, 'CANCEL_ERROR', 'cancel_failed', 'CANCELED');
    },
  },
  '31': {
    ...paidRow,
    async afterwards(sandbox, merchant, id) {
      const cancel = await merchant.operate(id, 'cancel');
      expect(cancel.body.data).toMatchObject({
        status: 'CANCEL_INPROGRESS',
        biz_result: 'CANCEL_IN_PROGRESS',
      });
      await sandbox.step(10_000);
      expect((await merchant.peek(id)).status).toBe('CANCELED');
      expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
      expectError(await merchant.operate(id, 'cancel'), 'cancel_already_done', 402);
      expectDocPromises(`\`${magicBarcode('31')}\``, 'CANCEL_INPROGRESS', 'CANCELED', 'cancel_already_done');
    },
  },
  '32': {
    ...paidRow,
    async afterwards(_sandbox, merchant, id) {
      const upstream = sandboxChannelError({ provider: 'shouqianba', code: 'UPAY_TCP_ORDER_NOT_REFUNDABLE' });
      expectError(await merchant.operate(id, 'cancel'), 'refund_refused', 402, upstream);
      expect((await merchant.peek(id)).status).toBe('PAID');
      expectError(await merchant.refund(id, 100), 'refund_refused', 402, upstream);
      expect(await merchant.refundsOf(id)).toMatchObject([
        { status: 'FAILED', failure_code: 'refund_refused' },
      ]);
      expect((await merchant.balance()).pending).toBe(20_000 - (await merchant.peek(id)).fee);
      expectDocPromises(`\`${magicBarcode('32')}\``, 'PAID', 'refund_refused', 'FAILED');
    },
  },
  '40': {
    ...paidRow,
    async afterwards(sandbox, merchant, id) {
      // polypay never queries a PAID charge: the API keeps it PAID without asking.
      const got = await merchant.get(id);
      expect(got.body.data).toMatchObject({ status: 'PAID' });
      expect(got.body.data?.flows).toHaveLength(1);
      // A direct channel query (what reconciliation would do) reads charge_unexpected_status.
      const row = (await getChargeById(sandbox.api.store.db, id))!;
      const answer = await sandbox.api.runtime.channels.sandbox.query(toChannelCharge(row));
      expect(answer).toMatchObject({ bizResult: 'SUCCESS', error: { code: 'charge_unexpected_status' } });
      expect(answer.orderStatus).toBeUndefined();
      expectDocPromises(`\`${magicBarcode('40')}\``, 'PAID', 'charge_unexpected_status');
    },
  },
  '41': {
    ...inDoubt('IN_PROG', undefined, reversed('CANCEL_ABORT_SUCCESS')),
    async afterwards(_sandbox, merchant, id) {
      const queries = (await merchant.peek(id)).flows.filter((flow) => flow.kind === 'query');
      expect(queries.length).toBeGreaterThan(0);
      for (const query of queries)
        expect(query).toMatchObject({ status: 'FAIL_CANCELED', error_code: 'query_right_error' });
      expectDocPromises(`\`${magicBarcode('41')}\``, 'query_right_error');
    },
  },
};

/** Refund rows: what POST …/refunds answers, then the refund and charge once the refund job has run. */
interface RefundRow {
  readonly answer:
    | { readonly http: 200; readonly status: string }
    | { readonly http: number; readonly code: string };
  readonly final: { readonly status: string; readonly failure_code: string | null };
  readonly charge: string;
  /** The charge's status while the refund is uncertain. */
  readonly chargeMeanwhile?: string;
}

const refused = (code: string): RefundRow => ({
  answer: { http: 402, code },
  final: { status: 'FAILED', failure_code: code },
  charge: 'PAID',
});

const REFUND_ROWS: Readonly<Record<number, RefundRow>> = {
  9901: {
    answer: { http: 200, status: 'REFUND_ERROR' },
    chargeMeanwhile: 'REFUND_ERROR',
    final: { status: 'SUCCEEDED', failure_code: null },
    charge: 'PARTIAL_REFUNDED',
  },
  9902: {
    answer: { http: 200, status: 'PENDING' },
    final: { status: 'SUCCEEDED', failure_code: null },
    charge: 'PARTIAL_REFUNDED',
  },
  9903: {
    answer: { http: 200, status: 'REFUND_ERROR' },
    chargeMeanwhile: 'REFUND_ERROR',
    final: { status: 'FAILED', failure_code: 'refund_failed' },
    charge: 'PAID',
  },
  9904: refused('merchant_balance_insufficient'),
  9905: refused('refund_refused'),
  9906: refused('refund_amount_invalid'),
  9907: {
    answer: { http: 200, status: 'REFUND_ERROR' },
    chargeMeanwhile: 'REFUND_ERROR',
    final: { status: 'SUCCEEDED', failure_code: null },
    charge: 'PARTIAL_REFUNDED',
  },
  // Still unknown 10 s later; the 24-hour hand-over is tested in resolution-jobs.test.ts.
  9908: {
    answer: { http: 200, status: 'REFUND_ERROR' },
    chargeMeanwhile: 'REFUND_ERROR',
    final: { status: 'REFUND_ERROR', failure_code: null },
    charge: 'REFUND_ERROR',
  },
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: sandbox magic barcodes and refund amounts (docs/sandbox.md)`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox(dialect);
    });
    afterAll(async () => sandbox?.close());

    it('has one test row for every magic barcode and refund amount of the sandbox', () => {
      expect(Object.keys(BARCODE_ROWS).sort()).toEqual(BARCODE_SCENARIOS.map((s) => s.nn).sort());
      expect(Object.keys(REFUND_ROWS).map(Number).sort()).toEqual(
        REFUND_SCENARIOS.map((s) => s.amount).sort(),
      );
    });

    for (const scenario of BARCODE_SCENARIOS) {
      it(`barcode ${magicBarcode(scenario.nn)}: ${scenario.title}`, async () => {
        const row = BARCODE_ROWS[scenario.nn]!;
        const merchant = await sandbox.merchant();
        const { response, id } = await merchant.barcode(scenario.nn);
        if ('status' in row.answer) {
          const { status, payFlow, payError } = row.answer;
          expect(response.status).toBe(200);
          expect(response.body.data).toMatchObject({ status });
          expect(response.body.data?.flows[0]).toMatchObject({
            kind: 'pay',
            status: payFlow,
            error_code: payError ?? null,
          });
        } else {
          const upstream = scenario.pay.kind === 'outcome' ? scenario.pay.error : undefined;
          expectError(response, row.answer.code, row.answer.http, sandboxChannelError(upstream));
        }
        await sandbox.step(row.settleMs);
        const charge = await merchant.peek(id);
        expect(charge).toMatchObject(row.final);
        expectPaidOnlyWhenConfirmed(charge);
        const booked = row.booked ? charge.amount - charge.fee : 0;
        expect(await merchant.balance()).toEqual({ available: 0, pending: booked });
        const key = `\`${magicBarcode(scenario.nn)}\``;
        expectDocPromises(key, row.final.status, row.final.failure_code);
        if ('code' in row.answer) expectDocPromises(key, row.answer.code);
        await row.afterwards?.(sandbox, merchant, id);
      });
    }

    it('ordinary values succeed: any other valid barcode, with a normal amount, is PAID at once', async () => {
      const merchant = await sandbox.merchant();
      let net = 0;
      for (const authCode of [ORDINARY_BARCODE, '134567890123456789']) {
        const { response } = await merchant.charge({ auth_code: authCode, amount: 1_234 });
        expect(response.status).toBe(200);
        net += 1_234 - response.body.data!.fee;
        expect(response.body.data).toMatchObject({ status: 'PAID', biz_result: 'PAY_SUCCESS', paid: true });
        expect(response.body.data?.buyer_id).toMatch(/^(2088\d{12}|oSBX\w{24})$/);
        expect(response.body.data?.channel_trade_no).toMatch(/^789\d{13}$/);
      }
      expect(await merchant.balance()).toEqual({ available: 0, pending: net });
      expectDocPromises('any other 18-digit barcode', 'PAID');
    });

    it('a barcode that is not valid is declined with invalid_barcode', async () => {
      const merchant = await sandbox.merchant();
      const { response, id } = await merchant.charge({ auth_code: '990000000000000000' });
      expectError(response, 'invalid_barcode', 402, {
        provider: 'sandbox',
        code: 'INVALID_BARCODE',
        message: '条码错误',
      });
      expect((await merchant.peek(id)).status).toBe('PAY_CANCELED');
      expectDocPromises('a barcode that is not valid', 'PAY_CANCELED', 'invalid_barcode');
    });

    it('no auth_code: polypay refuses the request first with missing_param', async () => {
      const merchant = await sandbox.merchant();
      const response = await merchant.request('POST', '/v1/charges', {
        out_trade_no: 'no_code',
        amount: 100,
        currency: 'CNY',
        subject: 's',
        payway: 'alipay',
        sub_payway: 'barcode',
      });
      expectError(response, 'missing_param', 400);
      expect(response.body.param).toBe('auth_code');
      expectDocPromises('no `auth_code`', 'channel_parameter_error', 'missing_param');
    });

    it('an amount above 500000: the pre-flight check refuses it with buyer_over_transaction_limit', async () => {
      const merchant = await sandbox.merchant();
      const response = await merchant.request('POST', '/v1/charges', {
        out_trade_no: 'too_much',
        amount: 500_001,
        currency: 'CNY',
        subject: 's',
        payway: 'alipay',
        sub_payway: 'barcode',
        auth_code: ORDINARY_BARCODE,
      });
      expectError(response, 'buyer_over_transaction_limit', 402);
      expect(await merchant.list()).toEqual([]);
      expectDocPromises('`amount` above 500000', 'buyer_over_transaction_limit');
    });

    for (const scenario of REFUND_SCENARIOS) {
      it(`refund of ${scenario.amount}: ${scenario.title}`, async () => {
        const row = REFUND_ROWS[scenario.amount]!;
        const merchant = await sandbox.merchant();
        const { id } = await merchant.charge();
        const net = 20_000 - (await merchant.peek(id)).fee;
        const response = await merchant.refund(id, scenario.amount);
        if ('status' in row.answer) {
          expect(response.status).toBe(200);
          expect(response.body.data).toMatchObject({ status: row.answer.status });
        } else {
          const upstream = scenario.refund.kind === 'outcome' ? scenario.refund.error : undefined;
          expectError(response, row.answer.code, row.answer.http, sandboxChannelError(upstream));
        }
        if (row.chargeMeanwhile) expect((await merchant.peek(id)).status).toBe(row.chargeMeanwhile);
        await sandbox.step(10_000);
        const [refund] = await merchant.refundsOf(id);
        expect(refund).toMatchObject({ amount: scenario.amount, ...row.final });
        expect((await merchant.peek(id)).status).toBe(row.charge);
        // A refund's money stays reserved unless the refund failed for certain.
        const pending = row.final.status === 'FAILED' ? net : net - refund!.funded_from_pending;
        expect(await merchant.balance()).toEqual({ available: 0, pending });
        expectDocPromises(
          String(scenario.amount),
          row.final.status,
          row.final.failure_code,
          row.chargeMeanwhile,
        );
      });
    }

    it('refund of any other amount succeeds at once (a full refund: REFUNDED, the fee comes back)', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.charge({ amount: 9_000 });
      const response = await merchant.refund(id, 9_000);
      expect(response.body.data).toMatchObject({ status: 'SUCCEEDED' });
      expect((await merchant.peek(id)).status).toBe('REFUNDED');
      expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
      expectDocPromises('any other amount', 'SUCCEEDED');
    });

    it('refusals whatever the amount: polypay checks them before it asks the channel', async () => {
      const merchant = await sandbox.merchant();
      const unpaid = await merchant.barcode('10');
      expectError(await merchant.refund(unpaid.id, 100), 'refund_not_allowed', 402);
      const paid = await merchant.charge({ amount: 1_000 });
      expectError(await merchant.refund(paid.id, 1_001), 'refund_amount_exceeded', 402);
      const baifubao = await merchant.charge({ payway: 'baifubao', amount: 1_000 });
      expectError(await merchant.refund(baifubao.id, 100), 'partial_refund_not_supported', 402);
      expect(await merchant.refundsOf(paid.id)).toEqual([]);
      expect(await merchant.refundsOf(baifubao.id)).toEqual([]);
    });
  });
}
