import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../../test/helpers/stores.js';
import { openStore, type Store } from './open-store.js';

/** The named statements this session holds (pg_prepared_statements is per connection). */
async function preparedNames(store: Store): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(store.db);
  return rows.map((row) => row.name);
}

describe.skipIf(!DIALECTS.includes('postgres'))('postgres: named prepared statements', () => {
  const urls: string[] = [];
  afterAll(async () => {
    for (const url of urls) await dropTestDatabase(url);
  });

  const open = async (preparedStatements?: boolean) => {
    const url = await testDatabaseUrl('postgres');
    urls.push(url);
    // One connection: the statements run and the view read are on the same session.
    return openStore(url, {
      pgPoolMax: 1,
      ...(preparedStatements === undefined ? {} : { preparedStatements }),
    });
  };

  it('a parameterised statement is prepared once per connection and reused', async () => {
    const store = await open();
    try {
      for (const n of [1, 2, 3]) {
        const { rows } = await sql<{ n: number }>`select ${n}::int as n`.execute(store.db);
        expect(rows[0]?.n).toBe(n);
      }
      const names = (await preparedNames(store)).filter((name) => name.startsWith('pp_'));
      expect(names).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('can be turned off (PgBouncer before 1.21 in transaction mode)', async () => {
    const store = await open(false);
    try {
      await sql`select ${1}::int as n`.execute(store.db);
      expect(await preparedNames(store)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
