import type { Kysely } from 'kysely';
import { precompiled } from '../precompiled.js';
import type { AppMode, Database } from '../schema.js';

export type DailyScope = 'merchant' | 'store' | 'buyer';

/**
 * The id of the merchant's own daily total in one mode: test and live charges count against separate
 * limits. Live keeps the bare merchant id (as before modes were told apart).
 */
export function merchantScopeId(merchantId: string, mode: AppMode): string {
  return mode === 'live' ? merchantId : `${merchantId}:${mode}`;
}

export interface DailyKey {
  readonly merchantId: string;
  readonly scope: DailyScope;
  readonly scopeId: string;
  readonly day: string;
}

/**
 * Adds `amount` (may be negative) to a daily total and answers the new total, atomically: on
 * PostgreSQL the upsert holds the row until the transaction ends, so concurrent charges add up in turn.
 */
export async function addToDailyTotal(db: Kysely<Database>, key: DailyKey, amount: number): Promise<number> {
  const row = await db
    .insertInto('daily_totals')
    .values({ merchant_id: key.merchantId, scope: key.scope, scope_id: key.scopeId, day: key.day, amount })
    .onConflict((oc) =>
      oc
        .columns(['merchant_id', 'scope', 'scope_id', 'day'])
        .doUpdateSet((eb) => ({ amount: eb('daily_totals.amount', '+', eb.ref('excluded.amount')) })),
    )
    .returning('amount')
    .executeTakeFirstOrThrow();
  return Number(row.amount);
}

const upsertTotals = precompiled(
  (
    db,
    input: {
      rows: readonly { merchant_id: string; scope: string; scope_id: string; day: string; amount: number }[];
    },
  ) =>
    db
      .insertInto('daily_totals')
      .values([...input.rows])
      .onConflict((oc) =>
        oc
          .columns(['merchant_id', 'scope', 'scope_id', 'day'])
          .doUpdateSet((eb) => ({ amount: eb('daily_totals.amount', '+', eb.ref('excluded.amount')) })),
      )
      .returning(['scope', 'scope_id', 'amount']),
);

/**
 * Adds `amount` to several daily totals in one statement and answers each new total, in the order of
 * `keys`. Rows are locked in the order given, so callers that always list the merchant's row first
 * cannot deadlock one another.
 */
export async function addToDailyTotals(
  db: Kysely<Database>,
  keys: readonly DailyKey[],
  amount: number,
): Promise<number[]> {
  if (keys.length === 0) return [];
  const { rows } = await upsertTotals(db, {
    rows: keys.map((key) => ({
      merchant_id: key.merchantId,
      scope: key.scope,
      scope_id: key.scopeId,
      day: key.day,
      amount,
    })),
  });
  // RETURNING does not promise the order of VALUES: match the rows by their key.
  return keys.map((key) => {
    const row = rows.find((r) => r.scope === key.scope && r.scope_id === key.scopeId);
    if (!row) throw new Error(`daily total ${key.scope}/${key.scopeId} was not returned`);
    return Number(row.amount);
  });
}
