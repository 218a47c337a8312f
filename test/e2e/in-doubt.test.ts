/**
 * In-doubt resolution (DESIGN §1, Shouqianba §5): a payment whose outcome is unknown stays CREATED while
 * the outbox's charge.resolve job queries the channel; still unknown at the deadline (45 s for barcode,
 * 240 s for QR), it is reversed → PAY_CANCELED with trade_timeout; a reversal that is itself uncertain
 * leaves PAY_ERROR and is retried until the channel confirms it. Uncertain refunds are settled by the
 * refund.resolve job. For each magic value: the flows, the events and the ledger, step by step on a manual
 * clock. No charge is ever PAID without the channel's confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_SETTLE_MS, QR_VALIDITY_MS } from '../../src/channels/sandbox/scenarios.js';
import { DIALECTS } from '../helpers/stores.js';
import {
  BARCODE_DEADLINE_MS,
  type Charge,
  expectPaidOnlyWhenConfirmed,
  flowSummary,
  type Merchant,
  type Sandbox,
  startSandbox,
} from './sandbox-harness.js';

/** Every flow between the first and the last is a query that found the payment still in progress. */
function expectPolling(charge: Charge, from = 1, to = charge.flows.length - 1): void {
  for (const flow of charge.flows.slice(from, to)) {
    expect(flow).toMatchObject({ kind: 'query', status: 'IN_PROG', biz_result: 'PAY_IN_PROGRESS' });
  }
}

async function expectNothingBooked(merchant: Merchant): Promise<void> {
  expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
}

async function expectBooked(merchant: Merchant, charge: Charge): Promise<void> {
  expect(await merchant.balance()).toEqual({ available: 0, pending: charge.amount - charge.fee });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: in-doubt charges and refunds are resolved in the background`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox(dialect);
    });
    afterAll(async () => sandbox?.close());

    it('10: in progress, the buyer confirms at 5 s, the next query finds it PAID', async () => {
      const merchant = await sandbox.merchant();
      const { response, id } = await merchant.barcode('10');
      expect(response.body.data).toMatchObject({
        status: 'CREATED',
        biz_result: 'PAY_IN_PROGRESS',
        paid: false,
      });
      expect(await merchant.eventTypes(id)).toEqual(['charge.pending']);
      await sandbox.step(4_000);
      expect(flowSummary(await merchant.peek(id))).toEqual([
        'pay:IN_PROG:PAY_IN_PROGRESS',
        'query:IN_PROG:PAY_IN_PROGRESS',
      ]);
      await expectNothingBooked(merchant);
      await sandbox.step(3_000);
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({ status: 'PAID', biz_result: 'PAY_SUCCESS', failure_code: null });
      expect(flowSummary(charge).at(-1)).toBe('query:SUCCESS:PAY_SUCCESS');
      expectPaidOnlyWhenConfirmed(charge);
      const events = (await merchant.events()).filter((event) => event.objectId === id);
      expect(events.map((event) => [event.type, event.status])).toEqual([
        ['charge.pending', 'CREATED'],
        ['charge.succeeded', 'PAID'],
      ]);
      await expectBooked(merchant, charge);
    });

    it('11: never confirmed: queried until the deadline, then reversed → PAY_CANCELED, trade_timeout', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.barcode('11');
      await sandbox.step(BARCODE_DEADLINE_MS - 1_000);
      const waiting = await merchant.peek(id);
      expect(waiting.status).toBe('CREATED');
      expect(waiting.flows.length).toBeGreaterThanOrEqual(10);
      expectPolling(waiting, 1, waiting.flows.length);
      await sandbox.step(5_000);
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: 'trade_timeout', paid: false });
      expect(flowSummary(charge).at(-1)).toBe('cancel:SUCCESS:CANCEL_ABORT_SUCCESS');
      expectPolling(charge);
      expect(await merchant.eventTypes(id)).toEqual(['charge.pending', 'charge.failed']);
      await expectNothingBooked(merchant);
    });

    it('12: the buyer declines: the query reports the failure → PAY_CANCELED', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.barcode('12');
      await sandbox.step(10_000);
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: 'channel_response_code_fail' });
      expect(flowSummary(charge)).toEqual([
        'pay:IN_PROG:PAY_IN_PROGRESS',
        'query:IN_PROG:PAY_IN_PROGRESS',
        'query:FAIL_CANCELED:PAY_FAIL',
      ]);
      expect(await merchant.eventTypes(id)).toEqual(['charge.pending', 'charge.failed']);
      await expectNothingBooked(merchant);
    });

    for (const [nn, flowStatus, code] of [
      ['20', 'FAIL_IO_1', 'channel_connection_error'],
      ['22', 'FAIL_PROTOCOL_1', 'channel_parse_error'],
    ] as const) {
      it(`${nn}: pay answer lost (${flowStatus}): the first query finds the payment → PAID`, async () => {
        const merchant = await sandbox.merchant();
        const { response, id } = await merchant.barcode(nn);
        expect(response.status).toBe(200);
        expect(response.body.data).toMatchObject({ status: 'CREATED', paid: false });
        expect(response.body.data?.flows).toMatchObject([
          { kind: 'pay', status: flowStatus, error_code: code },
        ]);
        await sandbox.step(4_000);
        const charge = await merchant.peek(id);
        expect(charge.status).toBe('PAID');
        expect(flowSummary(charge)).toEqual([`pay:${flowStatus}:-`, 'query:SUCCESS:PAY_SUCCESS']);
        expectPaidOnlyWhenConfirmed(charge);
        expect(await merchant.eventTypes(id)).toEqual(['charge.pending', 'charge.succeeded']);
        await expectBooked(merchant, charge);
      });
    }

    for (const [nn, flowStatus, code] of [
      ['21', 'FAIL_IO_2', 'channel_connection_error'],
      ['23', 'FAIL_PROTOCOL_2', 'channel_sign_error'],
    ] as const) {
      it(`${nn}: pay answer lost (${flowStatus}), never known: reversed at the deadline → PAY_CANCELED`, async () => {
        const merchant = await sandbox.merchant();
        const { response, id } = await merchant.barcode(nn);
        expect(response.body.data?.flows).toMatchObject([{ status: flowStatus, error_code: code }]);
        await sandbox.step(BARCODE_DEADLINE_MS - 1_000);
        expect((await merchant.peek(id)).status).toBe('CREATED');
        await sandbox.step(5_000);
        const charge = await merchant.peek(id);
        expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: 'trade_timeout', paid: false });
        expect(flowSummary(charge).at(-1)).toBe('cancel:SUCCESS:CANCEL_SUCCESS');
        expectPolling(charge);
        expect(await merchant.eventTypes(id)).toEqual(['charge.pending', 'charge.failed']);
        await expectNothingBooked(merchant);
      });
    }

    it('10, job first run past the deadline (crash, backlog): the query finds it PAID and nothing is reversed', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.barcode('10');
      // No job runs until long after the deadline, as when the process that claimed it died.
      sandbox.clock.advance(BARCODE_DEADLINE_MS + 60_000);
      await sandbox.api.runtime.jobs.runUntilIdle();
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({ status: 'PAID', failure_code: null });
      expect(flowSummary(charge)).toEqual(['pay:IN_PROG:PAY_IN_PROGRESS', 'query:SUCCESS:PAY_SUCCESS']);
      await expectBooked(merchant, charge);
    });

    it('24, job first run past the deadline: the refusal the query finds keeps the channel’s reason', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.barcode('24');
      sandbox.clock.advance(BARCODE_DEADLINE_MS + 60_000);
      await sandbox.api.runtime.jobs.runUntilIdle();
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: 'channel_response_code_fail' });
      expect(flowSummary(charge)).toEqual(['pay:FAIL_PROTOCOL_3:-', 'query:FAIL_CANCELED:PAY_FAIL']);
    });

    it('11, job first run past the deadline: still in progress when asked, so it is reversed', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.barcode('11');
      sandbox.clock.advance(BARCODE_DEADLINE_MS + 60_000);
      await sandbox.api.runtime.jobs.runUntilIdle();
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: 'trade_timeout' });
      expect(flowSummary(charge).slice(0, 3)).toEqual([
        'pay:IN_PROG:PAY_IN_PROGRESS',
        'query:IN_PROG:PAY_IN_PROGRESS',
        expect.stringMatching(/^cancel:/),
      ]);
    });

    it('24: garbled answer (FAIL_PROTOCOL_3), the query finds the payment failed → PAY_CANCELED', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.barcode('24');
      await sandbox.step(4_000);
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: 'channel_response_code_fail' });
      expect(flowSummary(charge)).toEqual(['pay:FAIL_PROTOCOL_3:-', 'query:FAIL_CANCELED:PAY_FAIL']);
      expect(await merchant.eventTypes(id)).toEqual(['charge.pending', 'charge.failed']);
      await expectNothingBooked(merchant);
    });

    it('25: FAIL_ERROR → PAY_ERROR; the reversal is retried while refused, succeeds from 60 s → PAY_CANCELED', async () => {
      const merchant = await sandbox.merchant();
      const { response, id } = await merchant.barcode('25');
      expect(response.body.data).toMatchObject({
        status: 'PAY_ERROR',
        failure_code: 'channel_unexpected_error',
      });
      expect(await merchant.eventTypes(id)).toEqual(['charge.reversal_pending']);
      await sandbox.step(CANCEL_SETTLE_MS - 1_000);
      const retrying = await merchant.peek(id);
      expect(retrying.status).toBe('PAY_ERROR');
      const reversals = retrying.flows.filter((flow) => flow.kind === 'cancel');
      expect(reversals.length).toBeGreaterThanOrEqual(3);
      for (const flow of reversals) {
        expect(flow).toMatchObject({
          status: 'CANCEL_ERROR',
          biz_result: 'CANCEL_ERROR',
          error_code: 'cancel_failed',
        });
      }
      await sandbox.step(30_000);
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({
        status: 'PAY_CANCELED',
        paid: false,
        failure_code: 'channel_unexpected_error',
      });
      expect(flowSummary(charge)[0]).toBe('pay:FAIL_ERROR:PAY_FAIL_ERROR');
      expect(flowSummary(charge).at(-1)).toBe('cancel:SUCCESS:CANCEL_SUCCESS');
      expect(await merchant.eventTypes(id)).toEqual(['charge.reversal_pending', 'charge.failed']);
      await expectNothingBooked(merchant);
    });

    it('26: at the deadline the abort is uncertain (CANCEL_ABORT_ERROR) → PAY_ERROR, retried → PAY_CANCELED', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.barcode('26');
      await sandbox.step(BARCODE_DEADLINE_MS + 5_000);
      const uncertain = await merchant.peek(id);
      expect(uncertain).toMatchObject({ status: 'PAY_ERROR', biz_result: 'CANCEL_ABORT_ERROR' });
      expect(await merchant.eventTypes(id)).toEqual(['charge.pending', 'charge.reversal_pending']);
      await sandbox.step(CANCEL_SETTLE_MS - BARCODE_DEADLINE_MS - 6_000);
      expect((await merchant.peek(id)).status).toBe('PAY_ERROR');
      await sandbox.step(30_000);
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: 'trade_timeout', paid: false });
      const reversals = charge.flows.filter((flow) => flow.kind === 'cancel').map((flow) => flow.biz_result);
      expect(reversals.at(-1)).toBe('CANCEL_ABORT_SUCCESS');
      expect(reversals.slice(0, -1).every((result) => result === 'CANCEL_ABORT_ERROR')).toBe(true);
      // Retried with backoff from the first reversal, not after the job's many queries (minutes later).
      expect(reversals.length).toBeGreaterThanOrEqual(3);
      expect(await merchant.eventTypes(id)).toEqual([
        'charge.pending',
        'charge.reversal_pending',
        'charge.failed',
      ]);
      await expectNothingBooked(merchant);
    });

    it('27: PAY_FAIL_IN_PROGRESS → PAY_ERROR (trade_processing), reversed → PAY_CANCELED', async () => {
      const merchant = await sandbox.merchant();
      const { response, id } = await merchant.barcode('27');
      expect(response.body.data).toMatchObject({ status: 'PAY_ERROR', failure_code: 'trade_processing' });
      await sandbox.step(4_000);
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: 'trade_processing' });
      expect(flowSummary(charge)).toEqual([
        'pay:IN_PROG:PAY_FAIL_IN_PROGRESS',
        'cancel:SUCCESS:CANCEL_SUCCESS',
      ]);
      expect(await merchant.eventTypes(id)).toEqual(['charge.reversal_pending', 'charge.failed']);
      await expectNothingBooked(merchant);
    });

    it("30: the merchant's cancel answers CANCEL_ERROR, is retried, CANCELED from 60 s, ledger reversed", async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.barcode('30');
      const paid = await merchant.peek(id);
      await expectBooked(merchant, paid);
      const cancel = await merchant.operate(id, 'cancel');
      expect(cancel.status).toBe(200);
      expect(cancel.body.data).toMatchObject({ status: 'CANCEL_ERROR', biz_result: 'CANCEL_ERROR' });
      await sandbox.step(CANCEL_SETTLE_MS - 2_000);
      expect((await merchant.peek(id)).status).toBe('CANCEL_ERROR');
      await expectBooked(merchant, paid);
      await sandbox.step(30_000);
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({ status: 'CANCELED', biz_result: 'CANCEL_SUCCESS' });
      expect(
        charge.flows.filter((flow) => flow.kind === 'cancel' && flow.status === 'CANCEL_ERROR').length,
      ).toBeGreaterThan(1);
      expect(await merchant.eventTypes(id)).toEqual(['charge.succeeded', 'charge.canceled']);
      await expectNothingBooked(merchant);
      const movements = await merchant.request<{ items: { type: string; amount: number }[] }>(
        'GET',
        '/v1/balance_transactions',
      );
      expect(movements.body.data?.items.map((item) => item.type).sort()).toEqual(['charge', 'charge_cancel']);
      expect(movements.body.data?.items.reduce((sum, item) => sum + item.amount, 0)).toBe(0);
    });

    it('31: the cancel is in progress (CANCEL_INPROGRESS) until the query sees CANCELED', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.barcode('31');
      const cancel = await merchant.operate(id, 'cancel');
      expect(cancel.body.data).toMatchObject({
        status: 'CANCEL_INPROGRESS',
        biz_result: 'CANCEL_IN_PROGRESS',
      });
      await sandbox.step(4_000);
      // The channel still shows the order PAID while it reverses it: polypay keeps asking, it does not revert.
      expect((await merchant.peek(id)).status).toBe('CANCEL_INPROGRESS');
      await sandbox.step(6_000);
      const charge = await merchant.peek(id);
      expect(charge.status).toBe('CANCELED');
      expect(await merchant.eventTypes(id)).toEqual(['charge.succeeded', 'charge.canceled']);
      await expectNothingBooked(merchant);
    });

    for (const [amount, answered] of [
      [9_901, 'REFUND_ERROR'],
      [9_902, 'PENDING'],
      [9_907, 'REFUND_ERROR'],
    ] as const) {
      it(`refund ${amount}: ${answered}, then SUCCEEDED by the refund job`, async () => {
        const merchant = await sandbox.merchant();
        const { id } = await merchant.charge();
        const net = 20_000 - (await merchant.peek(id)).fee;
        const response = await merchant.refund(id, amount);
        expect(response.status).toBe(200);
        const refund = response.body.data!;
        expect(refund.status).toBe(answered);
        expect(await merchant.balance()).toEqual({ available: 0, pending: net - refund.funded_from_pending });
        await sandbox.step(4_000);
        expect((await merchant.refundView(refund.id)).status).toBe(answered);
        await sandbox.step(2_000);
        expect(await merchant.refundView(refund.id)).toMatchObject({
          status: 'SUCCEEDED',
          failure_code: null,
        });
        const charge = await merchant.peek(id);
        expect(charge).toMatchObject({ status: 'PARTIAL_REFUNDED', amount_refunded: amount });
        expect(charge.flows.find((flow) => flow.refund_id === refund.id)).toMatchObject({
          kind: 'refund',
          status: 'SUCCESS',
          biz_result: 'REFUND_SUCCESS',
        });
        expect(await merchant.eventTypes(refund.id)).toEqual(['refund.pending', 'refund.succeeded']);
        expect(await merchant.balance()).toEqual({ available: 0, pending: net - refund.funded_from_pending });
      });
    }

    it('refund 9903: REFUND_ERROR, then FAILED with refund_failed; the reservation returns to the balance', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.charge();
      const net = 20_000 - (await merchant.peek(id)).fee;
      const refund = (await merchant.refund(id, 9_903)).body.data!;
      expect(refund.status).toBe('REFUND_ERROR');
      expect((await merchant.peek(id)).status).toBe('REFUND_ERROR');
      expect(await merchant.balance()).toEqual({ available: 0, pending: net - refund.funded_from_pending });
      await sandbox.step(6_000);
      expect(await merchant.refundView(refund.id)).toMatchObject({
        status: 'FAILED',
        failure_code: 'refund_failed',
      });
      expect((await merchant.peek(id)).status).toBe('PAID');
      expect(await merchant.eventTypes(refund.id)).toEqual(['refund.pending', 'refund.failed']);
      expect(await merchant.balance()).toEqual({ available: 0, pending: net });
    });

    it('a QR code nobody pays expires at 240 s → PAY_CANCELED with trade_timeout', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.charge({ sub_payway: 'qrcode' });
      await sandbox.step(QR_VALIDITY_MS - 5_000, 5_000);
      const waiting = await merchant.peek(id);
      expect(waiting.status).toBe('CREATED');
      expect(flowSummary(waiting)[0]).toBe('pay:IN_PROG:PRECREATE_SUCCESS');
      expectPolling(waiting, 1, waiting.flows.length);
      await sandbox.step(10_000);
      const charge = await merchant.peek(id);
      expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: 'trade_timeout', paid: false });
      // Past the deadline the job asks before it reverses: the channel had already ended the order.
      expect(charge.flows.at(-1)).toMatchObject({ kind: 'query', status: 'FAIL_CANCELED' });
      expect(charge.flows.some((f: { kind: string }) => f.kind === 'cancel')).toBe(false);
      expect(await merchant.eventTypes(id)).toEqual(['charge.failed']);
      await expectNothingBooked(merchant);
    });

    it('no charge of this suite was ever PAID without a flow confirming the payment', async () => {
      const unconfirmed = await sandbox.api.store.db
        .selectFrom('charges')
        .select(['id', 'status'])
        .where('paid_at', 'is not', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('charge_flows')
                .select('charge_flows.id')
                .whereRef('charge_flows.charge_id', '=', 'charges.id')
                .where('charge_flows.kind', 'in', ['pay', 'query'])
                .where('charge_flows.status', '=', 'SUCCESS')
                .where('charge_flows.biz_result', '=', 'PAY_SUCCESS'),
            ),
          ),
        )
        .execute();
      expect(unconfirmed).toEqual([]);
      const paid = await sandbox.api.store.db
        .selectFrom('charges')
        .select('id')
        .where('paid_at', 'is not', null)
        .execute();
      expect(paid.length).toBeGreaterThan(5);
    });
  });
}
