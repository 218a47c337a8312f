import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BybitEmulator, createBybitEmulator } from '../../src/channels/bybit/emulator/server.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../src/channels/kit/emulator/index.js';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { settleAll } from '../../src/services/settlement.js';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import { BYBIT_CONFIG } from '../helpers/bybit-config.js';
import {
  type Envelope,
  type ListView,
  nextShanghaiMidnight,
  paidCharge,
  refund,
  SHANGHAI_10AM,
  uniqueNo,
} from '../helpers/charges.js';
import { fetchOpenApiDocument } from '../helpers/openapi.js';
import { DIALECTS } from '../helpers/stores.js';

/**
 * Every list answers in one documented order: newest first (as Stripe does), except the event feed
 * (oldest first, to replay) and the history of one object (in the order it happened). Each list is
 * walked one item per page, so the cursor is checked in the same direction as the order.
 */

const NEWEST_FIRST = [
  '/v1/charges',
  '/v1/refunds',
  '/v1/balance_transactions',
  '/v1/transfers',
  '/v1/red_envelopes',
  '/v1/webhook_endpoints',
  '/v1/channel_configs',
  '/v1/api_keys',
  '/v1/agreements',
];
const OLDEST_FIRST = [
  '/v1/events',
  '/v1/charges/{id}/refunds',
  '/v1/agreements/{id}/deductions',
  '/v1/agreements/{id}/deductions/{deduction_id}/refunds',
  '/v1/events/{id}/deliveries',
];
/** The error catalog is ordered by code and the emulators' scenario queues by provider, not by time. */
const NOT_BY_TIME = ['/v1/errors', '/v1/test/emulator_scenarios'];

interface Item {
  id: string;
  created_at?: number;
  created?: number;
}
const createdOf = (item: Item): number => item.created_at ?? item.created ?? Number.NaN;

describe('which lists exist', () => {
  it('classifies every list operation of the OpenAPI document', async () => {
    const doc = (await fetchOpenApiDocument()) as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    // Follows `$ref`s a few levels down, enough to see a list's `has_more` and `next_cursor`.
    const expand = (node: unknown, depth: number): unknown => {
      if (depth > 6 || node === null || typeof node !== 'object') return node;
      if (Array.isArray(node)) return node.map((n) => expand(n, depth + 1));
      const ref = (node as { $ref?: unknown }).$ref;
      if (typeof ref === 'string') {
        const target = ref
          .replace(/^#\//, '')
          .split('/')
          .reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], doc);
        return expand(target, depth + 1);
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, expand(v, depth + 1)]));
    };
    const lists: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      const ok = JSON.stringify(expand(item.get?.responses?.['200'] ?? {}, 0));
      if (ok.includes('"has_more"') && ok.includes('"next_cursor"')) lists.push(path);
    }
    expect(lists.sort()).toEqual([...NEWEST_FIRST, ...OLDEST_FIRST, ...NOT_BY_TIME].sort());
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: the order of every list`, () => {
    let api: TestApi;
    let clock: ManualClock;
    let emulator: BybitEmulator;
    let running: StandaloneEmulator;
    /** What this test created on each list, in creation order. */
    const made = new Map<string, string[]>();
    const note = (path: string, id: string) => made.set(path, [...(made.get(path) ?? []), id]);
    /** One second between objects, so that no two share a `created_at`. */
    const tick = () => clock.advance(1000);

    async function post<T>(path: string, body: unknown): Promise<T> {
      const answer = await api.request<Envelope<T>>('POST', path, { body });
      expect(answer.status, answer.text).toBe(200);
      return answer.body.data;
    }

    /** Every item of a list, walking it one item per page when it pages. */
    async function walk(path: string): Promise<Item[]> {
      const items: Item[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const query: string = cursor === null ? '' : `&starting_after=${cursor}`;
        const answer = await api.request<Envelope<ListView<Item>>>('GET', `${path}?limit=1${query}`);
        expect(answer.status, answer.text).toBe(200);
        items.push(...answer.body.data.items);
        if (!answer.body.data.has_more) return items;
        cursor = answer.body.data.next_cursor;
      }
      throw new Error(`${path} did not end`);
    }
    async function whole(path: string): Promise<Item[]> {
      const answer = await api.request<Envelope<ListView<Item>>>('GET', path);
      expect(answer.status, answer.text).toBe(200);
      return answer.body.data.items;
    }

    beforeAll(async () => {
      clock = manualClock(SHANGHAI_10AM);
      emulator = createBybitEmulator({ clock });
      running = await startStandaloneEmulator(emulator);
      api = await startTestApi(dialect, { clock, webhookTargets: PRIVATE_TARGETS_FOR_TESTS });

      for (let i = 0; i < 3; i++) {
        tick();
        const config = await post<Item>('/v1/channel_configs', {
          ...BYBIT_CONFIG,
          base_url: running.url,
          credentials: emulator.credentials(),
        });
        note('/v1/channel_configs', config.id);
        tick();
        const endpoint = await post<Item>('/v1/webhook_endpoints', {
          url: `http://127.0.0.1:9/hooks/${i}`,
          enabled_events: ['*'],
        });
        note('/v1/webhook_endpoints', endpoint.id);
        tick();
        note('/v1/api_keys', (await post<Item>('/v1/api_keys', { kind: 'restricted' })).id);
      }
      for (let i = 0; i < 3; i++) {
        tick();
        note('/v1/charges', (await paidCharge(api, { amount: 50_000 })).id);
      }
      await api.runtime.jobs.runUntilIdle();
      // The charges' events reached the three endpoints: one delivery each.
      const firstEvent = (await whole('/v1/events'))[0]!;
      made.set('/v1/events/{id}/deliveries', []);

      const charge = made.get('/v1/charges')![0]!;
      for (let i = 0; i < 3; i++) {
        tick();
        const answer = await refund(api, charge, { amount: 100 });
        expect(answer.status, answer.text).toBe(200);
        note('/v1/charges/{id}/refunds', answer.body.data.id);
      }

      // Settled overnight, the charges fund payouts.
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      await settleAll(api.runtime.charges);
      for (let i = 0; i < 3; i++) {
        for (const path of ['/v1/transfers', '/v1/red_envelopes']) {
          tick();
          const payout = await post<Item>(path, {
            out_transfer_no: uniqueNo('po'),
            currency: 'CNY',
            amount: 100,
            destination: { type: 'wallet_user', user_id: 'u_2088' },
          });
          note(path, payout.id);
        }
      }

      for (let i = 0; i < 3; i++) {
        tick();
        const agreement = await post<Item & { sign_url: string }>('/v1/agreements', {
          agreement_type: 'CYCLE',
          scene_code: 'SUBSCRIPTION',
          product_code: 'BYBIT_RECURRING_STANDARD',
          currency: 'USD',
          single_limit: '5000',
          period_limits: [{ period_type: 'DAY', amount: '8000' }],
          time_zone: 'Asia/Hong_Kong',
        });
        note('/v1/agreements', agreement.id);
        if (i === 0) {
          const signed = await fetch(`${agreement.sign_url}/confirm`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'user_id=U10001',
          });
          expect(signed.status).toBe(200);
          for (let d = 0; d < 3; d++) {
            tick();
            const deduction = await post<Item>(`/v1/agreements/${agreement.id}/deductions`, {
              amount: '100',
              title: 'Cloud storage',
            });
            note('/v1/agreements/{id}/deductions', deduction.id);
          }
          const deductionId = made.get('/v1/agreements/{id}/deductions')![0]!;
          for (let r = 0; r < 3; r++) {
            tick();
            const deductionRefund = await post<Item>(
              `/v1/agreements/${agreement.id}/deductions/${deductionId}/refund`,
              { amount: '10' },
            );
            note('/v1/agreements/{id}/deductions/{deduction_id}/refunds', deductionRefund.id);
          }
        }
      }
      made.set('firstEvent', [firstEvent.id]);
    });
    afterAll(async () => {
      await api?.close();
      await running?.close();
    });

    const concrete = (path: string): string =>
      path
        .replace('/v1/charges/{id}', `/v1/charges/${made.get('/v1/charges')![0]}`)
        .replace('/v1/agreements/{id}', `/v1/agreements/${made.get('/v1/agreements')![0]}`)
        .replace('{deduction_id}', `${made.get('/v1/agreements/{id}/deductions')?.[0]}`)
        .replace('/v1/events/{id}', `/v1/events/${made.get('firstEvent')![0]}`);

    it.each(NEWEST_FIRST)('%s lists newest first, and its cursor walks the same way', async (path) => {
      const items = await walk(path);
      expect(items.map((item) => item.id)).toEqual((await whole(`${path}?limit=100`)).map((i) => i.id));
      const times = items.map(createdOf);
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const mine = made.get(path);
      if (mine) {
        expect(items.map((item) => item.id).filter((id) => mine.includes(id))).toEqual([...mine].reverse());
      } else {
        expect(items.length).toBeGreaterThanOrEqual(3);
      }
    });

    it.each(OLDEST_FIRST)('%s lists oldest first', async (path) => {
      const url = concrete(path);
      const items = path === '/v1/events' ? await walk(url) : await whole(url);
      const times = items.map(createdOf);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const mine = made.get(path);
      if (mine && mine.length > 0) {
        expect(items.map((item) => item.id).filter((id) => mine.includes(id))).toEqual(mine);
      } else {
        expect(items.length).toBeGreaterThanOrEqual(3);
      }
    });
  });
}
