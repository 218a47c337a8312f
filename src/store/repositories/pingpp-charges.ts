import type { Kysely, QueryCreator } from 'kysely';
import type { Database, PingppChargesTable } from '../schema.js';

export type PingppChargeRow = PingppChargesTable;

/** The insert of what a Ping++ charge request carried; the first request of an order number wins. */
export function pingppChargeInsert(db: QueryCreator<Database>, row: PingppChargeRow) {
  return db
    .insertInto('pingpp_charges')
    .values(row)
    .onConflict((oc) => oc.columns(['app_id', 'order_no']).doNothing());
}

/** Keeps what a Ping++ charge request carried; the first request of an order number wins (a replay keeps it). */
export async function recordPingppCharge(db: Kysely<Database>, row: PingppChargeRow): Promise<void> {
  await pingppChargeInsert(db, row).execute();
}

/** The Ping++ request fields of an app's charges, by order number (absent for charges made otherwise). */
export async function pingppChargesOf(
  db: Kysely<Database>,
  appId: string,
  orderNos: readonly string[],
): Promise<Map<string, PingppChargeRow>> {
  if (orderNos.length === 0) return new Map();
  const rows = await db
    .selectFrom('pingpp_charges')
    .selectAll()
    .where('app_id', '=', appId)
    .where('order_no', 'in', [...new Set(orderNos)])
    .execute();
  return new Map(rows.map((row) => [row.order_no, row]));
}
