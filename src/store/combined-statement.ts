import { type Compilable, CompiledQuery } from 'kysely';

/** A query to join: a Kysely builder, or a query already compiled (e.g. a `sql` template's). */
export type StatementPart = Compilable<unknown> | CompiledQuery<unknown>;

const CTE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Joins several PostgreSQL queries into one statement, one round trip: each named part becomes a
 * writable CTE (`with flow as (…), moved as (…) <final>`) and `final` the statement's body, which may
 * read the parts that return rows. PostgreSQL runs every part exactly once, against one snapshot, and
 * they take effect or fail together. A part must not carry a WITH clause of its own (data-modifying CTEs
 * are allowed only at the top level), nor may two parts change the same row.
 */
export function combineStatements<R>(
  parts: readonly (readonly [name: string, query: StatementPart])[],
  final: StatementPart,
): CompiledQuery<R> {
  const parameters: unknown[] = [];
  const take = (part: StatementPart): string => {
    const compiled = compiledOf(part);
    const text = shiftPlaceholders(compiled.sql, parameters.length);
    parameters.push(...compiled.parameters);
    return text;
  };
  const ctes = parts.map(([name, query]) => {
    if (!CTE_NAME.test(name)) throw new Error(`not a plain CTE name: ${name}`);
    return `${name} as (${take(query)})`;
  });
  const body = take(final);
  const text = ctes.length === 0 ? body : `with ${ctes.join(', ')} ${body}`;
  return CompiledQuery.raw(text, parameters) as CompiledQuery<R>;
}

function compiledOf(part: StatementPart): CompiledQuery<unknown> {
  return 'compile' in part ? part.compile() : part;
}

/**
 * Renumbers the `$n` placeholders of one compiled query by `offset`, leaving quoted literals and
 * identifiers alone (Kysely quotes both in the standard way, doubling an inner quote).
 */
export function shiftPlaceholders(text: string, offset: number): string {
  if (offset === 0) return text;
  const key = `${offset}\u0000${text}`;
  const known = shifted.get(key);
  if (known !== undefined) return known;
  const result = shiftPlaceholdersOnce(text, offset);
  if (shifted.size >= SHIFTED_MAX) shifted.delete(shifted.keys().next().value as string);
  shifted.set(key, result);
  return result;
}

/**
 * Texts already renumbered, by offset and text. A charge's outcome joins the same few shapes over and
 * over, and the scan below cost ~40 µs per charge (measured); a lookup costs the key's hash.
 */
const shifted = new Map<string, string>();
const SHIFTED_MAX = 1_000;

function shiftPlaceholdersOnce(text: string, offset: number): string {
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (match, n: string | undefined) =>
    n === undefined ? match : `$${Number(n) + offset}`,
  );
}
