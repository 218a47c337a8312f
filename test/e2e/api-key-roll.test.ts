import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

interface KeyView {
  id: string;
  kind: string;
  status: string;
  revoked: number | null;
  key?: string;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: rolling an API key with an overlap`, () => {
    let api: TestApi;
    const clock = manualClock(Date.UTC(2026, 10, 24, 2, 0));
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
    });
    afterAll(() => api?.close());

    const keysOf = async (key: string) =>
      (await api.request<{ data: { items: KeyView[] } }>('GET', '/v1/api_keys', { key })).body.data.items;

    it('gives a new secret key; the old one works until the overlap ends, then 401', async () => {
      const shop = await api.createMerchant('Rolling shop');
      const [secret] = await keysOf(shop.secret_key);
      expect(secret).toMatchObject({ kind: 'secret', status: 'active' });
      const rolled = await api.request<{ data: KeyView }>('POST', `/v1/api_keys/${secret!.id}/roll`, {
        key: shop.secret_key,
        body: { overlap_seconds: 60 },
      });
      expect(rolled.status, rolled.text).toBe(200);
      const fresh = rolled.body.data.key!;
      expect(fresh).toMatch(/^sk_test_/);
      expect((await api.request('GET', '/v1/app', { key: fresh })).status).toBe(200);
      expect((await api.request('GET', '/v1/app', { key: shop.secret_key })).status).toBe(200);
      const during = (await keysOf(fresh)).find((k) => k.id === secret!.id)!;
      expect(during.revoked).toBe(clock.now() + 60_000);
      clock.advance(61_000);
      const after = await api.request<{ code: string }>('GET', '/v1/app', { key: shop.secret_key });
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('invalid_api_key');
      expect((await api.request('GET', '/v1/app', { key: fresh })).status).toBe(200);
    });

    it('without an overlap the old key stops at once; an unknown or spent key is 404', async () => {
      const shop = await api.createMerchant('Leaked key');
      const [secret] = await keysOf(shop.secret_key);
      const rolled = await api.request<{ data: KeyView }>('POST', `/v1/api_keys/${secret!.id}/roll`, {
        key: shop.secret_key,
      });
      expect(rolled.status, rolled.text).toBe(200);
      expect((await api.request('GET', '/v1/app', { key: shop.secret_key })).status).toBe(401);
      const fresh = rolled.body.data.key!;
      const again = await api.request<{ code: string }>('POST', `/v1/api_keys/${secret!.id}/roll`, {
        key: fresh,
      });
      expect(again.status).toBe(404);
      const other = await api.request<{ code: string }>('POST', '/v1/api_keys/key_nope/roll', { key: fresh });
      expect(other.body.code).toBe('resource_not_found');
    });
  });
}
