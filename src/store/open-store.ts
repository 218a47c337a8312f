import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type Compilable, type Dialect, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { StoreDialect } from './dialect.js';
import { type GroupCommitStats, SqliteGroupCommitter } from './group-commit.js';
import { preparedStatementsEnabled, usePreparedStatements } from './pg-prepared.js';
import type { Database } from './schema.js';
import { SqliteReadWorker } from './sqlite-read-worker.js';
import { withStatementCache } from './statement-cache.js';
import { countingDialect, type StatementCounter } from './statement-counter.js';
import { flushingDialect, WalFlusher } from './wal-flush.js';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/polypay.db';
/** PostgreSQL connections a process opens at most, unless told otherwise (POLYPAY_PG_POOL_MAX). */
export const DEFAULT_PG_POOL_MAX = 10;

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** Closes every connection; the store cannot be used afterwards. */
  close(): Promise<void>;
  /** Resolves when the database answers a trivial query (readiness probe). */
  ping(): Promise<void>;
  /**
   * Runs `work` in a transaction and resolves once it is committed. On SQLite concurrent units share one
   * commit (group commit, see group-commit.ts); `work` must use only the `trx` it is given and must not
   * open a transaction of its own. On PostgreSQL each unit is its own transaction.
   */
  write<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs a unit of work whose every statement is atomic and correct on its own (a single upsert, a
   * compare-and-set): on PostgreSQL without BEGIN/COMMIT (each statement commits by itself, saving two
   * round trips), on SQLite in the group commit like write().
   */
  writeAutocommit<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs a read that scans a large table (a report, a gauge). On a SQLite file it runs on a read-only
   * connection in a worker thread, so that requests go on meanwhile; elsewhere like any query.
   */
  scan<R>(query: Compilable<R>): Promise<R[]>;
  /**
   * SQLite: the group commits so far, the units of work they carried and the syncs of the write-ahead
   * log (the benchmark prints them).
   */
  readonly commitStats?: Readonly<GroupCommitStats & { logSyncs: number }>;
}

export interface OpenStoreOptions {
  /** Largest number of PostgreSQL connections of this process (DEFAULT_PG_POOL_MAX). */
  readonly pgPoolMax?: number;
  /** Records every statement sent to the database (tests and the benchmark count them). */
  readonly counter?: StatementCounter;
  /** PostgreSQL: named prepared statements (default on; env POLYPAY_PG_PREPARED_STATEMENTS=off). */
  readonly preparedStatements?: boolean;
}

/** Where a database URL points, parsed. */
export type StoreLocation =
  | { readonly dialect: 'sqlite'; readonly filename: string }
  | { readonly dialect: 'postgres'; readonly connectionString: string; readonly schema: string | undefined };

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Parses `sqlite:./relative/path.db`, `sqlite:/absolute/path.db`, `sqlite::memory:` and
 * `postgres://…` / `postgresql://…` (optional `?schema=name` sets the search_path; the schema is
 * created when missing). Relative SQLite paths are resolved from the current directory.
 */
export function parseDatabaseUrl(url: string): StoreLocation {
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new Error(`database URL "${url}" names no SQLite file`);
    return { dialect: 'sqlite', filename: path === ':memory:' ? path : resolve(path) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error('database URL is not a valid postgres:// URL');
    }
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw new Error(`invalid schema "${schema}" in database URL: use lower-case letters, digits and _`);
    }
    return { dialect: 'postgres', connectionString: parsed.toString(), schema };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new Error(
    scheme
      ? `unsupported database URL scheme "${scheme}:" (expected sqlite: or postgres://)`
      : `database URL "${url}" has no scheme (expected sqlite:./path.db or postgres://…)`,
  );
}

/** The URL as it may be printed or logged: any password replaced by `***`. */
export function redactDatabaseUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** Opens (and for SQLite, creates) the database a URL names. Does not migrate: see migrateToLatest. */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const location = parseDatabaseUrl(url);
  return location.dialect === 'sqlite'
    ? openSqlite(location.filename, options)
    : openPostgres(location, options);
}

function commitStatsOf(stats: GroupCommitStats, flusher: WalFlusher | undefined) {
  return {
    get batches() {
      return stats.batches;
    },
    get units() {
      return stats.units;
    },
    get logSyncs() {
      return flusher?.syncs ?? 0;
    },
  };
}

interface SqliteExtras {
  readonly reader?: SqliteReadWorker;
  readonly flusher?: WalFlusher;
}

function makeStore(db: Kysely<Database>, dialect: StoreDialect, extras: SqliteExtras = {}): Store {
  const { reader, flusher } = extras;
  let closed: Promise<void> | undefined;
  const committer = dialect === 'sqlite' ? new SqliteGroupCommitter(db) : undefined;
  return {
    db,
    dialect,
    write: (work) => (committer ? committer.run(work) : db.transaction().execute(work)),
    writeAutocommit: (work) => (committer ? committer.run(work) : work(db)),
    close: () => {
      closed ??= Promise.all([reader?.close(), db.destroy()]).then(() => flusher?.close());
      return closed;
    },
    scan: async <R>(query: Compilable<R>) => {
      const compiled = query.compile();
      if (reader) return reader.all<R>(compiled.sql, compiled.parameters);
      return (await db.executeQuery(compiled)).rows;
    },
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    ...(committer ? { commitStats: commitStatsOf(committer.stats, flusher) } : {}),
  };
}

/**
 * Creates the database's directory (0700) and file (0600) when missing, so that neither is readable by
 * other users; SQLite gives its -wal and -shm files the mode of the database file.
 */
function prepareSqliteFile(filename: string): void {
  mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(filename, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

function counted(dialect: Dialect, options: OpenStoreOptions): Dialect {
  return options.counter ? countingDialect(dialect, options.counter) : dialect;
}

function openSqlite(filename: string, options: OpenStoreOptions): Store {
  if (filename !== ':memory:') prepareSqliteFile(filename);
  const database = new SqliteDatabase(filename);
  try {
    database.pragma('busy_timeout = 5000');
    database.pragma('journal_mode = WAL');
    // A file's commits are synced by WalFlusher before any caller is answered (wal-flush.ts), off the
    // event loop; SQLite's own sync at each COMMIT would hold every request for the disk.
    database.pragma(filename === ':memory:' ? 'synchronous = FULL' : 'synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    // Every unit of a group commit runs in a savepoint, and SQLite keeps the pages a savepoint changes in
    // a statement journal: a temporary file by default, which wrote three times the bytes of the log
    // itself per charge. In memory it costs a few pages of RAM per unit.
    database.pragma('temp_store = MEMORY');
  } catch (err) {
    database.close();
    throw err;
  }
  const cached = withStatementCache(database);
  const sqlite = new SqliteDialect({ database: cached });
  if (filename === ':memory:') {
    return makeStore(new Kysely<Database>({ dialect: counted(sqlite, options) }), 'sqlite');
  }
  const flusher = new WalFlusher(filename);
  return makeStore(
    new Kysely<Database>({ dialect: counted(flushingDialect(sqlite, cached, flusher), options) }),
    'sqlite',
    { reader: new SqliteReadWorker(filename), flusher },
  );
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** int8 (and numeric, e.g. SUM of bigints) as a JS number; refuses values a number cannot hold exactly. */
function parseIntegerText(text: string): number {
  const value = Number(text);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new RangeError(`database integer ${text} exceeds Number.MAX_SAFE_INTEGER`);
  }
  return value;
}

/** Type parsers of this pool only (never the process-wide pg.types). */
const poolTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if ((oid === INT8_OID || oid === NUMERIC_OID) && format !== 'binary') return parseIntegerText;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

async function openPostgres(
  location: Extract<StoreLocation, { dialect: 'postgres' }>,
  options: OpenStoreOptions,
): Promise<Store> {
  const { connectionString, schema } = location;
  if (schema) await ensureSchema(connectionString, schema);
  const pool = new pg.Pool({
    connectionString,
    max: options.pgPoolMax ?? DEFAULT_PG_POOL_MAX,
    // pg_stat_activity tells each gateway process's connections apart (an application_name in the URL
    // or PGAPPNAME wins).
    fallback_application_name: `polypay ${process.pid}`,
    types: poolTypes,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  if (options.preparedStatements ?? preparedStatementsEnabled()) pool.on('connect', usePreparedStatements);
  const store = makeStore(
    new Kysely<Database>({ dialect: counted(new PostgresDialect({ pool }), options) }),
    'postgres',
  );
  try {
    await store.ping();
  } catch (err) {
    await store.close().catch(() => {});
    throw new Error(`cannot connect to PostgreSQL: ${(err as Error).message}`, { cause: err });
  }
  return store;
}

async function ensureSchema(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  try {
    await client.connect();
    await client.query(`create schema if not exists "${schema}"`);
  } catch (err) {
    // Two processes creating the same schema at once: one of them gets a unique violation.
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') {
      throw new Error(`cannot create PostgreSQL schema "${schema}": ${(err as Error).message}`, {
        cause: err,
      });
    }
  } finally {
    await client.end().catch(() => {});
  }
}
