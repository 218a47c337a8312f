/** Expired idempotency records and request nonces are purged by a scheduled job, not kept for ever. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { PURGE_INTERVAL_MS, PURGE_JOB, schedulePurge } from '../../src/services/maintenance.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: purge of idempotency records and nonces`, () => {
    let api: TestApi;
    let clock: ManualClock;
    beforeAll(async () => {
      clock = manualClock(Date.now());
      api = await startTestApi(dialect, { clock });
    });
    afterAll(async () => api?.close());

    const count = async (table: 'idempotency_records' | 'request_nonces') =>
      (await api.store.db.selectFrom(table).select('app_id').execute()).length;

    async function signedPost(key: string) {
      const response = await api.request('POST', '/v1/stores', {
        body: { name: `Store ${key}` },
        headers: { 'idempotency-key': key },
        sign: { timestamp: Math.floor(clock.now() / 1000) },
      });
      expect(response.status, response.text).toBe(200);
    }

    it('runs on a schedule and deletes only what has expired', async () => {
      await signedPost('old-1');
      await signedPost('old-2');
      expect(await count('idempotency_records')).toBe(2);
      expect(await count('request_nonces')).toBe(2);

      await schedulePurge({ store: api.store, clock });
      await schedulePurge({ store: api.store, clock });
      const jobs = await api.store.db.selectFrom('jobs').selectAll().where('kind', '=', PURGE_JOB).execute();
      expect(jobs).toHaveLength(1);

      clock.advance(25 * HOUR);
      await signedPost('fresh');
      await api.runtime.jobs.runUntilIdle();
      expect(await count('idempotency_records')).toBe(1);
      expect(await count('request_nonces')).toBe(1);
      const job = await api.store.db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', PURGE_JOB)
        .executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'pending', run_at: clock.now() + PURGE_INTERVAL_MS });

      clock.advance(25 * HOUR);
      await api.runtime.jobs.runUntilIdle();
      expect(await count('idempotency_records')).toBe(0);
      expect(await count('request_nonces')).toBe(0);
    });
  });
}
