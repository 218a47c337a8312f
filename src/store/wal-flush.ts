import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  SelectQueryNode,
  type TransactionSettings,
} from 'kysely';

/** Makes every commit written so far durable (an fdatasync of the write-ahead log). */
export interface LogFlusher {
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * fdatasync of a SQLite database's `-wal` file, run on libuv's thread pool so that the event loop goes
 * on while the disk works. Flushes are coalesced: while one runs, every flush asked for meanwhile waits
 * for the one after it (which starts after their writes, so it covers them), and no more than that one.
 *
 * The -wal file keeps its inode while the database is open (SQLite resets it in place after a
 * checkpoint; it deletes it only when the last connection closes), so one file handle serves the
 * store's lifetime.
 */
export class WalFlusher implements LogFlusher {
  readonly #path: string;
  #handle: Promise<FileHandle> | undefined;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  /** fdatasync calls made (tests and the benchmark read it). */
  syncs = 0;

  constructor(databaseFile: string) {
    this.#path = `${databaseFile}-wal`;
  }

  flush(): Promise<void> {
    if (!this.#running) {
      this.#running = this.#sync().finally(() => {
        this.#running = undefined;
      });
      return this.#running;
    }
    this.#next ??= this.#running.then(
      () => this.#startNext(),
      () => this.#startNext(),
    );
    return this.#next;
  }

  #startNext(): Promise<void> {
    this.#next = undefined;
    return this.flush();
  }

  async #sync(): Promise<void> {
    this.#handle ??= this.#openLog();
    let handle: FileHandle;
    try {
      handle = await this.#handle;
    } catch (error) {
      this.#handle = undefined;
      // No log yet: nothing was ever committed to it (SQLite creates it with the first transaction).
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    this.syncs += 1;
    await handle.datasync();
  }

  /** Opens the log (SQLite created it with the first write) and makes its directory entry durable once. */
  async #openLog(): Promise<FileHandle> {
    const handle = await open(this.#path, 'r');
    const directory = await open(dirname(this.#path), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
    return handle;
  }

  async close(): Promise<void> {
    await this.#running?.catch(() => {});
    await this.#next?.catch(() => {});
    const handle = await this.#handle?.catch(() => undefined);
    this.#handle = undefined;
    await handle?.close();
  }
}

type Compile = QueryCompiler['compileQuery'];

/**
 * `database` must be the one the dialect runs on (its statement cache answers `prepare`).
 * SQLite runs with `synchronous = NORMAL` (commits are not synced by SQLite itself), and this driver
 * makes them durable before anyone is answered: a connection that ran anything but a SELECT is
 * released first (so other queries go on) and the caller's promise resolves only when a flush of the
 * write-ahead log started after its COMMIT has finished. That is what `synchronous = FULL` promises
 * for acknowledged work, without holding the event loop (and every other request) in fsync.
 */
class FlushingDriver implements Driver {
  readonly #wrote = new WeakSet<DatabaseConnection>();

  constructor(
    readonly inner: Driver,
    readonly database: SqliteDatabase,
    readonly flusher: LogFlusher,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    const wrote = this.#wrote;
    // Kysely's selects read; anything else (raw SQL too) writes unless SQLite says the statement
    // cannot (prepare is the statement cache's, so asking costs a lookup).
    const note = (query: CompiledQuery) => {
      if (SelectQueryNode.is(query.query) || wrote.has(connection)) return;
      if (!this.database.prepare(query.sql).readonly) wrote.add(connection);
    };
    return {
      executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        note(query);
        return connection.executeQuery<R>(query);
      },
      streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
        note(query);
        return connection.streamQuery<R>(query, chunkSize);
      },
      [INNER]: connection,
    } as DatabaseConnection;
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }
  savepoint(connection: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    return this.inner.savepoint!(connection, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    return this.inner.rollbackToSavepoint!(connection, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    return this.inner.releaseSavepoint!(connection, name, compile);
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const inner = (connection as unknown as { [INNER]: DatabaseConnection })[INNER];
    const wrote = this.#wrote.has(inner) && !this.database.inTransaction;
    if (wrote) this.#wrote.delete(inner);
    await this.inner.releaseConnection(inner);
    if (wrote) await this.flusher.flush();
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

const INNER = Symbol('inner connection');

/** `dialect` (SQLite over `database`) with every write made durable by `flusher` before it resolves. */
export function flushingDialect(dialect: Dialect, database: SqliteDatabase, flusher: LogFlusher): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new FlushingDriver(dialect.createDriver(), database, flusher),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
