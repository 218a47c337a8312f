import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestStore,
  DIALECTS,
  dropTestDatabase,
  type TestStore,
  testDatabaseUrl,
} from '../../test/helpers/stores.js';
import { dialectOf, isUniqueViolation, lockForUpdate } from './dialect.js';
import { appliedMigrations, MIGRATIONS, migrateToLatest } from './migrations/index.js';
import { openStore, parseDatabaseUrl } from './open-store.js';
import { createMerchantWithApp } from './repositories/merchants.js';
import { SecretBox } from './secret-box.js';

const run = promisify(execFile);
const INDEX = join(import.meta.dirname, 'index.ts');

/** Opens `url` in a new process and migrates it at wall-clock time `at`; resolves with the names applied. */
async function migrateInChild(url: string, at: number): Promise<string[]> {
  const code = `import { openStore, migrateToLatest } from ${JSON.stringify(INDEX)};
    const store = await openStore(process.argv[1]);
    await new Promise((r) => setTimeout(r, Math.max(0, Number(process.argv[2]) - Date.now())));
    try { console.log(JSON.stringify(await migrateToLatest(store.db))); } finally { await store.close(); }`;
  const args = ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', code, url, String(at)];
  const { stdout } = await run(process.execPath, args);
  return JSON.parse(stdout) as string[];
}

describe('parseDatabaseUrl', () => {
  it('reads sqlite and postgres URLs', () => {
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', filename: ':memory:' });
    expect(parseDatabaseUrl('sqlite:./data/x.db')).toEqual({
      dialect: 'sqlite',
      filename: join(process.cwd(), 'data/x.db'),
    });
    expect(parseDatabaseUrl('sqlite:/tmp/x.db')).toEqual({ dialect: 'sqlite', filename: '/tmp/x.db' });
    expect(parseDatabaseUrl('postgresql://u@h:5432/d?schema=abc&sslmode=disable')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://u@h:5432/d?sslmode=disable',
      schema: 'abc',
    });
    expect(parseDatabaseUrl('postgres://u@h/d')).toMatchObject({ schema: undefined });
  });

  it('names the scheme it does not know', async () => {
    await expect(openStore('mysql://root@localhost/db')).rejects.toThrow(
      /unsupported database URL scheme "mysql:"/,
    );
    expect(() => parseDatabaseUrl('./polypay.db')).toThrow(/has no scheme/);
    expect(() => parseDatabaseUrl('postgres://h/d?schema=Bad-Name')).toThrow(/invalid schema/);
  });

  it('creates the folder of a relative SQLite path, in WAL mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polypay-open-'));
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const store = await openStore('sqlite:./data/nested/polypay.db');
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      expect(rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      // 2 = MEMORY: the savepoints' statement journals stay off the disk.
      const temp = await sql<{ temp_store: number }>`pragma temp_store`.execute(store.db);
      expect(temp.rows[0]?.temp_store).toBe(2);
      await store.close();
      await store.close();
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: store`, () => {
    let t: TestStore;
    const box = SecretBox.fromKey(Buffer.alloc(32, 3));
    beforeAll(async () => {
      t = await createTestStore(dialect);
    });
    afterAll(() => t.dispose());

    it('speaks its dialect and answers ping', async () => {
      expect(t.store.dialect).toBe(dialect);
      expect(dialectOf(t.store.db)).toBe(dialect);
      await t.store.ping();
    });

    it('runs migrations again without error or change', async () => {
      expect(await migrateToLatest(t.store.db)).toEqual([]);
      expect(await appliedMigrations(t.store.db)).toEqual(Object.keys(MIGRATIONS));
    });

    it('migrates once when two processes start on one fresh database at the same time', async () => {
      const url = await testDatabaseUrl(dialect);
      try {
        const at = Date.now() + 2500;
        const outputs = await Promise.all([migrateInChild(url, at), migrateInChild(url, at)]);
        expect(outputs.flat()).toEqual(Object.keys(MIGRATIONS));
        const store = await openStore(url);
        expect(await appliedMigrations(store.db)).toEqual(Object.keys(MIGRATIONS));
        await store.close();
      } finally {
        await dropTestDatabase(url);
      }
    });

    it('detects unique violations from its driver', async () => {
      const ids = { merchantId: `mch_uv_${dialect}`, appId: `app_uv_${dialect}` };
      await createMerchantWithApp(t.store.db, box, { name: 'A', mode: 'test', ids, now: 1 });
      const again = createMerchantWithApp(t.store.db, box, { name: 'A', mode: 'test', ids, now: 1 });
      const err = await again.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isUniqueViolation(err)).toBe(true);
      expect(isUniqueViolation(new Error('x'))).toBe(false);
      expect(isUniqueViolation(null)).toBe(false);
      // The failed transaction left nothing behind.
      const apps = await t.store.db
        .selectFrom('apps')
        .select('id')
        .where('merchant_id', '=', ids.merchantId)
        .execute();
      expect(apps).toHaveLength(1);
    });

    it('returns int8 columns (timestamps, amounts, sums, counts) as numbers', async () => {
      const big = 2 ** 52 + 1;
      await t.store.db
        .insertInto('ledger_balances')
        .values({
          merchant_id: 'mch_x',
          mode: 'live',
          account: 'available',
          currency: 'CNY',
          balance: big,
          updated_at: Date.now(),
        })
        .execute();
      const row = await t.store.db
        .selectFrom('ledger_balances')
        .select((eb) => [
          'balance',
          'updated_at',
          eb.fn.sum<number>('balance').as('total'),
          eb.fn.countAll<number>().as('n'),
        ])
        .where('merchant_id', '=', 'mch_x')
        .groupBy(['balance', 'updated_at'])
        .executeTakeFirstOrThrow();
      expect(row.balance).toBe(big);
      expect(typeof row.updated_at).toBe('number');
      expect(row.total).toBe(big);
      expect(row.n).toBe(1);
    });

    it('locks rows for update inside a transaction', async () => {
      const result = await t.store.db.transaction().execute(async (trx) => {
        const query = lockForUpdate(trx.selectFrom('merchants').select('id'), dialect);
        expect(query.compile().sql.toLowerCase().includes('for update')).toBe(dialect === 'postgres');
        return query.execute();
      });
      expect(Array.isArray(result)).toBe(true);
    });

    it('enforces foreign keys', async () => {
      const insert = t.store.db
        .insertInto('apps')
        .values({
          id: 'app_orphan',
          merchant_id: 'mch_none',
          name: 'x',
          mode: 'test',
          signing_secret_enc: 'v1:',
          ip_allowlist: null,
          concurrency_limit: null,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
      await expect(insert).rejects.toThrow();
    });
  });
}
