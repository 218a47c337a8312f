import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

/** One statement sent to the database, as the driver saw it. */
export interface CountedStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/**
 * Counts what reaches the database driver: every statement, including BEGIN, COMMIT and savepoints.
 * On PostgreSQL each statement is one round trip (pg sends one query per call); on SQLite it is one
 * call into better-sqlite3. The budget test (test/perf/statement-budget.test.ts) and the benchmark read
 * it; it costs one array push per statement while `recording` is on and nothing else.
 */
export class StatementCounter {
  recording = false;
  /** Every statement since the store opened, recorded or not (the benchmark divides it by charges). */
  total = 0;
  readonly #statements: CountedStatement[] = [];

  record(sql: string, parameters: readonly unknown[]): void {
    this.total += 1;
    if (this.recording) this.#statements.push({ sql, parameters });
  }

  /** Starts a new measurement: forgets what was recorded and records from now on. */
  start(): void {
    this.#statements.length = 0;
    this.recording = true;
  }

  /** Stops recording and returns what was recorded since start(). */
  stop(): CountedStatement[] {
    this.recording = false;
    return [...this.#statements];
  }

  get statements(): readonly CountedStatement[] {
    return this.#statements;
  }
}

class CountingConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    readonly counter: StatementCounter,
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    this.counter.record(query.sql, query.parameters);
    return this.inner.executeQuery<R>(query);
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    this.counter.record(query.sql, query.parameters);
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

type Compile = QueryCompiler['compileQuery'];

/**
 * The driver's own transaction calls go through the connection it is handed, so giving it the counting
 * connection counts BEGIN/COMMIT/ROLLBACK and savepoints as they are really sent.
 */
class CountingDriver implements Driver {
  constructor(
    readonly inner: Driver,
    readonly counter: StatementCounter,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new CountingConnection(await this.inner.acquireConnection(), this.counter);
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
  async savepoint(connection: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    if (!this.inner.savepoint) throw new Error('the driver has no savepoints');
    return this.inner.savepoint(connection, name, compile);
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    if (!this.inner.rollbackToSavepoint) throw new Error('the driver has no savepoints');
    return this.inner.rollbackToSavepoint(connection, name, compile);
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    if (!this.inner.releaseSavepoint) throw new Error('the driver has no savepoints');
    return this.inner.releaseSavepoint(connection, name, compile);
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as CountingConnection).inner);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** `dialect` with every statement it sends recorded by `counter`. */
export function countingDialect(dialect: Dialect, counter: StatementCounter): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new CountingDriver(dialect.createDriver(), counter),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
