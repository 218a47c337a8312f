import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateBefore } from '../../../test/helpers/migrate-before.js';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../../../test/helpers/stores.js';
import { openStore } from '../index.js';
import type { Database } from '../schema.js';
import { migrateToLatest } from './index.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: migration 015, Ping++ signatures required on their own`, () => {
    let url: string;
    beforeAll(async () => {
      url = await testDatabaseUrl(dialect);
    });
    afterAll(async () => dropTestDatabase(url));

    it('keeps Ping++ signatures required for apps that required signatures before', async () => {
      const store = await openStore(url);
      try {
        const db = store.db as Kysely<Database>;
        await migrateBefore(db, dialect, '015');
        const raw = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
        const t = 1_700_000_000_000;
        await raw
          .insertInto('merchants')
          .values({ id: 'm1', name: 'M', created_at: t, updated_at: t })
          .execute();
        for (const [id, required] of [
          ['a_signed', 1],
          ['a_open', 0],
        ] as const) {
          await raw
            .insertInto('apps')
            .values({
              id,
              merchant_id: 'm1',
              name: id,
              mode: 'test',
              require_signature: required,
              signing_secret_enc: 'v1:x',
              created_at: t,
              updated_at: t,
            })
            .execute();
        }
        expect(await migrateToLatest(db)).toContain('015-pingpp-require-signature');
        const apps = await db
          .selectFrom('apps')
          .select(['id', 'require_signature', 'pingpp_require_signature'])
          .orderBy('id')
          .execute();
        expect(apps).toEqual([
          { id: 'a_open', require_signature: 0, pingpp_require_signature: 0 },
          { id: 'a_signed', require_signature: 1, pingpp_require_signature: 1 },
        ]);
      } finally {
        await store.close();
      }
    });
  });
}
