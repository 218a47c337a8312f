/**
 * A request that names a charge already final must say so (never advise a retry that can change
 * nothing), and a retryable refusal must not be replayed by idempotency: the client's retry runs again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { magicBarcode } from '../../src/channels/sandbox/barcode.js';
import { DIALECTS } from '../helpers/stores.js';
import { BARCODE_DEADLINE_MS, type Sandbox, startSandbox, uniqueNo } from './sandbox-harness.js';

interface ErrorBody {
  code: string;
  retryable: boolean;
  next_action: string;
  message: string;
  retry_after_ms?: number;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: answers for final charges`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox(dialect);
    });
    afterAll(async () => sandbox?.close());

    const body = (nn: string) => ({
      out_trade_no: uniqueNo('final'),
      amount: 1_000,
      currency: 'CNY',
      subject: 'Final',
      payway: 'alipay',
      sub_payway: 'barcode',
      auth_code: magicBarcode(nn),
    });

    for (const [nn, firstCode] of [
      ['25', 'channel_unexpected_error'],
      ['27', 'trade_processing'],
    ] as const) {
      it(`…${nn}: once final, the same charge sent again is refused for good, naming the charge`, async () => {
        const merchant = await sandbox.merchant();
        const key = merchant.credentials.secret_key;
        const request = body(nn);
        const first = await merchant.request<{ status: string; failure_code: string }>(
          'POST',
          '/v1/charges',
          request,
        );
        expect(first.body.data).toMatchObject({ status: 'PAY_ERROR', failure_code: firstCode });

        await sandbox.step(BARCODE_DEADLINE_MS + 120_000, 5_000);
        const charge = await merchant.findByOutTradeNo(request.out_trade_no);
        expect(charge).toMatchObject({ status: 'PAY_CANCELED', failure_code: firstCode });

        const variants: Record<string, string>[] = [{}, { 'idempotency-key': `new-${request.out_trade_no}` }];
        for (const headers of variants) {
          const resent = await sandbox.api.request<ErrorBody>('POST', '/v1/charges', {
            key,
            body: request,
            headers,
          });
          expect(resent.status).toBe(402);
          expect(resent.body).toMatchObject({
            code: 'charge_closed',
            retryable: false,
            next_action: 'create_new_charge',
          });
          expect(resent.body.retry_after_ms).toBeUndefined();
          expect(resent.body.message).toContain(charge!.id);
          expect(resent.body.message).toContain(firstCode);
        }
      });
    }

    it('a retryable refusal is not replayed: the retry with the same key runs again', async () => {
      const merchant = await sandbox.merchant();
      const { id } = await merchant.charge({ amount: 50_000 });
      const pending = await merchant.request<{ status: string }>('POST', `/v1/charges/${id}/refunds`, {
        refund_no: uniqueNo('rf'),
        amount: 9902,
      });
      expect(pending.body.data).toMatchObject({ status: 'PENDING' });
      const second = { refund_no: uniqueNo('rf'), amount: 1_000 };
      const headers = { 'idempotency-key': `k-${second.refund_no}` };
      const send = () =>
        sandbox.api.request<ErrorBody & { data?: { status: string } }>('POST', `/v1/charges/${id}/refunds`, {
          key: merchant.credentials.secret_key,
          body: second,
          headers,
        });
      const refused = await send();
      expect(refused.body).toMatchObject({ code: 'refund_pending_exists', retryable: true });
      await sandbox.step(6_000);
      const retried = await send();
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      expect(retried.status).toBe(200);
      expect(retried.body.data?.status).toBe('SUCCEEDED');
      // Now the answer is final, and stored: the same key replays it.
      const replayed = await send();
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(replayed.text).toBe(retried.text);
    });

    it('a final refusal that already says "do not retry" is answered as it was', async () => {
      const merchant = await sandbox.merchant();
      const request = body('01');
      const first = await merchant.request<never>('POST', '/v1/charges', request);
      expect(first.body).toMatchObject({ code: 'insufficient_fund', retryable: false });
      const resent = await merchant.request<never>('POST', '/v1/charges', request);
      expect(resent.status).toBe(402);
      expect(resent.body).toMatchObject({ code: 'insufficient_fund', retryable: false });
    });
  });
}
