import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRowid, sqliteIndexesOf } from '../../../test/helpers/introspection.js';
import { migrateBefore } from '../../../test/helpers/migrate-before.js';
import { dropTestDatabase, testDatabaseUrl } from '../../../test/helpers/stores.js';
import { openStore } from '../index.js';
import { down } from './019-sqlite-without-rowid.js';
import { migrateToLatest } from './index.js';

describe('sqlite: migration 019, the small composite-key tables without rowid', () => {
  let url: string;
  beforeAll(async () => {
    url = await testDatabaseUrl('sqlite');
  });
  afterAll(async () => dropTestDatabase(url));

  it('keeps every row and index, and goes back down', async () => {
    const store = await openStore(url);
    try {
      const db = store.db;
      await migrateBefore(db, 'sqlite', '019');
      await db
        .insertInto('request_nonces')
        .values({ merchant_id: 'm1', app_id: 'a1', nonce: 'n1', expires_at: 5 })
        .execute();
      await db
        .insertInto('daily_totals')
        .values({ merchant_id: 'm1', scope: 'merchant', scope_id: 'm1', day: '2026-11-30', amount: 700 })
        .execute();
      await db
        .insertInto('ledger_balances')
        .values({
          merchant_id: 'm1',
          mode: 'test',
          account: 'pending',
          currency: 'CNY',
          balance: -690,
          updated_at: 9,
        })
        .execute();
      const nonceIndexes = await sqliteIndexesOf(db, 'request_nonces');
      expect(await hasRowid(db, 'daily_totals')).toBe(true);

      await migrateToLatest(db);
      for (const table of ['request_nonces', 'daily_totals', 'ledger_balances']) {
        expect(await hasRowid(db, table), table).toBe(false);
      }
      expect(await sqliteIndexesOf(db, 'request_nonces')).toEqual(
        nonceIndexes.filter((index) => !index.startsWith('sqlite_autoindex')),
      );
      expect(await db.selectFrom('request_nonces').selectAll().execute()).toEqual([
        { merchant_id: 'm1', app_id: 'a1', nonce: 'n1', expires_at: 5 },
      ]);
      expect(await db.selectFrom('daily_totals').select('amount').execute()).toEqual([{ amount: 700 }]);
      expect(await db.selectFrom('ledger_balances').select('balance').execute()).toEqual([{ balance: -690 }]);
      // The key still holds: a second row with the same key is refused.
      await expect(
        db
          .insertInto('daily_totals')
          .values({ merchant_id: 'm1', scope: 'merchant', scope_id: 'm1', day: '2026-11-30', amount: 1 })
          .execute(),
      ).rejects.toThrow(/UNIQUE|PRIMARY/i);

      await down(db as never);
      expect(await hasRowid(db, 'ledger_balances')).toBe(true);
      expect(await db.selectFrom('ledger_balances').select('balance').execute()).toEqual([{ balance: -690 }]);
    } finally {
      await store.close();
    }
  });
});
