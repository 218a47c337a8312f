import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateBefore } from '../../../test/helpers/migrate-before.js';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../../../test/helpers/stores.js';
import { openStore } from '../index.js';
import { down } from './021-pingpp-payouts.js';
import { migrateToLatest } from './index.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: migration 021, what Ping++ payout requests carried`, () => {
    let url: string;
    beforeAll(async () => {
      url = await testDatabaseUrl(dialect);
    });
    afterAll(async () => dropTestDatabase(url));

    it('creates the table, keyed by app, kind and order number, and goes back down', async () => {
      const store = await openStore(url);
      try {
        const db = store.db;
        await migrateBefore(db, dialect, '021');
        expect(await migrateToLatest(db)).toContain('021-pingpp-payouts');
        const row = {
          app_id: 'a1',
          kind: 'transfer' as const,
          order_no: 'o1',
          merchant_id: 'm1',
          channel: 'wx_lite',
          metadata: '{"cart":"42"}',
          extra: '{}',
          body: null,
          created_at: 1_700_000_000_000,
        };
        await db.insertInto('pingpp_payouts').values(row).execute();
        // A red envelope may have a transfer's order number; the same kind may not have it twice.
        await db
          .insertInto('pingpp_payouts')
          .values({ ...row, kind: 'red_envelope', body: 'For you' })
          .execute();
        await expect(
          db
            .insertInto('pingpp_payouts')
            .values({ ...row, channel: 'wx' })
            .execute(),
        ).rejects.toThrow(/UNIQUE|duplicate key/i);
        expect(await db.selectFrom('pingpp_payouts').select('channel').execute()).toEqual([
          { channel: 'wx_lite' },
          { channel: 'wx_lite' },
        ]);

        await down(db as never);
        await expect(db.selectFrom('pingpp_payouts').selectAll().execute()).rejects.toThrow(/pingpp_payouts/);
      } finally {
        await store.close();
      }
    });
  });
}
