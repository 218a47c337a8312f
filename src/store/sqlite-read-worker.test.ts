import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from './index.js';

/** Store.scan on a SQLite file: the read runs in a worker thread, so the event loop goes on meanwhile. */
describe('Store.scan on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'polypay-scan-'));
  let store: Store;
  let raw: Kysely<{ big: { id: number; status: string } }>;

  beforeAll(async () => {
    store = await openStore(`sqlite:${join(dir, 'scan.db')}`);
    raw = store.db as unknown as typeof raw;
    await sql`create table big (id integer primary key, status text not null)`.execute(raw);
    await store.write(async (trx) => {
      const t = trx as unknown as typeof raw;
      for (let i = 0; i < 300_000; i += 1_000) {
        const rows = Array.from({ length: 1_000 }, (_, k) => ({ id: i + k, status: `s${(i + k) % 3}` }));
        await t.insertInto('big').values(rows).execute();
      }
    });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const grouped = () =>
    raw
      .selectFrom('big')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .orderBy('status');

  it('answers what the main connection committed', async () => {
    expect(await store.scan(grouped())).toEqual([
      { status: 's0', count: 100_000 },
      { status: 's1', count: 100_000 },
      { status: 's2', count: 100_000 },
    ]);
    await store.write(async (trx) => {
      await (trx as unknown as typeof raw).insertInto('big').values({ id: 300_000, status: 's9' }).execute();
    });
    expect(await store.scan(grouped())).toContainEqual({ status: 's9', count: 1 });
  });

  it('leaves the event loop free while it scans (a timer fires before the scan answers)', async () => {
    // A full scan of 300,000 rows takes far longer than one turn of the event loop; run on the calling
    // thread, it would answer before any timer could fire.
    const slow = raw
      .selectFrom('big as a')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('a.status', 'like', '%s%')
      .where(sql<boolean>`length(a.status || a.id) > 0`);
    let timerFired = false;
    setTimeout(() => {
      timerFired = true;
    }, 0);
    const rows = await store.scan(slow);
    const timerFiredFirst = timerFired;
    expect(rows).toEqual([{ count: 300_001 }]);
    expect(timerFiredFirst).toBe(true);
  });

  it('reports a bad statement as an error', async () => {
    const missing = store.db as unknown as Kysely<{ no_such_table: { id: number } }>;
    await expect(store.scan(missing.selectFrom('no_such_table').selectAll())).rejects.toThrow(
      /no such table/,
    );
  });
});
