/**
 * docs/sandbox.md, the rest of its tables, one test per row through the public API: QR and wap charges
 * (the sandbox buyer), cancel / close / void by the channel's view of the order, and the `sandbox_error`
 * metadata rows. Magic barcodes and refund amounts: sandbox-magic.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QR_VALIDITY_MS, SETTLE_MS } from '../../src/channels/sandbox/scenarios.js';
import { DIALECTS } from '../helpers/stores.js';
import {
  expectDocPromises,
  expectError,
  expectPaidOnlyWhenConfirmed,
  type Sandbox,
  startSandbox,
} from './sandbox-harness.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: sandbox QR and wap charges, cancel, close, void and metadata (docs/sandbox.md)`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox(dialect);
    });
    afterAll(async () => sandbox?.close());

    describe('QR code and wap charges', () => {
      it('precreate answers the sandbox QR code, or the pay page URL for wap', async () => {
        const merchant = await sandbox.merchant();
        const qr = await merchant.charge({ sub_payway: 'qrcode', payway: 'wechat' });
        expect(qr.response.body.data).toMatchObject({
          status: 'CREATED',
          biz_result: 'PRECREATE_SUCCESS',
          qr_code: `polypay-sandbox://pay/${qr.id}`,
          pay_url: null,
        });
        const wap = await merchant.charge({ sub_payway: 'wap' });
        expect(wap.response.body.data?.pay_url).toMatch(new RegExp(`/v1/sandbox/charges/${wap.id}/pay$`));
      });

      it('buyer presses Pay: PAID, with the buyer id', async () => {
        const merchant = await sandbox.merchant();
        const { id } = await merchant.charge({ sub_payway: 'qrcode', payway: 'wechat' });
        await sandbox.step(5_000);
        const paid = await merchant.buyer(id, 'pay');
        expect(paid.status).toBe(200);
        expect(paid.body.data).toMatchObject({ status: 'PAID', biz_result: 'PAY_SUCCESS' });
        expect(paid.body.data?.buyer_id).toMatch(/^oSBX/);
        expectPaidOnlyWhenConfirmed(paid.body.data!);
        expect((await merchant.balance()).pending).toBe(20_000 - paid.body.data!.fee);
        expectError(await merchant.buyer(id, 'decline'), 'charge_closed', 402);
        expectDocPromises('buyer presses Pay', 'PAID');
      });

      it('buyer presses Decline: PAY_CANCELED with channel_response_code_fail', async () => {
        const merchant = await sandbox.merchant();
        const { id } = await merchant.charge({ sub_payway: 'wap' });
        const declined = await merchant.buyer(id, 'decline');
        expect(declined.body.data).toMatchObject({
          status: 'PAY_CANCELED',
          failure_code: 'channel_response_code_fail',
        });
        expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
        expectDocPromises('buyer presses Decline', 'PAY_CANCELED', 'channel_response_code_fail');
      });

      it('nobody acts for 240 s: CREATED, then PAY_CANCELED with trade_timeout', async () => {
        const merchant = await sandbox.merchant();
        const { id } = await merchant.charge({ sub_payway: 'qrcode' });
        await sandbox.step(QR_VALIDITY_MS - 10_000, 5_000);
        expect((await merchant.peek(id)).status).toBe('CREATED');
        await sandbox.step(20_000);
        const charge = await merchant.peek(id);
        expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: 'trade_timeout', paid: false });
        expect(await merchant.eventTypes(id)).toEqual(['charge.failed']);
        expectError(await merchant.buyer(id, 'pay'), 'charge_closed', 402);
        expectDocPromises('nobody acts for 240 s', 'CREATED', 'PAY_CANCELED', 'trade_timeout');
      });
    });

    describe('cancel, close and void', () => {
      it('a paid charge | cancel: CANCELED, the payment and its fee reversed', async () => {
        const merchant = await sandbox.merchant();
        const { id } = await merchant.charge();
        const canceled = await merchant.operate(id, 'cancel');
        expect(canceled.body.data).toMatchObject({ status: 'CANCELED', biz_result: 'CANCEL_SUCCESS' });
        expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
        expectDocPromises({ key: 'a paid charge', operation: 'cancel' }, 'CANCELED');
      });

      it('a charge in progress | cancel: the payment is aborted, CANCELED', async () => {
        const merchant = await sandbox.merchant();
        const { id } = await merchant.barcode('10');
        const canceled = await merchant.operate(id, 'cancel');
        expect(canceled.body.data).toMatchObject({ status: 'CANCELED', biz_result: 'CANCEL_ABORT_SUCCESS' });
        await sandbox.step(10_000);
        expect(await merchant.peek(id)).toMatchObject({ status: 'CANCELED', paid: false });
        expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
        expectDocPromises({ key: 'a charge in progress', operation: 'cancel' }, 'CANCELED');
      });

      it('a failed charge | cancel: cancel_not_allowed', async () => {
        const merchant = await sandbox.merchant();
        const { id } = await merchant.barcode('01');
        expectError(await merchant.operate(id, 'cancel'), 'cancel_not_allowed', 402);
        expect((await merchant.peek(id)).status).toBe('PAY_CANCELED');
        expectDocPromises({ key: 'a failed charge', operation: 'cancel' }, 'cancel_not_allowed');
      });

      it('an order already cancelled at the channel | cancel: the no-op counts as done', async () => {
        const merchant = await sandbox.merchant();
        const { id } = await merchant.barcode('31');
        await sandbox.step(SETTLE_MS);
        const canceled = await merchant.operate(id, 'cancel');
        expect(canceled.body.data).toMatchObject({ status: 'CANCELED' });
        expect(canceled.body.data?.flows.at(-1)).toMatchObject({
          kind: 'cancel',
          status: 'FAIL_CANCELED',
          error_code: 'cancel_already_done',
        });
        expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
        expectError(await merchant.operate(id, 'cancel'), 'cancel_already_done', 402);
        expectDocPromises(
          { key: 'an order already cancelled', operation: 'cancel' },
          'CANCELED',
          'cancel_already_done',
        );
      });

      it('an unpaid charge | close: CLOSED, and the buyer can no longer pay', async () => {
        const merchant = await sandbox.merchant();
        const { id } = await merchant.charge({ sub_payway: 'qrcode' });
        const closed = await merchant.operate(id, 'close');
        expect(closed.body.data).toMatchObject({ status: 'CLOSED' });
        expectError(await merchant.buyer(id, 'pay'), 'charge_closed', 402);
        await sandbox.step(10_000);
        expect((await merchant.peek(id)).status).toBe('CLOSED');
        expect(await merchant.eventTypes(id)).toEqual(['charge.closed']);
        expectDocPromises({ key: 'an unpaid charge', operation: 'close' }, 'CLOSED');
      });

      it('a paid (or possibly paid) charge | close: close_refused_paid', async () => {
        const merchant = await sandbox.merchant();
        const paid = await merchant.charge();
        expectError(await merchant.operate(paid.id, 'close'), 'close_refused_paid', 402);
        // In doubt (the pay answer was lost, the money went through): the channel refuses, with EFTPay's row.
        const inDoubt = await merchant.barcode('20');
        expectError(await merchant.operate(inDoubt.id, 'close'), 'close_refused_paid', 402, {
          provider: 'sandbox',
          code: '54',
          message: 'Close failed, transaction has been paid',
        });
        await sandbox.step(5_000);
        expect((await merchant.peek(inDoubt.id)).status).toBe('PAID');
        expectDocPromises(
          { key: 'a paid (or possibly paid) charge', operation: 'close' },
          'close_refused_paid',
        );
      });

      it('a paid charge | void: VOIDED, the payment and its fee reversed', async () => {
        const merchant = await sandbox.merchant();
        const { id } = await merchant.charge();
        const voided = await merchant.operate(id, 'void');
        expect(voided.body.data).toMatchObject({ status: 'VOIDED' });
        expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
        expectError(await merchant.operate(id, 'void'), 'void_already_done', 402);
        expectDocPromises({ key: 'a paid charge', operation: 'void' }, 'VOIDED');
      });

      it('any other charge | void: void_not_success', async () => {
        const merchant = await sandbox.merchant();
        const unpaid = await merchant.barcode('10');
        expectError(await merchant.operate(unpaid.id, 'void'), 'void_not_success', 402);
        // polypay holds it PAID, the channel already cancelled it: the channel refuses, with PayCools' row.
        const reversed = await merchant.barcode('31');
        await sandbox.step(SETTLE_MS);
        expectError(await merchant.operate(reversed.id, 'void'), 'void_not_success', 402, {
          provider: 'sandbox',
          code: '21500',
          message: 'Original transaction status is not success',
        });
        expect((await merchant.peek(reversed.id)).status).toBe('PAID');
        expectDocPromises({ key: 'any other charge', operation: 'void' }, 'void_not_success');
      });
    });

    describe('metadata sandbox_error', () => {
      it('<provider>:<code> answers the unified code, channel_error verbatim from that provider', async () => {
        const merchant = await sandbox.merchant();
        const store = await merchant.charge({
          metadata: { sandbox_error: 'shouqianba:UPAY_STORE_OVER_DAILY_LIMIT' },
        });
        expectError(store.response, 'store_over_daily_limit', 402, {
          provider: 'shouqianba',
          code: 'UPAY_STORE_OVER_DAILY_LIMIT',
          message: '商户日收款额超过上限',
        });
        expect((await merchant.peek(store.id)).status).toBe('PAY_CANCELED');
        const paid = await merchant.charge({
          metadata: { sandbox_error: 'paycools:21405', sandbox_operation: 'refund' },
        });
        expectError(await merchant.refund(paid.id, 100), 'partial_refund_not_supported', 402, {
          provider: 'paycools',
          code: '21405',
          message: 'The original transaction channel not support partial refund',
        });
        const bybit = await merchant.charge({ metadata: { sandbox_error: 'bybit:40004' } });
        expect(bybit.response.body).toMatchObject({ code: 'channel_duplicate_request' });
        const byName = await merchant.charge({ metadata: { sandbox_error: 'bybit:PARAM_VALID_ERROR' } });
        expect(byName.response.body.channel_error).toMatchObject({ provider: 'bybit', code: '40000' });
        expectDocPromises('`sandbox_error` = `<provider>:<code>` (');
      });

      it('<provider>:<code>:<message> picks the row of a code the provider uses twice', async () => {
        const merchant = await sandbox.merchant();
        const unique = await merchant.charge({
          metadata: { sandbox_error: 'eftpay:-99:out_trade_no/refund_no must be unique' },
        });
        expectError(unique.response, 'charge_order_no_used', 402, {
          provider: 'eftpay',
          code: '-99',
          message: 'out_trade_no/refund_no must be unique',
        });
        const system = await merchant.charge({ metadata: { sandbox_error: 'eftpay:-99' } });
        expectError(system.response, 'channel_unexpected_error', 502, {
          provider: 'eftpay',
          code: '-99',
          message: 'System error',
        });
      });

      it('an unknown provider, code or operation answers channel_parameter_error naming the bad value', async () => {
        const merchant = await sandbox.merchant();
        const cases: Record<string, string>[] = [
          { sandbox_error: 'nobody:1' },
          { sandbox_error: 'eftpay:nope' },
          { sandbox_error: 'eftpay:58', sandbox_operation: 'teleport' },
        ];
        for (const metadata of cases) {
          const { response } = await merchant.charge({ metadata });
          expectError(response, 'channel_parameter_error', 402);
          expect(response.body.channel_error).toMatchObject({ provider: 'sandbox', code: 'INVALID_PARAMS' });
          expect(response.body.channel_error?.message).toContain(
            metadata.sandbox_operation
              ? 'metadata.sandbox_operation="teleport"'
              : `metadata.sandbox_error="${metadata.sandbox_error}"`,
          );
        }
        expectDocPromises('an unknown provider or code', 'channel_parameter_error');
      });
    });
  });
}
