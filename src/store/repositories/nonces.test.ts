import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/helpers/stores.js';
import { purgeExpiredNonces, recordNonce } from './nonces.js';

const NOW = 1_700_000_000_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: request nonces`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(dialect);
    });
    afterAll(() => t.dispose());

    const nonce = (value: string, over: { now?: number; expiresAt?: number; appId?: string } = {}) => ({
      merchantId: 'mch_n',
      appId: over.appId ?? 'app_n',
      nonce: value,
      now: over.now ?? NOW,
      expiresAt: over.expiresAt ?? NOW + 600_000,
    });

    it('accepts a nonce once: of 10 concurrent uses exactly one wins', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => recordNonce(t.store.db, nonce('race-1'))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await recordNonce(t.store.db, nonce('race-1', { now: NOW + 599_999 }))).toBe(false);
    });

    it('keeps nonces of different apps apart', async () => {
      expect(await recordNonce(t.store.db, nonce('shared'))).toBe(true);
      expect(await recordNonce(t.store.db, nonce('shared', { appId: 'app_other' }))).toBe(true);
    });

    it('reuses an expired nonce, once', async () => {
      expect(await recordNonce(t.store.db, nonce('old'))).toBe(true);
      const later = nonce('old', { now: NOW + 600_000, expiresAt: NOW + 1_200_000 });
      const results = await Promise.all(Array.from({ length: 10 }, () => recordNonce(t.store.db, later)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('purges expired nonces only', async () => {
      expect(await recordNonce(t.store.db, nonce('short', { expiresAt: NOW + 1 }))).toBe(true);
      expect(await recordNonce(t.store.db, nonce('long', { expiresAt: NOW + 10_000_000 }))).toBe(true);
      expect(await purgeExpiredNonces(t.store.db, NOW + 1)).toBeGreaterThanOrEqual(1);
      const left = await t.store.db.selectFrom('request_nonces').select('nonce').execute();
      expect(left.map((r) => r.nonce)).toContain('long');
      expect(left.map((r) => r.nonce)).not.toContain('short');
    });
  });
}
