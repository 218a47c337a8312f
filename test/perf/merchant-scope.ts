/**
 * The sharding rule of docs/scaling.md, as checks the tests run: every table carries merchant_id (or is
 * a named reference table), and every transaction touches one merchant.
 */
import type { Kysely } from 'kysely';
import type { CountedStatement, Database } from '../../src/store/index.js';

/**
 * Tables distributed through another column than merchant_id: merchants by their own id; the sandbox's
 * agreement book by its key, since the sandbox plays the provider (its records are the outside world's,
 * written one row at a time outside any merchant's transaction).
 */
export const DISTRIBUTED_BY_OTHER_COLUMN: Readonly<Record<string, string>> = {
  merchants: 'id',
  sandbox_agreement_records: 'key',
};
/** Reference tables: rows that belong to the deployment, copied to every node of a sharded cluster. */
export const REFERENCE_TABLES: ReadonlySet<string> = new Set(['master_key_check']);
/** Kysely's own bookkeeping of migrations. */
const MIGRATION_TABLES: ReadonlySet<string> = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Tables that break the rule: no merchant_id and not declared as reference or otherwise distributed. */
export async function tablesWithoutMerchant(db: Kysely<Database>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables
    .filter((t) => !MIGRATION_TABLES.has(t.name) && !REFERENCE_TABLES.has(t.name))
    .filter((t) => {
      const column = DISTRIBUTED_BY_OTHER_COLUMN[t.name] ?? 'merchant_id';
      return !t.columns.some((c) => c.name === column);
    })
    .map((t) => t.name)
    .sort();
}

const MERCHANT_ID = /\bmch_[0-9A-Za-z]{24}\b/g;
const BEGIN = /^\s*begin\b/i;
const END = /^\s*(commit|rollback)\s*$/i;

/**
 * The merchant ids each unit of work named in its parameters: one entry per transaction (BEGIN …
 * COMMIT) and one per statement sent outside a transaction.
 */
export function merchantsPerTransaction(statements: readonly CountedStatement[]): Set<string>[] {
  const units: Set<string>[] = [];
  let current: Set<string> | undefined;
  for (const statement of statements) {
    if (BEGIN.test(statement.sql)) {
      current = new Set();
      continue;
    }
    if (END.test(statement.sql)) {
      if (current) units.push(current);
      current = undefined;
      continue;
    }
    const named = new Set<string>();
    for (const parameter of statement.parameters) {
      if (typeof parameter !== 'string') continue;
      for (const match of parameter.matchAll(MERCHANT_ID)) named.add(match[0]);
    }
    if (current) for (const id of named) current.add(id);
    else units.push(named);
  }
  return units;
}
