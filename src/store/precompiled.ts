import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import { dialectOf } from './dialect.js';
import type { Database } from './schema.js';

/** Where a value goes in a compiled statement: the parameter is read from the values by name. */
class Slot {
  constructor(readonly name: string) {}
}

interface Template {
  readonly sql: string;
  /** Per parameter: the name of the value it takes, or a constant the builder put there. */
  readonly parameters: readonly unknown[];
}

/** Beyond this many shapes a statement is built and compiled each time, as Kysely does. */
const MAX_SHAPES = 32;

/**
 * A statement compiled by Kysely once per shape, then run with new values bound to the cached text.
 * Building and compiling a 35-column insert costs more CPU than SQLite takes to run it; the hot paths run
 * the same few statements all day. `build` must produce SQL that depends only on which values are
 * given (their names), never on the values themselves: no lists, no `$if` on a value. Values left
 * undefined are left out, as Kysely leaves them out of an insert or an update.
 */
export function precompiled<V extends object, R = unknown>(
  build: (db: Kysely<Database>, values: V) => Compilable<R>,
): (db: Kysely<Database>, values: V) => Promise<QueryResult<R>> {
  const templates = new Map<string, Template>();
  return async (db, values) => {
    const given = Object.entries(values).filter(([, value]) => value !== undefined);
    const shape = `${dialectOf(db)}|${given.map(([name]) => name).join(',')}`;
    let template = templates.get(shape);
    if (!template) {
      const slots = Object.fromEntries(given.map(([name]) => [name, new Slot(name)])) as V;
      const compiled = build(db, slots).compile();
      template = { sql: compiled.sql, parameters: compiled.parameters };
      if (templates.size < MAX_SHAPES) templates.set(shape, template);
    }
    const named = values as Record<string, unknown>;
    const parameters = template.parameters.map((p) => (p instanceof Slot ? named[p.name] : p));
    return db.executeQuery<R>(CompiledQuery.raw(template.sql, parameters));
  };
}
