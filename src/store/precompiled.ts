import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import { dialectOf } from './dialect.js';
import type { Database } from './schema.js';

/** Where a value goes in a compiled statement: the parameter is read from the values by its path. */
class Slot {
  constructor(readonly path: readonly (string | number)[]) {}
}

interface Template {
  readonly sql: string;
  /** Per parameter: the slot of the value it takes, or a constant the builder put there. */
  readonly parameters: readonly unknown[];
}

/** Beyond this many shapes a statement is built and compiled each time, as Kysely does. */
const MAX_SHAPES = 32;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The shape of `value`: which names (and list lengths) it has, all the way down; leaves are values.
 * One string built in one pass (it runs for every statement of the hot paths).
 */
function shapeOf(value: unknown): string {
  return appendShape('', value);
}

function appendShape(shape: string, value: unknown): string {
  if (Array.isArray(value)) {
    shape += '[';
    for (const item of value) shape = `${appendShape(shape, item)},`;
    return `${shape}]`;
  }
  if (!isPlainObject(value)) return shape;
  shape += '{';
  for (const name in value) {
    const field = value[name];
    if (field === undefined) continue;
    shape += name;
    // A leaf adds nothing more: most fields are leaves, and this spares the call.
    shape = field !== null && typeof field === 'object' ? `${appendShape(`${shape}:`, field)},` : `${shape},`;
  }
  return `${shape}}`;
}

/** `value` with every leaf replaced by its slot (undefined fields left out). */
function slotsOf(value: unknown, path: readonly (string | number)[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => slotsOf(item, [...path, i]));
  if (!isPlainObject(value)) return new Slot(path);
  const slots: Record<string, unknown> = {};
  for (const name in value) {
    if (value[name] !== undefined) slots[name] = slotsOf(value[name], [...path, name]);
  }
  return slots;
}

function valueAt(values: unknown, path: readonly (string | number)[]): unknown {
  let value = values;
  for (const step of path) value = (value as Record<string | number, unknown>)[step];
  return value;
}

/**
 * A statement compiled by Kysely once per shape, then run with new values bound to the cached text.
 * Building and compiling a 35-column insert costs more CPU than SQLite takes to run it; the hot paths run
 * the same few statements all day. `build` is given the values' shape (plain objects and lists, with a
 * placeholder at every leaf) and must produce SQL that depends only on that shape, never on the values
 * themselves: no branching on a value. A plain object or a list is structure, never one value (JSON goes
 * as a string). Undefined fields are left out, as Kysely leaves them out of an insert or an update.
 */
export function precompiled<V extends object, R = unknown>(
  build: (db: Kysely<Database>, values: V) => Compilable<R>,
): (db: Kysely<Database>, values: V) => Promise<QueryResult<R>> {
  const query = precompiledQuery(build);
  return (db, values) => db.executeQuery<R>(query(db, values));
}

/**
 * Like precompiled, but gives the compiled query without running it: a part for a combined statement
 * (src/store/combined-statement.ts), which then costs no building or compiling either.
 */
export function precompiledQuery<V extends object, R = unknown>(
  build: (db: Kysely<Database>, values: V) => Compilable<R>,
): (db: Kysely<Database>, values: V) => CompiledQuery<R> {
  const templates = new Map<string, Template>();
  return (db, values) => {
    const shape = `${dialectOf(db)}|${shapeOf(values)}`;
    let template = templates.get(shape);
    if (!template) {
      const compiled = build(db, slotsOf(values, []) as V).compile();
      template = { sql: compiled.sql, parameters: compiled.parameters };
      if (templates.size < MAX_SHAPES) templates.set(shape, template);
    }
    const parameters = new Array<unknown>(template.parameters.length);
    for (let i = 0; i < parameters.length; i++) {
      const parameter = template.parameters[i];
      parameters[i] = parameter instanceof Slot ? valueAt(values, parameter.path) : parameter;
    }
    return CompiledQuery.raw(template.sql, parameters) as CompiledQuery<R>;
  };
}
