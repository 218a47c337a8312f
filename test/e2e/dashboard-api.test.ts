import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountEmulators } from '../../src/channels/emulators.js';
import { createMerchantWithApp } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { paidCharge, uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

interface List<T> {
  data: { items: T[]; has_more: boolean; next_cursor: string | null };
}
interface ErrorBody {
  code: string;
  param?: string;
}

/** What the dashboard reads beyond the original API: list filters, all refunds, an object's events. */
for (const dialect of DIALECTS) {
  describe(`${dialect}: the lists the dashboard reads`, () => {
    let api: TestApi;
    let small: { id: string };
    let large: { id: string };
    let refundId: string;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      small = await paidCharge(api, { amount: 150 });
      large = await paidCharge(api, { amount: 9_000, payway: 'wechat' });
      const refund = await api.request<{ data: { id: string } }>('POST', `/v1/charges/${small.id}/refunds`, {
        body: { refund_no: uniqueNo('rf'), amount: 50 },
      });
      refundId = refund.body.data.id;
      await api.runtime.jobs.runUntilIdle();
    });
    afterAll(async () => api?.close());

    const ids = async (path: string) =>
      (await api.request<List<{ id: string }>>('GET', path)).body.data.items.map((item) => item.id);

    it('filters charges by amount, payway and channel', async () => {
      expect(await ids('/v1/charges?amount_gte=1000')).toEqual([large.id]);
      expect(await ids('/v1/charges?amount_lte=150')).toEqual([small.id]);
      expect(await ids('/v1/charges?amount_gte=150&amount_lte=150')).toEqual([small.id]);
      expect(await ids('/v1/charges?payway=wechat')).toEqual([large.id]);
      expect(await ids('/v1/charges?channel=sandbox')).toEqual([large.id, small.id]);
      expect(await ids('/v1/charges?channel=eftpay')).toEqual([]);
    });

    it('lists every refund of the app, newest first, with cursor paging and a status filter', async () => {
      const second = await api.request<{ data: { id: string } }>('POST', `/v1/charges/${large.id}/refunds`, {
        body: { refund_no: uniqueNo('rf'), amount: 100 },
      });
      const first = await api.request<List<{ id: string }>>('GET', '/v1/refunds?limit=1');
      expect(first.body.data.items.map((r) => r.id)).toEqual([second.body.data.id]);
      expect(first.body.data.has_more).toBe(true);
      const next = await ids(`/v1/refunds?limit=1&starting_after=${first.body.data.next_cursor}`);
      expect(next).toEqual([refundId]);
      expect(await ids('/v1/refunds?status=SUCCEEDED')).toHaveLength(2);
      expect(await ids('/v1/refunds?status=FAILED')).toEqual([]);
      // Another merchant sees none of them.
      const other = await api.createMerchant('Other');
      const theirs = await api.request<List<unknown>>('GET', '/v1/refunds', { key: other.secret_key });
      expect(theirs.body.data.items).toEqual([]);
    });

    it('lists the events of one object', async () => {
      const events = await api.request<List<{ type: string; data: { object: { id: string } } }>>(
        'GET',
        `/v1/events?object_id=${small.id}`,
      );
      expect(events.body.data.items.length).toBeGreaterThan(0);
      for (const event of events.body.data.items) expect(event.data.object.id).toBe(small.id);
      const ofRefund = await api.request<List<{ type: string }>>('GET', `/v1/events?object_id=${refundId}`);
      expect(ofRefund.body.data.items.map((e) => e.type)).toContain('refund.succeeded');
    });

    it('pages events newest first with order=desc, each page further back', async () => {
      type Ev = { id: string; created: number };
      const all = (await api.request<List<Ev>>('GET', '/v1/events?limit=100')).body.data.items;
      expect(all.length).toBeGreaterThan(2);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: List<Ev> = (
          await api.request<List<Ev>>(
            'GET',
            `/v1/events?order=desc&limit=2${cursor ? `&starting_after=${cursor}` : ''}`,
          )
        ).body;
        seen.push(...page.data.items.map((e) => e.id));
        cursor = page.data.has_more ? page.data.next_cursor : null;
      } while (cursor);
      expect(seen).toEqual(all.map((e) => e.id).reverse());
      const bad = await api.request<ErrorBody>('GET', '/v1/events?order=newest');
      expect(bad.status).toBe(400);
      expect(bad.body.param).toBe('order');
    });

    it('filters balance transactions by account, type, source and time', async () => {
      type Txn = { account: string; type: string; source: string; created_at: number };
      const all = (await api.request<List<Txn>>('GET', '/v1/balance_transactions?limit=100')).body.data.items;
      expect(all.length).toBeGreaterThan(0);
      const of = async (query: string) =>
        (await api.request<List<Txn>>('GET', `/v1/balance_transactions?limit=100&${query}`)).body.data.items;
      const refunds = await of('type=refund');
      expect(refunds.length).toBeGreaterThan(0);
      expect(refunds.every((t) => t.type === 'refund')).toBe(true);
      expect((await of('account=available')).every((t) => t.account === 'available')).toBe(true);
      expect((await of(`source=${large.id}`)).every((t) => t.source === large.id)).toBe(true);
      expect(await of(`created_gte=${Date.now() + 60_000}`)).toEqual([]);
      expect(await of('created_lt=1')).toEqual([]);
    });

    it('refuses bad filters with 400 and the parameter at fault', async () => {
      for (const [path, param] of [
        ['/v1/charges?amount_gte=-1', 'amount_gte'],
        ['/v1/charges?amount_lte=abc', 'amount_lte'],
        ['/v1/charges?channel=', 'channel'],
        ['/v1/refunds?status=DONE', 'status'],
        ['/v1/refunds?starting_after=nonsense', 'starting_after'],
        ['/v1/events?object_id=', 'object_id'],
        ['/v1/balance_transactions?account=fees', 'account'],
        ['/v1/balance_transactions?created_gte=-5', 'created_gte'],
      ] as const) {
        const response = await api.request<ErrorBody>('GET', path);
        expect(response.status, path).toBe(400);
        expect(response.body.param, path).toBe(param);
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: the emulators' scenarios through the API (test mode)`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { beforeListen: async (app) => void (await mountEmulators(app)) });
    });
    afterAll(async () => api?.close());

    interface Queued {
      data: {
        provider: string;
        scenarios: { id: string; fault?: string; code?: string; remaining: number }[];
      };
    }

    it('queues, lists and clears scenarios of a mounted emulator', async () => {
      const queued = await api.request<Queued>('POST', '/v1/test/emulator_scenarios/shouqianba', {
        body: { fault: 'timeout', times: 2 },
      });
      expect(queued.status).toBe(200);
      expect(queued.body.data).toMatchObject({
        provider: 'shouqianba',
        scenarios: [{ fault: 'timeout', remaining: 2 }],
      });
      // The emulator's own control route holds it: the API is a front for it, not a copy.
      const direct = await fetch(`${api.url}/_emulators/shouqianba/_emulator/scenarios`);
      expect(((await direct.json()) as { scenarios: unknown[] }).scenarios).toHaveLength(1);
      const list = await api.request<List<Queued['data']>>('GET', '/v1/test/emulator_scenarios');
      expect(list.body.data.items.map((i) => i.provider).sort()).toEqual([
        'bybit',
        'eftpay',
        'paycools',
        'shouqianba',
      ]);
      const cleared = await api.request<Queued>('DELETE', '/v1/test/emulator_scenarios/shouqianba');
      expect(cleared.body.data.scenarios).toEqual([]);
    });

    it('refuses bad scenarios with the field at fault, and live-mode keys', async () => {
      const unknownProvider = await api.request<ErrorBody>('POST', '/v1/test/emulator_scenarios/acme', {
        body: {},
      });
      expect(unknownProvider.status).toBe(400);
      expect(unknownProvider.body.param).toBe('provider');
      const badFault = await api.request<ErrorBody>('POST', '/v1/test/emulator_scenarios/eftpay', {
        body: { fault: 'explode' },
      });
      expect(badFault.status).toBe(400);
      expect(badFault.body.param).toBe('fault');
      const empty = await api.request<ErrorBody>('POST', '/v1/test/emulator_scenarios/eftpay', { body: {} });
      expect(empty.status).toBe(400);
      expect(empty.body.code).toBe('invalid_params');
      const live = await createMerchantWithApp(api.store.db, api.box, {
        name: 'Live',
        mode: 'live',
        now: Date.now(),
      });
      const refused = await api.request<ErrorBody>('GET', '/v1/test/emulator_scenarios', {
        key: live.secret_key,
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('permission_denied');
    });
  });

  describe(`${dialect}: the emulators' scenarios when none is mounted`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(async () => api?.close());

    it('lists none and answers 404 for a provider', async () => {
      const list = await api.request<List<unknown>>('GET', '/v1/test/emulator_scenarios');
      expect(list.body.data.items).toEqual([]);
      const missing = await api.request<ErrorBody>('POST', '/v1/test/emulator_scenarios/bybit', {
        body: { fault: 'reset' },
      });
      expect(missing.status).toBe(404);
      expect(missing.body.param).toBe('provider');
    });
  });
}
