import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/helpers/stores.js';
import { SecretBox } from '../secret-box.js';
import {
  type BeginIdempotentRequestInput,
  beginIdempotentRequest,
  completeIdempotentRequest,
  purgeExpiredIdempotencyRecords,
  releaseIdempotentRequest,
} from './idempotency.js';
import { createMerchantWithApp } from './merchants.js';

const NOW = 1_700_000_000_000;
const LOCK_MS = 60_000;
const TTL_MS = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: idempotency`, () => {
    let t: TestStore;
    let merchantId: string;
    let appId: string;
    let n = 0;
    /** Input for a new key (each test its own). */
    const input = (over: Partial<BeginIdempotentRequestInput> = {}): BeginIdempotentRequestInput => ({
      merchantId,
      appId,
      key: `key-${++n}`,
      requestHash: 'hash-a',
      now: NOW,
      lockMs: LOCK_MS,
      ttlMs: TTL_MS,
      ...over,
    });

    beforeAll(async () => {
      t = await createTestStore(dialect);
      const created = await createMerchantWithApp(t.store.db, SecretBox.fromKey(Buffer.alloc(32)), {
        name: 'I',
        mode: 'test',
        now: NOW,
      });
      merchantId = created.merchant_id;
      appId = created.app_id;
    });
    afterAll(() => t.dispose());

    it('starts exactly one of concurrent requests with the same key', async () => {
      const req = input();
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => beginIdempotentRequest(t.store.db, req)),
      );
      expect(outcomes.filter((o) => o.state === 'started')).toHaveLength(1);
      expect(outcomes.filter((o) => o.state === 'in_flight')).toHaveLength(7);
    });

    it('answers mismatch for the same key with another request', async () => {
      const req = input();
      expect(await beginIdempotentRequest(t.store.db, req)).toEqual({ state: 'started' });
      expect(await beginIdempotentRequest(t.store.db, { ...req, requestHash: 'hash-b' })).toEqual({
        state: 'mismatch',
      });
    });

    it('replays the completed response', async () => {
      const req = input();
      await beginIdempotentRequest(t.store.db, req);
      const body = '{"code":0,"message":"success","data":{"id":"ch_1","amount":100}}';
      const headers = { 'content-type': 'application/json; charset=utf-8' };
      await completeIdempotentRequest(t.store.db, { appId, key: req.key, status: 200, headers, body });
      const later = { ...req, now: NOW + 1000 };
      expect(await beginIdempotentRequest(t.store.db, later)).toEqual({
        state: 'replay',
        status: 200,
        headers,
        body,
      });
      // A second completion does not overwrite the first.
      await completeIdempotentRequest(t.store.db, {
        appId,
        key: req.key,
        status: 402,
        headers: {},
        body: 'x',
      });
      expect(await beginIdempotentRequest(t.store.db, later)).toMatchObject({
        state: 'replay',
        status: 200,
        body,
      });
      expect(await beginIdempotentRequest(t.store.db, { ...later, requestHash: 'other' })).toEqual({
        state: 'mismatch',
      });
    });

    it('forgets a released request, so that it can be retried', async () => {
      const req = input();
      await beginIdempotentRequest(t.store.db, req);
      await releaseIdempotentRequest(t.store.db, { appId, key: req.key });
      expect(await beginIdempotentRequest(t.store.db, { ...req, requestHash: 'hash-c' })).toEqual({
        state: 'started',
      });
    });

    it('lets one caller take over a request whose lock expired (a crash)', async () => {
      const req = input();
      await beginIdempotentRequest(t.store.db, req);
      expect(await beginIdempotentRequest(t.store.db, { ...req, now: NOW + LOCK_MS - 1 })).toEqual({
        state: 'in_flight',
      });
      const after = { ...req, now: NOW + LOCK_MS };
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, () => beginIdempotentRequest(t.store.db, after)),
      );
      expect(outcomes.filter((o) => o.state === 'started')).toHaveLength(1);
      expect(await beginIdempotentRequest(t.store.db, { ...after, now: NOW + LOCK_MS + 1 })).toEqual({
        state: 'in_flight',
      });
    });

    it('replaces an expired record, even with another request', async () => {
      const req = input();
      await beginIdempotentRequest(t.store.db, req);
      await completeIdempotentRequest(t.store.db, {
        appId,
        key: req.key,
        status: 200,
        headers: {},
        body: 'old',
      });
      const expired = { ...req, requestHash: 'hash-new', now: NOW + TTL_MS };
      expect(await beginIdempotentRequest(t.store.db, expired)).toEqual({ state: 'started' });
      expect(await beginIdempotentRequest(t.store.db, { ...expired, now: expired.now + 1 })).toEqual({
        state: 'in_flight',
      });
    });

    it('keeps keys of different apps apart and purges expired records', async () => {
      const req = input();
      const other = await createMerchantWithApp(t.store.db, SecretBox.fromKey(Buffer.alloc(32)), {
        name: 'J',
        mode: 'test',
        now: NOW,
      });
      expect(await beginIdempotentRequest(t.store.db, req)).toEqual({ state: 'started' });
      const theirs = { ...req, merchantId: other.merchant_id, appId: other.app_id, requestHash: 'x' };
      expect(await beginIdempotentRequest(t.store.db, theirs)).toEqual({ state: 'started' });
      expect(
        await purgeExpiredIdempotencyRecords(t.store.db, NOW + TTL_MS + 10 * TTL_MS),
      ).toBeGreaterThanOrEqual(2);
      expect(await t.store.db.selectFrom('idempotency_records').select('idem_key').execute()).toEqual([]);
    });
  });
}
