import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { Database, Refund } from '../schema.js';
import { refundsOfCharge } from './refunds.js';

/** The reversal-type operations of a charge (void, close, cancel), as an operation checks them. */
export const REVERSAL_KINDS = ['void', 'close', 'cancel'] as const;

export interface ChargeOperation {
  readonly kind: string;
  readonly status: string;
  readonly created_at: number;
}

export interface ChargeHistory {
  /** Oldest first (created_at, then id). */
  readonly refunds: Refund[];
  readonly operations: ChargeOperation[];
}

/**
 * A charge's refunds and its void/close/cancel flows. PostgreSQL: one statement (one round trip), each
 * list aggregated as JSON (every column of a refund is text, an integer or null, so JSON gives them back
 * as they are). SQLite: two reads on its one connection.
 */
export async function chargeHistory(db: Kysely<Database>, chargeId: string): Promise<ChargeHistory> {
  if (dialectOf(db) !== 'postgres') {
    const refunds = await refundsOfCharge(db, chargeId);
    const operations = await db
      .selectFrom('charge_flows')
      .select(['kind', 'status', 'created_at'])
      .where('charge_id', '=', chargeId)
      .where('kind', 'in', REVERSAL_KINDS)
      .execute();
    return { refunds, operations };
  }
  const { rows } = await sql<{ refunds: Refund[]; operations: ChargeOperation[] }>`
    select
      coalesce((select json_agg(r order by r.created_at, r.id) from refunds r where r.charge_id = ${chargeId}),
        '[]'::json) as refunds,
      coalesce((select json_agg(json_build_object('kind', f.kind, 'status', f.status, 'created_at', f.created_at))
        from charge_flows f where f.charge_id = ${chargeId} and f.kind in (${sql.join(REVERSAL_KINDS)})),
        '[]'::json) as operations`.execute(db);
  return rows[0]!;
}
