import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../test/helpers/stores.js';
import { insertInChunks } from './multi-row.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: insertInChunks`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(dialect);
    });
    afterAll(() => t.dispose());

    it('inserts more rows than one statement may bind, in as few statements as fit', async () => {
      // 9,000 rows of 4 columns: 36,000 values, past SQLite's 32,766 per statement.
      const rows = Array.from({ length: 9_000 }, (_, i) => ({
        merchant_id: 'mch_chunks',
        app_id: 'app_chunks',
        nonce: `c${i}`,
        expires_at: i,
      }));
      let statements = 0;
      await insertInChunks(rows, async (chunk) => {
        statements += 1;
        await t.store.db.insertInto('request_nonces').values(chunk).execute();
      });
      expect(statements).toBe(2);
      const { count } = await t.store.db
        .selectFrom('request_nonces')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('app_id', '=', 'app_chunks')
        .executeTakeFirstOrThrow();
      expect(Number(count)).toBe(9_000);
      await insertInChunks([], async () => {
        throw new Error('no statement for no rows');
      });
    });
  });
}
