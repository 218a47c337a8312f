import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';

/**
 * better-sqlite3 with prepared statements kept by SQL text. Kysely's SQLite driver prepares every query
 * it runs; preparing costs about as much as running a small statement, and the gateway runs the same few
 * dozen statements over and over. A statement still iterating (a streamed query) is not reused.
 */
export function withStatementCache(database: SqliteDatabase, capacity = 500): SqliteDatabase {
  const cache = new Map<string, Statement>();
  const prepare = (source: string): Statement => {
    const cached = cache.get(source);
    if (cached && !cached.busy) return cached;
    const statement = database.prepare(source);
    if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
    cache.set(source, statement);
    return statement;
  };
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
