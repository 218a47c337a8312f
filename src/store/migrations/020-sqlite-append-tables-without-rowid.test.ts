import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRowid, sqliteIndexesOf } from '../../../test/helpers/introspection.js';
import { migrateBefore } from '../../../test/helpers/migrate-before.js';
import { dropTestDatabase, testDatabaseUrl } from '../../../test/helpers/stores.js';
import { openStore } from '../index.js';
import type { Database } from '../schema.js';
import { down } from './020-sqlite-append-tables-without-rowid.js';
import { migrateToLatest } from './index.js';

const TABLES = ['charge_flows', 'jobs', 'ledger_entries'] as const;

async function rowsOf(db: Kysely<Database>, table: string): Promise<unknown[]> {
  return (await sql`select * from ${sql.table(table)} order by id`.execute(db)).rows;
}

describe('sqlite: migration 020, the append-only small-row tables without rowid', () => {
  let url: string;
  beforeAll(async () => {
    url = await testDatabaseUrl('sqlite');
  });
  afterAll(async () => dropTestDatabase(url));

  it('keeps every row, index and key, and goes back down', async () => {
    const store = await openStore(url);
    try {
      const db = store.db;
      await migrateBefore(db, 'sqlite', '020');
      await db
        .insertInto('merchants')
        .values({ id: 'm1', name: 'M', created_at: 1, updated_at: 1 })
        .execute();
      await db
        .insertInto('apps')
        .values({
          id: 'a1',
          merchant_id: 'm1',
          name: 'a1',
          mode: 'test',
          require_signature: 0,
          signing_secret_enc: 'v1:x',
          created_at: 1,
          updated_at: 1,
        })
        .execute();
      await db
        .insertInto('charges')
        .values({
          id: 'ch_1',
          merchant_id: 'm1',
          app_id: 'a1',
          out_trade_no: 'o1',
          request_hash: 'h',
          amount: 700,
          currency: 'CNY',
          amount_refunded: 0,
          fee: 0,
          status: 'PAID',
          payway: 'alipay',
          subject: 's',
          created_at: 1,
          updated_at: 1,
          version: 1,
        })
        .execute();
      await db
        .insertInto('charge_flows')
        .values({
          id: 'cf_1',
          merchant_id: 'm1',
          charge_id: 'ch_1',
          kind: 'pay',
          status: 'SUCCESS',
          biz_result: 'PAY_SUCCESS',
          amount: 700,
          refund_id: null,
          channel_trade_no: 't1',
          error_code: null,
          error_message: null,
          channel_error: null,
          created_at: 1,
          updated_at: 2,
        })
        .execute();
      await db
        .insertInto('jobs')
        .values({
          id: 'job_1',
          merchant_id: 'm1',
          kind: 'charge.resolve',
          payload: '{}',
          run_at: 5,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
      await db
        .insertInto('ledger_entries')
        .values({
          id: 'le_1',
          merchant_id: 'm1',
          mode: 'test',
          journal_id: 'jr_1',
          account: 'pending',
          currency: 'CNY',
          amount: -700,
          ref_type: 'charge',
          ref_id: 'ch_1',
          created_at: 1,
        })
        .execute();
      const before = new Map<string, { indexes: string[]; rows: unknown[] }>();
      for (const table of TABLES) {
        expect(await hasRowid(db, table), table).toBe(true);
        before.set(table, { indexes: await sqliteIndexesOf(db, table), rows: await rowsOf(db, table) });
      }

      await migrateToLatest(db);
      for (const table of TABLES) {
        expect(await hasRowid(db, table), table).toBe(false);
        const { indexes, rows } = before.get(table)!;
        expect(await sqliteIndexesOf(db, table), table).toEqual(
          indexes.filter((index) => !index.startsWith('sqlite_autoindex')),
        );
        expect(await rowsOf(db, table), table).toEqual(rows);
      }
      // The key still holds, and so does the flow's foreign key.
      await expect(
        db
          .insertInto('jobs')
          .values({
            id: 'job_1',
            merchant_id: 'm1',
            kind: 'x',
            payload: '{}',
            run_at: 5,
            created_at: 1,
            updated_at: 1,
          })
          .execute(),
      ).rejects.toThrow(/UNIQUE|PRIMARY/i);
      await expect(
        db
          .insertInto('charge_flows')
          .values({
            id: 'cf_2',
            merchant_id: 'm1',
            charge_id: 'ch_missing',
            kind: 'pay',
            status: 'IN_PROG',
            biz_result: null,
            amount: 1,
            refund_id: null,
            channel_trade_no: null,
            error_code: null,
            error_message: null,
            channel_error: null,
            created_at: 1,
            updated_at: 1,
          })
          .execute(),
      ).rejects.toThrow(/FOREIGN KEY/i);

      await down(db as never);
      for (const table of TABLES) {
        expect(await hasRowid(db, table), table).toBe(true);
        expect(await rowsOf(db, table), table).toEqual(before.get(table)!.rows);
      }
    } finally {
      await store.close();
    }
  });
});
