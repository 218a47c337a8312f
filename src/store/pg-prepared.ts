import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Distinct statements that get a name. The gateway's hot paths run a few dozen SQL texts; a query whose
 * text varies (an `in (…)` list of varying length) could otherwise prepare without end on every
 * connection. Beyond the cap, statements run unnamed, as before.
 */
const MAX_NAMED = 400;

const names = new Map<string, string>();

/** The statement's name, derived from its text, or undefined once the cap is reached. */
function nameOf(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_NAMED) return known;
  const name = `pp_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  names.set(text, name);
  return name;
}

/**
 * Runs every parameterised statement of `client` as a named prepared statement: PostgreSQL parses and
 * plans it once per connection, and later runs send only Bind and Execute (still one round trip each).
 * Statements without parameters (BEGIN, COMMIT, DDL) stay unnamed. Turned off with
 * POLYPAY_PG_PREPARED_STATEMENTS=off, e.g. behind a PgBouncer older than 1.21 in transaction mode.
 */
export function usePreparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      const name = nameOf(text);
      if (name !== undefined) return query({ name, text, values });
    }
    return query(...args);
  };
}

export function preparedStatementsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.POLYPAY_PG_PREPARED_STATEMENTS ?? 'on').trim().toLowerCase();
  return !['off', 'false', '0', 'no'].includes(value);
}
