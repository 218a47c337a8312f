/**
 * The per-process caches of an API key's answer and of an app's channel configurations
 * (src/store/read-cache.ts): every change made in the process applies to the very next request, however
 * long the time to live; a change made by another process applies once the time to live has passed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { setMerchantStatus, updateAppSettings } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { buyerBarcode, uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';
import {
  startTestProvider,
  TEST_PROVIDER,
  TEST_PROVIDERS,
  type TestProvider,
} from '../helpers/test-provider.js';

/** Far longer than any test: what applies at once here cannot be the time to live running out. */
const LONG_TTL_MS = 600_000;

interface ErrorBody {
  code: string | number;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: read caches of keys and channel configurations`, () => {
    let clock: ManualClock;
    let api: TestApi;
    let provider: TestProvider;

    beforeEach(async () => {
      clock = manualClock(Date.now());
      provider = await startTestProvider();
      api = await startTestApi(dialect, { clock, readCacheTtlMs: LONG_TTL_MS, providers: TEST_PROVIDERS });
    });
    afterEach(async () => {
      await api?.close();
      await provider?.close();
    });

    /** A cheap authenticated read: its answer's code (0 on success). */
    const listKeys = async (target: TestApi = api, key?: string) => {
      const response = await target.request<ErrorBody>('GET', '/v1/api_keys', key ? { key } : {});
      return response.body.code;
    };

    async function restrictedKey(): Promise<{ id: string; key: string }> {
      const response = await api.request<{ data: { id: string; key: string } }>('POST', '/v1/api_keys', {
        body: { kind: 'restricted' },
      });
      expect(response.status, response.text).toBe(200);
      return response.body.data;
    }

    function charge() {
      return api.request<{ data: { channel: string; status: string } }>('POST', '/v1/charges', {
        body: {
          out_trade_no: uniqueNo(),
          amount: 1200,
          currency: 'CNY',
          subject: 'Tea',
          payway: 'alipay',
          sub_payway: 'barcode',
          auth_code: buyerBarcode(),
        },
      });
    }

    it('refuses a revoked key on the very next request', async () => {
      const { id, key } = await restrictedKey();
      expect(await listKeys(api, key)).toBe(0);
      expect(await listKeys(api, key)).toBe(0);
      const revoked = await api.request('DELETE', `/v1/api_keys/${id}`);
      expect(revoked.status, revoked.text).toBe(200);
      expect(await listKeys(api, key)).toBe('invalid_api_key');
    });

    it('accepts a key created after an unknown key was refused (refusals are not cached)', async () => {
      expect(await listKeys(api, 'rk_test_00000000000000000000000000000000')).toBe('invalid_api_key');
      const { key } = await restrictedKey();
      expect(await listKeys(api, key)).toBe(0);
    });

    it('ends a rolled key at the end of its overlap, though its answer is cached', async () => {
      const { id, key } = await restrictedKey();
      const rolled = await api.request<{ data: { key: string } }>('POST', `/v1/api_keys/${id}/roll`, {
        body: { overlap_seconds: 60 },
      });
      expect(rolled.status, rolled.text).toBe(200);
      expect(await listKeys(api, key)).toBe(0);
      clock.advance(59_000);
      expect(await listKeys(api, key)).toBe(0);
      clock.advance(1_000);
      expect(await listKeys(api, key)).toBe('invalid_api_key');
      expect(await listKeys(api, rolled.body.data.key)).toBe(0);
    });

    it('applies a rotated signing secret, a required signature and an allow-list at once', async () => {
      const signed = (secret: string) =>
        api.request<ErrorBody>('GET', '/v1/api_keys', {
          sign: { secret, timestamp: Math.floor(clock.now() / 1000) },
        });
      const old = api.merchant.signing_secret;
      expect((await signed(old)).body.code).toBe(0);
      const rolled = await api.request<{ data: { signing_secret: string } }>(
        'POST',
        '/v1/app/signing_secret/roll',
        { body: { overlap_seconds: 0 } },
      );
      expect(rolled.status, rolled.text).toBe(200);
      expect((await signed(old)).body.code).toBe('invalid_signature');
      expect((await signed(rolled.body.data.signing_secret)).body.code).toBe(0);

      expect(await listKeys()).toBe(0);
      const required = await api.request('POST', '/v1/app', { body: { require_signature: true } });
      expect(required.status, required.text).toBe(200);
      expect(await listKeys()).toBe('signature_required');
      await updateAppSettings(api.store.db, api.merchant.app_id, { requireSignature: false });
      expect(await listKeys()).toBe(0);

      await updateAppSettings(api.store.db, api.merchant.app_id, { ipAllowlist: ['10.0.0.0/8'] });
      expect(await listKeys()).toBe('ip_not_allowed');
      // As `polypay app reset-allowlist` does.
      await updateAppSettings(api.store.db, api.merchant.app_id, { ipAllowlist: null });
      expect(await listKeys()).toBe(0);
    });

    it('refuses a suspended merchant’s key on the next request, and takes it back at once', async () => {
      expect(await listKeys()).toBe(0);
      await setMerchantStatus(api.store.db, api.merchant.merchant_id, 'disabled', clock.now());
      expect(await listKeys()).toBe('merchant_disabled');
      await setMerchantStatus(api.store.db, api.merchant.merchant_id, 'active', clock.now());
      expect(await listKeys()).toBe(0);
    });

    it('routes the next charge to a configuration just created, and away from one just disabled', async () => {
      const sandbox = await charge();
      expect(sandbox.status, sandbox.text).toBe(200);
      expect(sandbox.body.data.channel).toBe('sandbox');
      const created = await api.request<{ data: { id: string; channel: string } }>(
        'POST',
        '/v1/channel_configs',
        {
          body: {
            provider: TEST_PROVIDER,
            payways: ['alipay'],
            sub_payways: ['barcode'],
            currencies: ['CNY'],
            base_url: provider.url,
            credentials: { merchant_no: provider.merchantNo, secret: provider.secret },
          },
        },
      );
      expect(created.status, created.text).toBe(200);
      const configured = await charge();
      expect(configured.status, configured.text).toBe(200);
      expect(configured.body.data.channel).toBe(created.body.data.channel);
      const disabled = await api.request('POST', `/v1/channel_configs/${created.body.data.id}/disable`);
      expect(disabled.status, disabled.text).toBe(200);
      expect((await charge()).body.data.channel).toBe('sandbox');
    });

    it('a second instance over the same database sees a revoke within its time to live', async () => {
      const ttlMs = 2_000;
      const other = await startTestApi(dialect, {
        clock,
        readCacheTtlMs: ttlMs,
        databaseUrl: api.databaseUrl,
      });
      try {
        const { id, key } = await restrictedKey();
        expect(await listKeys(other, key)).toBe(0);
        // The revoke another process makes: the same statement as revokeKey, written to the database
        // without passing through this process's invalidation hook (which it never hears of).
        await api.store.db
          .updateTable('api_keys')
          .set({ status: 'revoked', revoked_at: clock.now() })
          .where('id', '=', id)
          .execute();
        expect(await listKeys(api, key)).toBe('invalid_api_key');
        // The other instance answers from its cache until the time to live has passed (the documented
        // bound), then reads the revoke.
        clock.advance(ttlMs - 1);
        expect(await listKeys(other, key)).toBe(0);
        clock.advance(1);
        expect(await listKeys(other, key)).toBe('invalid_api_key');
      } finally {
        await other.close();
      }
    });
  });
}
