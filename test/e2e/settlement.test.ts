import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { feeFor, feeRefundFor } from '../../src/domain/ledger-rules.js';
import { scheduleSettlementSweep, settleAll } from '../../src/services/settlement.js';
import { type Credentials, startTestApi, type TestApi } from '../helpers/api.js';
import {
  assertLedgerConsistent,
  balanceOf,
  chargeAction,
  type Envelope,
  getCharge,
  HOUR_MS,
  type ListView,
  nextShanghai10am,
  nextShanghaiMidnight,
  paidCharge,
  refund,
  SHANGHAI_10AM,
} from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

interface BalanceTransaction {
  readonly id: string;
  readonly journal_id: string;
  readonly account: 'pending' | 'available';
  readonly amount: number;
  readonly type: string;
  readonly source: string;
  readonly created_at: number;
}

const net = (amount: number) => amount - feeFor(amount, 60);

for (const dialect of DIALECTS) {
  describe(`${dialect}: settlement`, () => {
    let api: TestApi;
    let seller: Credentials;
    const clock: ManualClock = manualClock(SHANGHAI_10AM);
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
    });
    afterAll(async () => api?.close());
    // Each test has its own merchant (clean balances), on a new local day.
    beforeEach(async () => {
      clock.set(nextShanghai10am(clock.now()));
      seller = await api.createMerchant('Settling merchant');
    });

    const balance = () => balanceOf(api, 'CNY', seller.secret_key);
    const charge = (amount: number) => paidCharge(api, { amount, key: seller.secret_key });
    const read = async (id: string) => (await getCharge(api, id, seller.secret_key)).body.data;

    it('keeps today’s proceeds pending, and makes them available after the local midnight cut-off', async () => {
      const paid = await charge(10_000);
      expect(await balance()).toEqual({ available: 0, pending: net(10_000) });
      clock.set(nextShanghaiMidnight(clock.now(), -60_000)); // 23:59, still the same day
      await settleAll(api.runtime.charges);
      expect(await read(paid.id)).toMatchObject({ settled: false, settled_at: null });
      expect(await balance()).toEqual({ available: 0, pending: net(10_000) });

      clock.advance(2 * 60_000); // 00:01 the next day
      const late = await charge(2_000); // paid after the cut-off: tomorrow's settlement
      await settleAll(api.runtime.charges);
      expect(await read(paid.id)).toMatchObject({ settled: true, settled_at: clock.now() });
      expect(await read(late.id)).toMatchObject({ settled: false });
      expect(await balance()).toEqual({ available: net(10_000), pending: net(2_000) });
      // Settling again moves nothing.
      await settleAll(api.runtime.charges);
      expect(await balance()).toEqual({ available: net(10_000), pending: net(2_000) });
      await assertLedgerConsistent(api.store, seller.merchant_id);
    });

    it('settles what refunds left of a charge, and nothing of a canceled or voided one', async () => {
      const refunded = await charge(5_000);
      expect((await refund(api, refunded.id, { amount: 2_000, key: seller.secret_key })).status).toBe(200);
      const canceled = await charge(3_000);
      expect((await chargeAction(api, canceled.id, 'cancel')).status).toBe(404); // another merchant's charge
      const cancel = await api.request('POST', `/v1/charges/${canceled.id}/cancel`, {
        key: seller.secret_key,
      });
      expect(cancel.status, cancel.text).toBe(200);
      const voided = await charge(4_000);
      expect(
        (await api.request('POST', `/v1/charges/${voided.id}/void`, { key: seller.secret_key })).status,
      ).toBe(200);
      const left = net(5_000) - (2_000 - feeRefundFor(5_000, feeFor(5_000, 60), 0, 2_000));
      expect(await balance()).toEqual({ available: 0, pending: left });
      clock.set(nextShanghaiMidnight(clock.now(), HOUR_MS));
      await settleAll(api.runtime.charges);
      expect(await balance()).toEqual({ available: left, pending: 0 });
      expect(await read(refunded.id)).toMatchObject({ settled: true, status: 'PARTIAL_REFUNDED' });
      expect(await read(canceled.id)).toMatchObject({ settled: false, status: 'CANCELED' });
      expect(await read(voided.id)).toMatchObject({ settled: false, status: 'VOIDED' });
      await assertLedgerConsistent(api.store, seller.merchant_id);
    });

    it('makes available what a refund open at the cut-off gives back when it fails (9903)', async () => {
      const paid = await charge(20_000);
      const open = await refund(api, paid.id, { amount: 9_903, key: seller.secret_key });
      expect(open.body.data.status).toBe('REFUND_ERROR');
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      await settleAll(api.runtime.charges);
      expect(await read(paid.id)).toMatchObject({ settled: true });
      await api.runtime.jobs.runUntilIdle();
      const failed = await api.request<Envelope<{ status: string }>>(
        'GET',
        `/v1/refunds/${open.body.data.id}`,
        {
          key: seller.secret_key,
        },
      );
      expect(failed.body.data.status).toBe('FAILED');
      // Nothing was refunded: the whole net is settled money, none of it left stuck in pending.
      expect(await balance()).toEqual({ available: net(20_000), pending: 0 });
      await assertLedgerConsistent(api.store, seller.merchant_id);
    });

    it('uses each merchant’s own time zone for the cut-off', async () => {
      const utc = await api.createMerchant('UTC merchant');
      await api.store.db
        .updateTable('merchants')
        .set({ time_zone: 'UTC' })
        .where('id', '=', utc.merchant_id)
        .execute();
      const shanghaiCharge = await charge(1_000);
      const utcCharge = await paidCharge(api, { amount: 1_000, key: utc.secret_key });
      clock.set(nextShanghaiMidnight(clock.now(), 30 * 60_000)); // 00:30 Shanghai = 16:30 UTC, same UTC day
      await settleAll(api.runtime.charges);
      expect(await read(shanghaiCharge.id)).toMatchObject({ settled: true });
      expect((await getCharge(api, utcCharge.id, utc.secret_key)).body.data.settled).toBe(false);
      clock.advance(8 * HOUR_MS); // 00:30 UTC the next day
      await settleAll(api.runtime.charges);
      expect((await getCharge(api, utcCharge.id, utc.secret_key)).body.data.settled).toBe(true);
      expect(await balanceOf(api, 'CNY', utc.secret_key)).toEqual({ available: net(1_000), pending: 0 });
    });

    it('runs as a background job', async () => {
      const paid = await charge(1_000);
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      await scheduleSettlementSweep(api.runtime.charges);
      await api.runtime.jobs.runUntilIdle();
      expect(await read(paid.id)).toMatchObject({ settled: true });
      expect(await balance()).toEqual({ available: net(1_000), pending: 0 });
    });

    it('lists the balance movements newest first, with cursor pagination', async () => {
      const first = await charge(10_000);
      clock.advance(60_000);
      const second = await charge(6_000);
      clock.advance(60_000);
      expect((await refund(api, second.id, { amount: 1_000, key: seller.secret_key })).status).toBe(200);
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      await settleAll(api.runtime.charges);

      const all: BalanceTransaction[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/v1/balance_transactions?limit=2${cursor ? `&starting_after=${cursor}` : ''}`;
        const page = await api.request<Envelope<ListView<BalanceTransaction>>>('GET', query, {
          key: seller.secret_key,
        });
        expect(page.status, page.text).toBe(200);
        expect(page.body.data.items.length).toBeLessThanOrEqual(2);
        all.push(...page.body.data.items);
        cursor = page.body.data.next_cursor;
        pages += 1;
      } while (cursor !== null && pages < 20);
      // charge ×2 (pending), refund (pending), settlement ×2 (pending and available each).
      expect(all).toHaveLength(7);
      expect(pages).toBe(4);
      expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
      const times = all.map((t) => t.created_at);
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(new Set(all.map((t) => t.type))).toEqual(new Set(['charge', 'refund', 'settlement']));
      const sum = (account: string) =>
        all.filter((t) => t.account === account).reduce((s, t) => s + t.amount, 0);
      expect({ available: sum('available'), pending: sum('pending') }).toEqual(await balance());
      expect(all.find((t) => t.type === 'charge' && t.source === first.id)).toMatchObject({
        account: 'pending',
        amount: net(10_000),
      });
      expect(
        all
          .filter((t) => t.type === 'settlement' && t.account === 'available')
          .map((t) => t.source)
          .sort(),
      ).toEqual([first.id, second.id].sort());
      const bad = await api.request('GET', '/v1/balance_transactions?starting_after=nope', {
        key: seller.secret_key,
      });
      expect(bad.status).toBe(400);
      await assertLedgerConsistent(api.store, seller.merchant_id);
    });
  });
}
