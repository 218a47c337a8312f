import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock.js';
import { type Credentials, startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

/**
 * Rolling the request signing secret (X-Polypay-Signature) with an overlap: both secrets sign valid
 * requests until the overlap ends, then only the new one. Time moves on a test clock.
 */

interface Rolled {
  object: string;
  signing_secret: string;
  previous_secret_expires_at: number | null;
}
interface Failure {
  code: string;
  param?: string;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: rolling the request signing secret`, () => {
    let api: TestApi;
    const clock = manualClock(Date.UTC(2026, 10, 24, 2, 0));
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
    });
    afterAll(() => api?.close());

    /** A merchant whose app refuses unsigned requests. */
    async function signingShop(name: string): Promise<Credentials> {
      const shop = await api.createMerchant(name);
      const set = await api.request('POST', '/v1/app', {
        key: shop.secret_key,
        body: { require_signature: true },
      });
      expect(set.status, set.text).toBe(200);
      return shop;
    }
    /** A signed GET /v1/app with `secret`, stamped with the test clock's time. */
    const readApp = (shop: Credentials, secret: string) =>
      api.request<Failure>('GET', '/v1/app', {
        key: shop.secret_key,
        sign: { secret, timestamp: Math.floor(clock.now() / 1000) },
      });
    const roll = (shop: Credentials, secret: string, body?: unknown) =>
      api.request<{ data: Rolled } & Failure>('POST', '/v1/app/signing_secret/roll', {
        key: shop.secret_key,
        sign: { secret, timestamp: Math.floor(clock.now() / 1000) },
        ...(body !== undefined ? { body } : {}),
      });

    it('accepts the old and the new secret until the overlap ends, then only the new one', async () => {
      const shop = await signingShop('Rolling signer');
      const old = shop.signing_secret;
      expect((await readApp(shop, old)).status).toBe(200);

      const rolled = await roll(shop, old, { overlap_seconds: 3600 });
      expect(rolled.status, rolled.text).toBe(200);
      const fresh = rolled.body.data.signing_secret;
      expect(rolled.body.data).toMatchObject({
        object: 'signing_secret',
        previous_secret_expires_at: clock.now() + 3_600_000,
      });
      expect(fresh).toMatch(/^[0-9a-f]{64}$/);
      expect(fresh).not.toBe(old);

      // The last second of the overlap: both sign.
      clock.advance(3_599_000);
      expect((await readApp(shop, old)).status).toBe(200);
      expect((await readApp(shop, fresh)).status).toBe(200);
      const forged = await readApp(shop, 'f'.repeat(64));
      expect(forged.status).toBe(401);
      expect(forged.body).toMatchObject({ code: 'invalid_signature', param: 'X-Polypay-Signature' });

      // The overlap is over: the old secret is refused, the new one still signs.
      clock.advance(1_000);
      const late = await readApp(shop, old);
      expect(late.status).toBe(401);
      expect(late.body).toMatchObject({ code: 'invalid_signature', param: 'X-Polypay-Signature' });
      expect((await readApp(shop, fresh)).status).toBe(200);
    });

    it('without an overlap the old secret stops at once; a second roll retires the first one', async () => {
      const shop = await signingShop('Leaked signer');
      const first = await roll(shop, shop.signing_secret);
      expect(first.status, first.text).toBe(200);
      expect(first.body.data.previous_secret_expires_at).toBeNull();
      const second = first.body.data.signing_secret;
      expect((await readApp(shop, shop.signing_secret)).status).toBe(401);
      expect((await readApp(shop, second)).status).toBe(200);

      // Rolled again with an overlap: only the secret just rolled out overlaps, never an older one.
      const third = (await roll(shop, second, { overlap_seconds: 60 })).body.data.signing_secret;
      const fourth = await roll(shop, third, { overlap_seconds: 60 });
      expect(fourth.status, fourth.text).toBe(200);
      expect((await readApp(shop, second)).status).toBe(401);
      expect((await readApp(shop, third)).status).toBe(200);
      expect((await readApp(shop, fourth.body.data.signing_secret)).status).toBe(200);
    });

    it('refuses a bad overlap with 400 and param, and a restricted key with 403, changing nothing', async () => {
      const shop = await signingShop('Careful signer');
      for (const [body, param] of [
        [{ overlap_seconds: -1 }, 'overlap_seconds'],
        [{ overlap_seconds: 1.5 }, 'overlap_seconds'],
        [{ overlap_seconds: '60' }, 'overlap_seconds'],
        [{ overlap_seconds: 8 * 86_400 }, 'overlap_seconds'],
        [{ overlap: 60 }, 'overlap'],
      ] as const) {
        const refused = await roll(shop, shop.signing_secret, body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.body.param).toBe(param);
      }
      const created = await api.request<{ data: { key: string } }>('POST', '/v1/api_keys', {
        key: shop.secret_key,
        body: { kind: 'restricted' },
        sign: { timestamp: Math.floor(clock.now() / 1000), secret: shop.signing_secret },
      });
      expect(created.status, created.text).toBe(200);
      const restricted = await api.request<Failure>('POST', '/v1/app/signing_secret/roll', {
        key: created.body.data.key,
        sign: { secret: shop.signing_secret, timestamp: Math.floor(clock.now() / 1000) },
      });
      expect(restricted.status).toBe(403);
      expect(restricted.body.code).toBe('permission_denied');
      // Nothing was rolled: the original secret still signs.
      expect((await readApp(shop, shop.signing_secret)).status).toBe(200);
    });
  });
}
