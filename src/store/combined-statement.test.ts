import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../../test/helpers/stores.js';
import { combineStatements, shiftPlaceholders } from './combined-statement.js';
import { openStore, type Store } from './open-store.js';

const COLUMNS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11'] as const;
type Column = (typeof COLUMNS)[number];
type ScratchRow = { id: number } & Record<Column, string>;
interface Scratch {
  scratch: ScratchRow;
}

/** A row whose every value names its row and column, so that a value in the wrong place shows. */
function rowOf(id: number): ScratchRow {
  return { id, ...Object.fromEntries(COLUMNS.map((c) => [c, `r${id}.${c}`])) } as ScratchRow;
}

describe('placeholders of a part', () => {
  it('are renumbered by the offset, $1 and $10 alike', () => {
    expect(shiftPlaceholders('values ($1, $2, $10)', 10)).toBe('values ($11, $12, $20)');
  });

  it('are left alone inside quoted literals and identifiers', () => {
    expect(shiftPlaceholders(`select '$1', 'it''s $2', "$3" from t where a = $1`, 5)).toBe(
      `select '$1', 'it''s $2', "$3" from t where a = $6`,
    );
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('postgres: combined statements', () => {
  let url: string;
  let store: Store;
  let db: Kysely<Scratch>;
  beforeAll(async () => {
    url = await testDatabaseUrl('postgres');
    store = await openStore(url);
    db = store.db as unknown as Kysely<Scratch>;
    const columns = sql.join(COLUMNS.map((c) => sql`${sql.ref(c)} text not null`));
    await sql`create table scratch (id int primary key, ${columns})`.execute(db);
  });
  afterAll(async () => {
    await store?.close();
    if (url) await dropTestDatabase(url);
  });

  const rows = () => db.selectFrom('scratch').selectAll().orderBy('id').execute();

  it('runs every part once, with its own parameters, and commits them together', async () => {
    const combined = combineStatements<{ id: number; c10: string }>(
      [
        ['first', db.insertInto('scratch').values(rowOf(1))],
        ['second', db.insertInto('scratch').values(rowOf(2)).returning(['id', 'c10'])],
        ['third', db.insertInto('scratch').values(rowOf(3))],
      ],
      sql`select id, c10 from second where c10 = ${'r2.c10'}`.compile(db),
    );
    expect(combined.parameters).toHaveLength(3 * 12 + 1);
    const { rows: returned } = await db.executeQuery(combined);
    expect(returned).toEqual([{ id: 2, c10: 'r2.c10' }]);
    expect(await rows()).toEqual([rowOf(1), rowOf(2), rowOf(3)]);
  });

  it('a failing part undoes every other part', async () => {
    await db.insertInto('scratch').values(rowOf(5)).execute();
    const before = await rows();
    const combined = combineStatements(
      [
        ['fresh', db.insertInto('scratch').values(rowOf(4))],
        ['changed', db.updateTable('scratch').set({ c5: 'changed' }).where('id', '=', 5)],
        // Row 5 exists: a primary key violation.
        ['taken', db.insertInto('scratch').values(rowOf(5))],
      ],
      sql`select 1 as one`.compile(db),
    );
    await expect(db.executeQuery(combined)).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual(before);
  });
});
