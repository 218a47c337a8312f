import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_PAYOUT_MAGIC } from '../../src/channels/sandbox/sandbox-payouts.js';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { settleAll } from '../../src/services/settlement.js';
import { type Credentials, startTestApi, type TestApi } from '../helpers/api.js';
import {
  assertLedgerConsistent,
  balanceOf,
  type Envelope,
  nextShanghai10am,
  nextShanghaiMidnight,
  paidCharge,
  SHANGHAI_10AM,
  uniqueNo,
} from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

/**
 * Payouts through the sandbox: funded from the available balance (topped up by paid, settled charges),
 * held while pending, sent or released exactly once; the sandbox's magic values for each payout code.
 */

interface PayoutView {
  id: string;
  object: string;
  out_transfer_no: string;
  status: string;
  amount: number;
  pending_code: string | null;
  action_url: string | null;
  failure_code: string | null;
}
interface ErrorView {
  code: string;
  param?: string;
}

const USER = { type: 'wallet_user', user_id: 'u_2088' };

for (const dialect of DIALECTS) {
  describe(`${dialect}: transfers and red envelopes through the sandbox`, () => {
    let api: TestApi;
    let seller: Credentials;
    const clock: ManualClock = manualClock(SHANGHAI_10AM);
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
    });
    afterAll(async () => api?.close());

    /** A fresh merchant whose available balance is `amount` minus fees, from a paid charge settled overnight. */
    async function funded(amount: number): Promise<number> {
      clock.set(nextShanghai10am(clock.now()));
      seller = await api.createMerchant('Paying merchant');
      await paidCharge(api, { amount, key: seller.secret_key });
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      await settleAll(api.runtime.charges);
      return (await balance()).available;
    }
    const balance = () => balanceOf(api, 'CNY', seller.secret_key);
    const send = (path: string, body: Record<string, unknown>) =>
      api.request<Envelope<PayoutView> & ErrorView>('POST', path, {
        key: seller.secret_key,
        body: { out_transfer_no: uniqueNo('po'), currency: 'CNY', destination: USER, ...body },
      });
    const read = async (path: string) =>
      (await api.request<Envelope<PayoutView>>('GET', path, { key: seller.secret_key })).body.data;
    const resolve = async () => {
      clock.advance(60_000);
      await api.runtime.jobs.runUntilIdle();
    };

    beforeEach(() => {
      clock.set(nextShanghai10am(clock.now()));
    });

    it('holds the amount while pending, then sends it: available down exactly once', async () => {
      const start = await funded(100_000);
      const sent = await send('/v1/transfers', { amount: 30_000 });
      expect(sent.status, sent.text).toBe(200);
      expect(sent.body.data).toMatchObject({ object: 'transfer', status: 'PENDING', amount: 30_000 });
      expect((await balance()).available).toBe(start - 30_000);
      await resolve();
      expect((await read(`/v1/transfers/${sent.body.data.id}`)).status).toBe('PAID');
      await resolve();
      expect((await balance()).available).toBe(start - 30_000);
      // The same out_transfer_no again is the same transfer; other parameters under it are refused.
      const again = await send('/v1/transfers', {
        amount: 30_000,
        out_transfer_no: sent.body.data.out_transfer_no,
      });
      expect(again.body.data.id).toBe(sent.body.data.id);
      const other = await send('/v1/transfers', {
        amount: 1,
        out_transfer_no: sent.body.data.out_transfer_no,
      });
      expect(other.status).toBe(402);
      expect(other.body.code).toBe('transfer_no_used');
      await assertLedgerConsistent(api.store, seller.merchant_id);
    });

    it('refuses a payout above the available balance and holds nothing', async () => {
      const start = await funded(10_000);
      const short = await send('/v1/transfers', { amount: start + 1 });
      expect(short.status).toBe(402);
      expect(short.body).toMatchObject({ code: 'merchant_balance_insufficient', param: 'amount' });
      expect((await balance()).available).toBe(start);
      const list = await api.request<Envelope<{ items: PayoutView[] }>>('GET', '/v1/transfers', {
        key: seller.secret_key,
      });
      expect(list.body.data.items).toHaveLength(0);
    });

    it('releases the hold of a payout that fails after pending: balance restored exactly', async () => {
      const start = await funded(50_000);
      const sent = await send('/v1/transfers', { amount: 4004 });
      expect(sent.body.data.status).toBe('PENDING');
      expect((await balance()).available).toBe(start - 4004);
      await resolve();
      expect(await read(`/v1/transfers/${sent.body.data.id}`)).toMatchObject({
        status: 'FAILED',
        failure_code: 'recipient_account_invalid',
      });
      expect((await balance()).available).toBe(start);
      await assertLedgerConsistent(api.store, seller.merchant_id);
    });

    it('transfer_system_busy: nothing sent; the retry with the same number sends exactly one', async () => {
      const start = await funded(50_000);
      const no = uniqueNo('busy');
      const busy = await send('/v1/transfers', { amount: 1111, out_transfer_no: no });
      expect(busy.status).toBe(503);
      expect(busy.body.code).toBe('transfer_system_busy');
      const retried = await send('/v1/transfers', { amount: 1111, out_transfer_no: no });
      expect(retried.status, retried.text).toBe(200);
      expect(retried.body.data.status).toBe('PENDING');
      const list = await api.request<Envelope<{ items: PayoutView[] }>>(
        'GET',
        `/v1/transfers?out_transfer_no=${no}`,
        {
          key: seller.secret_key,
        },
      );
      expect(list.body.data.items).toHaveLength(1);
      await resolve();
      expect((await balance()).available).toBe(start - 1111);
    });

    it('red_system_busy works the same for red envelopes', async () => {
      await funded(50_000);
      const no = uniqueNo('redbusy');
      const busy = await send('/v1/red_envelopes', { amount: 1111, out_transfer_no: no });
      expect(busy.body.code).toBe('red_system_busy');
      const retried = await send('/v1/red_envelopes', { amount: 1111, out_transfer_no: no });
      expect(retried.body.data).toMatchObject({ object: 'red_envelope', status: 'PENDING' });
      await resolve();
      expect((await read(`/v1/red_envelopes/${retried.body.data.id}`)).status).toBe('PAID');
    });

    it('transfer_wait_operation: pending with the URL to open, paid once the payee acts', async () => {
      await funded(50_000);
      const wait = await send('/v1/transfers', { amount: 2222 });
      expect(wait.status).toBe(402);
      expect(wait.body.code).toBe('transfer_wait_operation');
      const list = await api.request<Envelope<{ items: PayoutView[] }>>('GET', '/v1/transfers', {
        key: seller.secret_key,
      });
      const pending = list.body.data.items[0]!;
      expect(pending).toMatchObject({ status: 'PENDING', pending_code: 'transfer_wait_operation' });
      expect(pending.action_url).toMatch(/^https:\/\//);
      await resolve();
      await resolve();
      expect((await read(`/v1/transfers/${pending.id}`)).status).toBe('PAID');
    });

    it('channel_not_support_transfer and channel_not_support_red_envelope hold nothing', async () => {
      const start = await funded(50_000);
      const legacy = { type: 'wallet_user', user_id: 'legacy_channel' };
      const t = await send('/v1/transfers', { amount: 500, destination: legacy });
      expect(t.body.code).toBe('channel_not_support_transfer');
      const r = await send('/v1/red_envelopes', { amount: 500, destination: legacy });
      expect(r.body.code).toBe('channel_not_support_red_envelope');
      expect((await balance()).available).toBe(start);
    });

    it('lists newest first with a cursor', async () => {
      await funded(50_000);
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        clock.advance(1000);
        ids.push((await send('/v1/transfers', { amount: 100 })).body.data.id);
      }
      const first = await api.request<
        Envelope<{ items: PayoutView[]; next_cursor: string | null; has_more: boolean }>
      >('GET', '/v1/transfers?limit=2', { key: seller.secret_key });
      expect(first.body.data.items.map((t) => t.id)).toEqual([ids[2], ids[1]]);
      expect(first.body.data.has_more).toBe(true);
      const second = await api.request<Envelope<{ items: PayoutView[] }>>(
        'GET',
        `/v1/transfers?limit=2&starting_after=${first.body.data.next_cursor}`,
        { key: seller.secret_key },
      );
      expect(second.body.data.items.map((t) => t.id)).toEqual([ids[0]]);
    });

    it('documents the payout routes with operation ids and named schemas', async () => {
      const doc = await api.request<{
        paths: Record<string, Record<string, { operationId?: string; description?: string }>>;
        components: { schemas: Record<string, unknown> };
      }>('GET', '/openapi.json', { key: null });
      expect(doc.status).toBe(200);
      expect(doc.body.paths['/v1/transfers']?.post?.operationId).toBe('createTransfer');
      expect(doc.body.paths['/v1/transfers']?.get?.operationId).toBe('listTransfers');
      expect(doc.body.paths['/v1/transfers/{id}']?.get?.operationId).toBe('getTransfer');
      expect(doc.body.paths['/v1/red_envelopes']?.post?.operationId).toBe('createRedEnvelope');
      expect(doc.body.paths['/v1/red_envelopes/{id}']?.get?.description).toBeTruthy();
      expect(Object.keys(doc.body.components.schemas)).toEqual(
        expect.arrayContaining(['Transfer', 'RedEnvelope', 'TransferResponse', 'PayoutDestination']),
      );
    });

    it('property: concurrent transfers never take the available balance below zero', async () => {
      await fc.assert(
        fc.asyncProperty(
          // Plain amounts: the sandbox's magic ones (busy, waiting, failing payouts) answer otherwise.
          fc.array(
            fc
              .integer({ min: 1, max: 9_000 })
              .filter((amount) => !(Object.values(SANDBOX_PAYOUT_MAGIC) as unknown[]).includes(amount)),
            { minLength: 2, maxLength: 8 },
          ),
          async (amounts) => {
            const start = await funded(20_000);
            const answers = await Promise.all(amounts.map((amount) => send('/v1/transfers', { amount })));
            const accepted = answers.filter((a) => a.status === 200).map((a) => a.body.data.amount);
            for (const a of answers)
              if (a.status !== 200) expect(a.body.code).toBe('merchant_balance_insufficient');
            const held = accepted.reduce((sum, x) => sum + x, 0);
            expect(held).toBeLessThanOrEqual(start);
            const after = (await balance()).available;
            expect(after).toBe(start - held);
            expect(after).toBeGreaterThanOrEqual(0);
          },
        ),
        { numRuns: 6 },
      );
    });
  });
}
