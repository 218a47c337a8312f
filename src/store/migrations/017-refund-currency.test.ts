import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateBefore } from '../../../test/helpers/migrate-before.js';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../../../test/helpers/stores.js';
import { openStore } from '../index.js';
import type { Database } from '../schema.js';
import { migrateToLatest } from './index.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: migration 017, refunds name their currency`, () => {
    let url: string;
    beforeAll(async () => {
      url = await testDatabaseUrl(dialect);
    });
    afterAll(async () => dropTestDatabase(url));

    it("gives refunds made before it their charge's currency", async () => {
      const store = await openStore(url);
      try {
        const db = store.db as Kysely<Database>;
        await migrateBefore(db, dialect, '017');
        const raw = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
        const t = 1_700_000_000_000;
        await raw
          .insertInto('merchants')
          .values({ id: 'm1', name: 'M', created_at: t, updated_at: t })
          .execute();
        await raw
          .insertInto('apps')
          .values({
            id: 'a1',
            merchant_id: 'm1',
            name: 'a1',
            mode: 'test',
            require_signature: 0,
            signing_secret_enc: 'v1:x',
            created_at: t,
            updated_at: t,
          })
          .execute();
        for (const [id, currency] of [
          ['ch_cny', 'CNY'],
          ['ch_hkd', 'HKD'],
        ] as const) {
          await raw
            .insertInto('charges')
            .values({
              id,
              merchant_id: 'm1',
              app_id: 'a1',
              out_trade_no: id,
              request_hash: 'h',
              amount: 1_000,
              currency,
              amount_refunded: 100,
              fee: 0,
              status: 'PARTIAL_REFUNDED',
              payway: 'alipay',
              subject: 's',
              created_at: t,
              updated_at: t,
              version: 1,
            })
            .execute();
          await raw
            .insertInto('refunds')
            .values({
              id: `re_${id}`,
              merchant_id: 'm1',
              app_id: 'a1',
              charge_id: id,
              refund_no: `rf_${id}`,
              amount: 100,
              status: 'SUCCEEDED',
              created_at: t,
              updated_at: t,
            })
            .execute();
        }
        expect(await migrateToLatest(db)).toContain('017-refund-currency');
        const refunds = await db.selectFrom('refunds').select(['id', 'currency']).orderBy('id').execute();
        expect(refunds).toEqual([
          { id: 're_ch_cny', currency: 'CNY' },
          { id: 're_ch_hkd', currency: 'HKD' },
        ]);
      } finally {
        await store.close();
      }
    });
  });
}
