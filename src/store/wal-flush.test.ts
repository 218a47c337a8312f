import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteGroupCommitter } from './group-commit.js';
import { openStore } from './open-store.js';
import type { Database } from './schema.js';
import { flushingDialect, type LogFlusher, WalFlusher } from './wal-flush.js';

/** A flusher that answers at once, or, once `held`, when the test releases it. */
class HeldFlusher implements LogFlusher {
  held = false;
  readonly pending: Array<() => void> = [];
  flush(): Promise<void> {
    if (!this.held) return Promise.resolve();
    return new Promise<void>((resolve) => this.pending.push(resolve));
  }
  releaseAll(): void {
    for (const resolve of this.pending.splice(0)) resolve();
  }
  async close(): Promise<void> {}
}

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'polypay-wal-'));
  dirs.push(dir);
  return join(dir, 'test.db');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Resolves to 'pending' when `promise` has not settled after the event loop turned. */
async function stateOf(promise: Promise<unknown>): Promise<'settled' | 'pending'> {
  const marker = Symbol('pending');
  const raced = await Promise.race([
    promise.then(() => 'settled' as const),
    new Promise((resolve) => setTimeout(() => resolve(marker), 20)),
  ]);
  return raced === marker ? 'pending' : 'settled';
}

function flushingDb(flusher: LogFlusher): { db: Kysely<Database>; close: () => Promise<void> } {
  const database = new SqliteDatabase(tempFile());
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({
    dialect: flushingDialect(new SqliteDialect({ database }), database, flusher),
  });
  return { db, close: () => db.destroy() };
}

describe('writes on a SQLite file are answered only once the log is flushed', () => {
  it('a write resolves after its flush; the connection serves reads meanwhile; reads never flush', async () => {
    const flusher = new HeldFlusher();
    const { db, close } = flushingDb(flusher);
    await sql`create table t (n integer)`.execute(db);
    flusher.held = true;

    const write = sql`insert into t (n) values (1)`.execute(db);
    expect(await stateOf(write)).toBe('pending');
    expect(flusher.pending).toHaveLength(1);
    // The connection was released before the flush: a read runs (and sees the committed row).
    const { rows } = await sql`select n from t`.execute(db);
    expect(rows).toHaveLength(1);
    expect(flusher.pending).toHaveLength(1);

    flusher.releaseAll();
    expect(await stateOf(write)).toBe('settled');
    await close();
  });

  it('a transaction flushes once, after its COMMIT', async () => {
    const flusher = new HeldFlusher();
    const { db, close } = flushingDb(flusher);
    await sql`create table t (n integer)`.execute(db);
    flusher.held = true;

    let flushesInside = -1;
    const done = db.transaction().execute(async (trx) => {
      await sql`insert into t (n) values (1)`.execute(trx);
      await sql`insert into t (n) values (2)`.execute(trx);
      flushesInside = flusher.pending.length;
    });
    expect(await stateOf(done)).toBe('pending');
    expect(flushesInside).toBe(0);
    expect(flusher.pending).toHaveLength(1);
    flusher.releaseAll();
    await done;
    await close();
  });

  it('a group commit answers its units after the flush', async () => {
    const flusher = new HeldFlusher();
    const { db, close } = flushingDb(flusher);
    await sql`create table t (n integer)`.execute(db);
    flusher.held = true;

    const committer = new SqliteGroupCommitter(db);
    const units = [1, 2, 3].map((n) =>
      committer.run(async (trx) => {
        await sql`insert into t (n) values (${n})`.execute(trx);
        return n;
      }),
    );
    expect(await stateOf(Promise.all(units))).toBe('pending');
    expect(flusher.pending).toHaveLength(1);
    flusher.releaseAll();
    expect(await Promise.all(units)).toEqual([1, 2, 3]);
    expect(committer.stats.batches).toBe(1);
    await close();
  });
});

describe('WalFlusher', () => {
  it('coalesces flushes asked for while one runs into the next one', async () => {
    const file = tempFile();
    const database = new SqliteDatabase(file);
    database.pragma('journal_mode = WAL');
    database.exec('create table t (n integer)');
    const flusher = new WalFlusher(file);
    const asked = Array.from({ length: 10 }, () => flusher.flush());
    await Promise.all(asked);
    // The first starts at once; the nine asked while it ran share the one after it.
    expect(flusher.syncs).toBe(2);
    await flusher.close();
    database.close();
  });
});

describe('openStore on a SQLite file', () => {
  it('runs synchronous = NORMAL and syncs the log for its writes', async () => {
    const store = await openStore(`sqlite:${tempFile()}`);
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
    expect(rows[0]?.synchronous).toBe(1);
    const before = store.commitStats?.logSyncs ?? 0;
    await store.write(async (trx) => {
      await sql`create table t (n integer)`.execute(trx);
    });
    expect(store.commitStats?.logSyncs).toBeGreaterThan(before);
    await store.close();
  });
});
