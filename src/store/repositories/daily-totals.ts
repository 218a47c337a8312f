import type { Kysely } from 'kysely';
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
