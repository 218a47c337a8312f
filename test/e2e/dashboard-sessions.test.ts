import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock.js';
import { purgeExpired } from '../../src/services/maintenance.js';
import { createApiKey, revokeKey } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { paidCharge, SHANGHAI_10AM, uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

interface SessionBody {
  code: number | string;
  param?: string;
  data: { id: string; mode: string; key_kind: string; csrf_token: string; expires_at: number };
}

/** The cookie pair of a Set-Cookie answer, as a browser would send it back. */
function cookieOf(headers: Headers): string {
  const set = headers.get('set-cookie') ?? '';
  return set.split(';')[0]!;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: dashboard sessions`, () => {
    let api: TestApi;
    const clock = manualClock(SHANGHAI_10AM);
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
    });
    afterAll(async () => api?.close());

    async function signIn(key: string) {
      const response = await api.request<SessionBody>('POST', '/v1/sessions', {
        key: null,
        body: { api_key: key },
      });
      expect(response.status).toBe(200);
      return { cookie: cookieOf(response.headers), csrf: response.body.data.csrf_token, response };
    }

    it('exchanges a key for an HttpOnly, SameSite=Strict cookie that stores only a hash', async () => {
      const { cookie, response } = await signIn(api.merchant.secret_key);
      const set = response.headers.get('set-cookie')!;
      expect(set).toMatch(
        /^polypay_session=sess_[0-9A-Za-z]+; Path=\/v1; Max-Age=43200; HttpOnly; SameSite=Strict$/,
      );
      expect(response.body.data).toMatchObject({ mode: 'test', key_kind: 'secret' });
      const token = cookie.split('=')[1]!;
      const rows = await api.store.db.selectFrom('dashboard_sessions').selectAll().execute();
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it('marks the cookie Secure when the request came over TLS through a trusted proxy', async () => {
      const proxied = await startTestApi(dialect, { trustProxy: true });
      try {
        const response = await proxied.request('POST', '/v1/sessions', {
          key: null,
          headers: { 'x-forwarded-proto': 'https' },
          body: { api_key: proxied.merchant.secret_key },
        });
        expect(response.headers.get('set-cookie')).toMatch(/; Secure$/);
      } finally {
        await proxied.close();
      }
    });

    it('reads with the cookie alone, and answers the CSRF token again after a reload', async () => {
      const { cookie, csrf } = await signIn(api.merchant.secret_key);
      const app = await api.request('GET', '/v1/app', { key: null, headers: { cookie } });
      expect(app.status).toBe(200);
      const current = await api.request<SessionBody>('GET', '/v1/sessions/current', {
        key: null,
        headers: { cookie },
      });
      expect(current.body.data.csrf_token).toBe(csrf);
    });

    it('refuses a write without the CSRF token, or with a wrong one (403 permission_denied)', async () => {
      const { cookie, csrf } = await signIn(api.merchant.secret_key);
      const body = { url: 'https://example.com/hook', enabled_events: ['*'] };
      const attempts: Record<string, string>[] = [
        { cookie },
        { cookie, 'x-csrf-token': `${csrf.slice(0, -2)}xx` },
      ];
      for (const headers of attempts) {
        const refused = await api.request<SessionBody>('POST', '/v1/webhook_endpoints', {
          key: null,
          headers,
          body,
        });
        expect(refused.status).toBe(403);
        expect(refused.body).toMatchObject({ code: 'permission_denied', param: 'X-CSRF-Token' });
      }
      const accepted = await api.request('POST', '/v1/webhook_endpoints', {
        key: null,
        headers: { cookie, 'x-csrf-token': csrf },
        body,
      });
      expect(accepted.status).toBe(200);
    });

    it('lets a restricted key’s session read everything and change nothing, but sign out', async () => {
      const rk = await createApiKey(api.store.db, {
        merchantId: api.merchant.merchant_id,
        appId: api.merchant.app_id,
        kind: 'restricted',
        mode: 'test',
        now: clock.now(),
      });
      const { cookie, csrf, response } = await signIn(rk);
      expect(response.body.data.key_kind).toBe('restricted');
      const headers = { cookie, 'x-csrf-token': csrf };
      expect((await api.request('GET', '/v1/charges', { key: null, headers })).status).toBe(200);
      const write = await api.request<SessionBody>('POST', '/v1/webhook_endpoints', {
        key: null,
        headers,
        body: { url: 'https://example.com/hook', enabled_events: ['*'] },
      });
      expect(write.status).toBe(403);
      expect(write.body.code).toBe('permission_denied');
      expect((await api.request('DELETE', '/v1/sessions/current', { key: null, headers })).status).toBe(200);
    });

    it('signs out: the cookie is cleared and the session no longer works', async () => {
      const { cookie, csrf } = await signIn(api.merchant.secret_key);
      const refused = await api.request('DELETE', '/v1/sessions/current', { key: null, headers: { cookie } });
      expect(refused.status).toBe(403);
      const out = await api.request('DELETE', '/v1/sessions/current', {
        key: null,
        headers: { cookie, 'x-csrf-token': csrf },
      });
      expect(out.status).toBe(200);
      expect(out.headers.get('set-cookie')).toMatch(/^polypay_session=; Path=\/v1; Max-Age=0;/);
      const after = await api.request<SessionBody>('GET', '/v1/app', { key: null, headers: { cookie } });
      expect(after.status).toBe(401);
      expect(after.body).toMatchObject({ code: 'invalid_api_key', param: 'Cookie' });
    });

    it('expires after twelve hours, and ends when its key is revoked', async () => {
      const { cookie } = await signIn(api.merchant.secret_key);
      clock.advance(12 * 3_600_000);
      expect((await api.request('GET', '/v1/app', { key: null, headers: { cookie } })).status).toBe(401);
      clock.set(SHANGHAI_10AM);

      const key = await createApiKey(api.store.db, {
        merchantId: api.merchant.merchant_id,
        appId: api.merchant.app_id,
        kind: 'secret',
        mode: 'test',
        now: clock.now(),
      });
      const second = await signIn(key);
      expect(
        (await api.request('GET', '/v1/app', { key: null, headers: { cookie: second.cookie } })).status,
      ).toBe(200);
      await revokeKey(api.store.db, { key, now: clock.now() });
      expect(
        (await api.request('GET', '/v1/app', { key: null, headers: { cookie: second.cookie } })).status,
      ).toBe(401);
    });

    it('purges expired and signed-out sessions, keeping live ones', async () => {
      const live = await signIn(api.merchant.secret_key);
      const ended = await signIn(api.merchant.secret_key);
      await api.request('DELETE', '/v1/sessions/current', {
        key: null,
        headers: { cookie: ended.cookie, 'x-csrf-token': ended.csrf },
      });
      const purged = await purgeExpired({ store: api.store, clock });
      expect(purged.sessions).toBeGreaterThanOrEqual(1);
      const left = await api.store.db.selectFrom('dashboard_sessions').select(['id', 'ended_at']).execute();
      expect(left.every((row) => row.ended_at === null)).toBe(true);
      expect(left.map((row) => row.id)).toContain(live.response.body.data.id);
      expect(
        (await api.request('GET', '/v1/app', { key: null, headers: { cookie: live.cookie } })).status,
      ).toBe(200);
    });

    it('refuses bad sign-ins: unknown key, no key, extra fields, an unknown cookie', async () => {
      const unknown = await api.request<SessionBody>('POST', '/v1/sessions', {
        key: null,
        body: { api_key: 'sk_test_nope' },
      });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toMatchObject({ code: 'invalid_api_key', param: 'api_key' });
      const missing = await api.request<SessionBody>('POST', '/v1/sessions', { key: null, body: {} });
      expect(missing.status).toBe(400);
      expect(missing.body.param).toBe('api_key');
      const extra = await api.request<SessionBody>('POST', '/v1/sessions', {
        key: null,
        body: { api_key: api.merchant.secret_key, remember: true },
      });
      expect(extra.status).toBe(400);
      const forged = await api.request('GET', '/v1/app', {
        key: null,
        headers: { cookie: 'polypay_session=sess_forged' },
      });
      expect(forged.status).toBe(401);
      const noSession = await api.request('GET', '/v1/sessions/current');
      expect(noSession.status).toBe(404);
    });
  });

  describe(`${dialect}: the summary report`, () => {
    let api: TestApi;
    const clock = manualClock(SHANGHAI_10AM);
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
    });
    afterAll(async () => api?.close());

    interface Summary {
      today: {
        volume: number;
        count: number;
        succeeded: number;
        success_rate_bps: number | null;
        refunded: number;
      };
      series: {
        day: string;
        volume: number;
        by_channel: Record<string, number>;
        by_status: Record<string, number>;
      }[];
    }
    const summary = async (query = '') =>
      (await api.request<{ data: Summary }>('GET', `/v1/reports/summary${query}`)).body.data;

    it('counts today’s charges, volume, success rate and refunds, and a series per day', async () => {
      const empty = await summary();
      expect(empty.today).toEqual({
        volume: 0,
        count: 0,
        succeeded: 0,
        success_rate_bps: null,
        refunded: 0,
        day: '2026-11-24',
      });
      expect(empty.series).toHaveLength(7);

      clock.advance(-2 * 86_400_000);
      await paidCharge(api, { amount: 500 });
      clock.set(SHANGHAI_10AM);
      const charge = await paidCharge(api, { amount: 1200 });
      await paidCharge(api, { amount: 300 });
      const refund = await api.request('POST', `/v1/charges/${charge.id}/refunds`, {
        body: { refund_no: uniqueNo('rf'), amount: 200 },
      });
      expect(refund.status).toBe(200);

      const week = await summary('?days=7');
      expect(week.today).toMatchObject({
        volume: 1500,
        count: 2,
        succeeded: 2,
        success_rate_bps: 10_000,
        refunded: 200,
      });
      expect(week.series.at(-1)!.by_status).toEqual({ PARTIAL_REFUNDED: 1, PAID: 1 });
      expect(week.series.at(-3)).toMatchObject({ day: '2026-11-22', volume: 500 });
      expect(Object.values(week.series.at(-1)!.by_channel)).toEqual([1500]);
      expect((await summary('?days=30')).series).toHaveLength(30);
      expect((await summary('?currency=HKD')).today.count).toBe(0);
    });

    it('refuses a bad window or currency (400 with param)', async () => {
      for (const [query, param] of [
        ['?days=0', 'days'],
        ['?days=32', 'days'],
        ['?currency=cny', 'currency'],
        ['?week=1', 'week'],
      ] as const) {
        const response = await api.request<{ code: string; param: string }>(
          'GET',
          `/v1/reports/summary${query}`,
        );
        expect(response.status, query).toBe(400);
        expect(response.body.param, query).toBe(param);
      }
    });
  });
}
