import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/helpers/stores.js';
import { SecretBox } from '../secret-box.js';
import { createApiKey, findActiveKey, hashApiKey, revokeKey } from './api-keys.js';
import { getApp, updateAppSettings } from './apps.js';
import { countMerchants, createMerchantWithApp, getMerchant, setMerchantStatus } from './merchants.js';

const box = SecretBox.fromKey(Buffer.alloc(32, 9));

for (const dialect of DIALECTS) {
  describe(`${dialect}: merchants, apps and API keys`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(dialect);
    });
    afterAll(() => t.dispose());

    it('creates a merchant with an app and a key, storing only the key hash', async () => {
      const before = await countMerchants(t.store.db);
      const created = await createMerchantWithApp(t.store.db, box, {
        name: 'Shop',
        mode: 'test',
        now: 1_700_000_000_000,
      });
      expect(await countMerchants(t.store.db)).toBe(before + 1);
      expect(created.merchant_id).toMatch(/^mch_[0-9A-Za-z]{24}$/);
      expect(created.app_id).toMatch(/^app_[0-9A-Za-z]{24}$/);
      expect(created.secret_key).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
      expect(created.signing_secret).toMatch(/^[0-9a-f]{64}$/);

      const keys = await t.store.db
        .selectFrom('api_keys')
        .selectAll()
        .where('app_id', '=', created.app_id)
        .execute();
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({
        key_hash: hashApiKey(created.secret_key),
        key_prefix: created.secret_key.slice(0, 12),
        kind: 'secret',
        status: 'active',
        created_at: 1_700_000_000_000,
      });
      expect(JSON.stringify(keys)).not.toContain(created.secret_key);

      const app = await getApp(t.store.db, created.app_id);
      expect(app?.signing_secret_enc).not.toContain(created.signing_secret);
      expect(box.decrypt(app?.signing_secret_enc ?? '')).toBe(created.signing_secret);

      const merchant = await getMerchant(t.store.db, created.merchant_id);
      expect(merchant).toMatchObject({ name: 'Shop', status: 'active', time_zone: 'Asia/Shanghai' });
    });

    it('finds an active key with its app and merchant in one round trip', async () => {
      const created = await createMerchantWithApp(t.store.db, box, {
        name: 'Live shop',
        mode: 'live',
        timeZone: 'Asia/Hong_Kong',
        now: 1,
      });
      expect(created.secret_key).toMatch(/^sk_live_/);
      const found = await findActiveKey(t.store.db, hashApiKey(created.secret_key));
      expect(found).toEqual({
        keyId: expect.stringMatching(/^key_/),
        kind: 'secret',
        appId: created.app_id,
        merchantId: created.merchant_id,
        merchantStatus: 'active',
        appMode: 'live',
        requireSignature: false,
        pingppRequireSignature: false,
        signingSecretEnc: expect.stringMatching(/^v1:/),
        previousSigningSecretEnc: null,
        previousSigningSecretExpiresAt: null,
        ipAllowlist: null,
        concurrencyLimit: null,
        timeZone: 'Asia/Hong_Kong',
        revokedAt: null,
      });
      expect(await findActiveKey(t.store.db, hashApiKey('sk_live_unknown'))).toBeUndefined();

      await setMerchantStatus(t.store.db, created.merchant_id, 'disabled', 2);
      expect((await findActiveKey(t.store.db, hashApiKey(created.secret_key)))?.merchantStatus).toBe(
        'disabled',
      );
    });

    it('revokes keys by id or by plaintext; a revoked key is not found', async () => {
      const created = await createMerchantWithApp(t.store.db, box, { name: 'R', mode: 'test', now: 1 });
      const second = await createApiKey(t.store.db, {
        merchantId: created.merchant_id,
        appId: created.app_id,
        kind: 'operator',
        mode: 'test',
      });
      expect(second).toMatch(/^op_test_/);
      const found = await findActiveKey(t.store.db, hashApiKey(second));
      expect(found?.kind).toBe('operator');

      expect(await revokeKey(t.store.db, { appId: created.app_id, key: created.secret_key, now: 5 })).toBe(
        true,
      );
      expect(await revokeKey(t.store.db, { appId: created.app_id, key: created.secret_key, now: 6 })).toBe(
        false,
      );
      expect(await findActiveKey(t.store.db, hashApiKey(created.secret_key))).toBeUndefined();
      // Scoped to another merchant: refused.
      expect(
        await revokeKey(t.store.db, { keyId: found?.keyId ?? '', merchantId: 'mch_other', now: 7 }),
      ).toBe(false);
      expect(
        await revokeKey(t.store.db, { keyId: found?.keyId ?? '', merchantId: created.merchant_id, now: 7 }),
      ).toBe(true);
      expect(await findActiveKey(t.store.db, hashApiKey(second))).toBeUndefined();
    });

    it('updates app settings, keeping what is not given', async () => {
      const created = await createMerchantWithApp(t.store.db, box, { name: 'S', mode: 'test', now: 1 });
      await updateAppSettings(t.store.db, created.app_id, {
        requireSignature: true,
        ipAllowlist: ['10.0.0.0/8'],
        now: 3,
      });
      await updateAppSettings(t.store.db, created.app_id, { concurrencyLimit: 4 });
      const found = await findActiveKey(t.store.db, hashApiKey(created.secret_key));
      expect(found).toMatchObject({
        requireSignature: true,
        ipAllowlist: ['10.0.0.0/8'],
        concurrencyLimit: 4,
      });
      await updateAppSettings(t.store.db, created.app_id, { ipAllowlist: null, concurrencyLimit: null });
      const app = await getApp(t.store.db, created.app_id);
      expect(app).toMatchObject({ require_signature: 1, ip_allowlist: null, concurrency_limit: null });
      expect(await updateAppSettings(t.store.db, 'app_missing', { requireSignature: false })).toBe(false);
    });

    it('refuses an unknown time zone before writing anything', async () => {
      const before = await countMerchants(t.store.db);
      await expect(
        createMerchantWithApp(t.store.db, box, {
          name: 'TZ',
          mode: 'test',
          timeZone: 'Mars/Olympus',
          now: 1,
        }),
      ).rejects.toThrow(/unknown time zone/);
      expect(await countMerchants(t.store.db)).toBe(before);
    });

    it('joins the caller transaction when given one', async () => {
      const before = await countMerchants(t.store.db);
      await expect(
        t.store.db.transaction().execute(async (trx) => {
          await createMerchantWithApp(trx, box, { name: 'T', mode: 'test', now: 1 });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await countMerchants(t.store.db)).toBe(before);
    });
  });
}
