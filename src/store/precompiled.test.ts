import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../test/helpers/stores.js';
import { precompiled, precompiledQuery } from './precompiled.js';

interface Row {
  id: string;
  merchant_id: string;
  scope: string;
  scope_id: string;
  day: string;
  amount?: number;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: precompiled statements`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(dialect);
    });
    afterAll(() => t.dispose());

    let builds = 0;
    const insertTotal = precompiled((db, row: Omit<Row, 'id'>) => {
      builds += 1;
      return db.insertInto('daily_totals').values(row);
    });
    const addAndRead = precompiled((db, key: { merchant_id: string; day: string; add: number }) =>
      db
        .updateTable('daily_totals')
        .set((eb) => ({ amount: eb('amount', '+', key.add) }))
        .where('merchant_id', '=', key.merchant_id)
        .where('day', '=', key.day)
        .where('scope', '=', 'merchant')
        .returning(['scope_id', 'amount']),
    );

    it('binds each run’s values to the text compiled once per shape', async () => {
      const db = t.store.db;
      for (let i = 0; i < 5; i++) {
        await insertTotal(db, {
          merchant_id: `m${i}`,
          scope: 'merchant',
          scope_id: `s${i}`,
          day: '2026-11-30',
          amount: i * 10,
        });
      }
      expect(builds).toBe(1);
      // Another shape (no amount: the column's default) is compiled once more.
      await insertTotal(db, {
        merchant_id: 'm9',
        scope: 'merchant',
        scope_id: 's9',
        day: '2026-11-30',
        amount: undefined,
      });
      expect(builds).toBe(2);
      const rows = await db
        .selectFrom('daily_totals')
        .select(['merchant_id', 'scope_id', 'amount'])
        .orderBy('merchant_id')
        .execute();
      expect(rows.map((r) => [r.merchant_id, r.scope_id, Number(r.amount)])).toEqual([
        ['m0', 's0', 0],
        ['m1', 's1', 10],
        ['m2', 's2', 20],
        ['m3', 's3', 30],
        ['m4', 's4', 40],
        ['m9', 's9', 0],
      ]);
    });

    it('follows nested objects and lists: their names and lengths are the shape', async () => {
      let nestedBuilds = 0;
      const insertMany = precompiled((db, input: { day: string; rows: { m: string; amount: number }[] }) => {
        nestedBuilds += 1;
        return db.insertInto('daily_totals').values(
          input.rows.map((r) => ({
            merchant_id: r.m,
            scope: 'buyer',
            scope_id: r.m,
            day: input.day,
            amount: r.amount,
          })),
        );
      });
      await insertMany(t.store.db, {
        day: 'd1',
        rows: [
          { m: 'a', amount: 1 },
          { m: 'b', amount: 2 },
        ],
      });
      await insertMany(t.store.db, {
        day: 'd2',
        rows: [
          { m: 'c', amount: 3 },
          { m: 'd', amount: 4 },
        ],
      });
      expect(nestedBuilds).toBe(1);
      await insertMany(t.store.db, { day: 'd3', rows: [{ m: 'e', amount: 5 }] });
      expect(nestedBuilds).toBe(2);
      const rows = await t.store.db
        .selectFrom('daily_totals')
        .select(['scope_id', 'day', 'amount'])
        .where('scope', '=', 'buyer')
        .orderBy('scope_id')
        .execute();
      expect(rows.map((r) => [r.scope_id, r.day, Number(r.amount)])).toEqual([
        ['a', 'd1', 1],
        ['b', 'd1', 2],
        ['c', 'd2', 3],
        ['d', 'd2', 4],
        ['e', 'd3', 5],
      ]);
    });

    it('keeps the builder’s own constants and returns rows', async () => {
      const result = await addAndRead(t.store.db, { merchant_id: 'm3', day: '2026-11-30', add: 7 });
      expect(result.rows.map((r) => [r.scope_id, Number(r.amount)])).toEqual([['s3', 37]]);
      const again = await addAndRead(t.store.db, { merchant_id: 'm4', day: '2026-11-30', add: 1 });
      expect(again.rows.map((r) => [r.scope_id, Number(r.amount)])).toEqual([['s4', 41]]);
      const untouched = await sql<{
        amount: number;
      }>`select amount from daily_totals where merchant_id = 'm2'`.execute(t.store.db);
      expect(Number(untouched.rows[0]?.amount)).toBe(20);
    });

    it('gives the compiled query without running it, the same text for every value', async () => {
      let queryBuilds = 0;
      const bump = precompiledQuery((db, key: { merchant_id: string; add: number }) => {
        queryBuilds += 1;
        return db
          .updateTable('daily_totals')
          .set((eb) => ({ amount: eb('amount', '+', key.add) }))
          .where('merchant_id', '=', key.merchant_id)
          .where('scope', '=', 'merchant');
      });
      const first = bump(t.store.db, { merchant_id: 'm1', add: 100 });
      const second = bump(t.store.db, { merchant_id: 'm2', add: 200 });
      expect(queryBuilds).toBe(1);
      expect(second.sql).toBe(first.sql);
      expect(first.parameters).toEqual([100, 'm1', 'merchant']);
      expect(second.parameters).toEqual([200, 'm2', 'merchant']);
      const amounts = async () =>
        (
          await t.store.db
            .selectFrom('daily_totals')
            .select(['merchant_id', 'amount'])
            .where('merchant_id', 'in', ['m1', 'm2'])
            .orderBy('merchant_id')
            .execute()
        ).map((r) => Number(r.amount));
      expect(await amounts()).toEqual([10, 20]);
      await t.store.db.executeQuery(second);
      expect(await amounts()).toEqual([10, 220]);
    });
  });
}
