/**
 * The dual-dialect test harness. Every suite that touches the database runs once per dialect:
 *
 *   for (const dialect of DIALECTS) describe(`${dialect}: refunds`, () => { … createTestStore(dialect) … })
 *
 * Each test store is isolated: SQLite gets a new file (WAL mode, like production) in a temp folder;
 * PostgreSQL gets a new schema named `polypay_test_<run>_<time>_<random>` (via `?schema=`). dispose()
 * deletes it; schemas a crashed run left behind are dropped by test/global-setup.ts.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import {
  migrateToLatest,
  type OpenStoreOptions,
  openStore,
  parseDatabaseUrl,
  type Store,
} from '../../src/store/index.js';
import {
  type Dialect,
  dropSchemas,
  TEST_PG_URL,
  TEST_SCHEMA_PREFIX,
  TEST_TMP_PREFIX,
  testSchemaName,
  withPgClient,
} from './test-databases.js';

export { DIALECTS, type Dialect, TEST_PG_URL } from './test-databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/global-setup.ts: names this run's PostgreSQL schemas. */
    polypayTestRunId: string;
  }
}

/** This vitest run's id (given by global setup), so that its teardown drops exactly its schemas. */
function runId(): string {
  try {
    const id = inject('polypayTestRunId');
    if (typeof id === 'string' && /^[a-z0-9]{1,12}$/.test(id)) return id;
  } catch {
    // Not under vitest (a script): fall through.
  }
  return `pid${process.pid.toString(36)}`;
}

/** A fresh schema name: prefix, run id, creation time (base36 ms, used to reap leftovers), random. */
export function newTestSchemaName(): string {
  return testSchemaName(runId(), Date.now(), randomBytes(4).toString('hex'));
}

const tempDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh, empty (not migrated) database URL: a new SQLite file, or a new PostgreSQL schema (created
 * on first open). For tests that start polypay from a URL (CLI, server). Dropped by
 * dropTestDatabase(url); else they are deleted when the worker exits (SQLite) or the run ends.
 */
export async function testDatabaseUrl(dialect: Dialect): Promise<string> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), `${TEST_TMP_PREFIX}${runId()}-`));
    tempDirs.add(dir);
    return `sqlite:${join(dir, 'polypay.db')}`;
  }
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('schema', newTestSchemaName());
  return url.toString();
}

/** Deletes what a test URL names: the SQLite file's temp folder, or the PostgreSQL schema. */
export async function dropTestDatabase(url: string): Promise<void> {
  const location = parseDatabaseUrl(url);
  if (location.dialect === 'sqlite') {
    const dir = dirname(location.filename);
    if (!tempDirs.delete(dir)) throw new Error(`not a test database: ${url}`);
    await rm(dir, { recursive: true, force: true });
    return;
  }
  const { schema } = location;
  if (!schema?.startsWith(TEST_SCHEMA_PREFIX)) throw new Error(`not a test schema: ${String(schema)}`);
  await withPgClient(location.connectionString, (client) => dropSchemas(client, [schema]));
}

export interface TestStore {
  readonly store: Store;
  readonly dialect: Dialect;
  /** The URL the store was opened from (another process may open it too). */
  readonly url: string;
  /** Closes the store and deletes its database. Safe to call twice. */
  dispose(): Promise<void>;
}

/** A fresh, migrated store isolated from every other test. Call dispose() in afterEach/afterAll. */
export async function createTestStore(dialect: Dialect, options: OpenStoreOptions = {}): Promise<TestStore> {
  const url = await testDatabaseUrl(dialect);
  let store: Store;
  try {
    store = await openStore(url, options);
  } catch (err) {
    await dropTestDatabase(url).catch(() => {});
    throw err;
  }
  try {
    await migrateToLatest(store.db);
  } catch (err) {
    await store.close();
    await dropTestDatabase(url).catch(() => {});
    throw err;
  }
  let disposed: Promise<void> | undefined;
  return {
    store,
    dialect,
    url,
    dispose() {
      disposed ??= store.close().then(() => dropTestDatabase(url));
      return disposed;
    },
  };
}
