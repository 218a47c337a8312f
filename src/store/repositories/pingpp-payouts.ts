import type { Kysely } from 'kysely';
import type { Database, PingppPayoutsTable } from '../schema.js';

export type PingppPayoutRow = PingppPayoutsTable;

/**
 * Keeps what a Ping++ transfer or red envelope request carried, in the payout's own transaction; the
 * first request of an order number wins (a replay writes nothing).
 */
export async function recordPingppPayout(db: Kysely<Database>, row: PingppPayoutRow): Promise<void> {
  await db
    .insertInto('pingpp_payouts')
    .values(row)
    .onConflict((oc) => oc.columns(['app_id', 'kind', 'order_no']).doNothing())
    .execute();
}

/**
 * The Ping++ request fields of an app's payouts of the given kinds and order numbers, in one read (absent
 * for payouts made through polypay's own API). Keyed by `pingppPayoutKey`.
 */
export async function pingppPayoutsOf(
  db: Kysely<Database>,
  appId: string,
  payouts: readonly { readonly kind: PingppPayoutRow['kind']; readonly orderNo: string }[],
): Promise<Map<string, PingppPayoutRow>> {
  if (payouts.length === 0) return new Map();
  const kinds = [...new Set(payouts.map((p) => p.kind))];
  const rows = await db
    .selectFrom('pingpp_payouts')
    .selectAll()
    .where('app_id', '=', appId)
    .where('kind', 'in', kinds)
    .where('order_no', 'in', [...new Set(payouts.map((p) => p.orderNo))])
    .execute();
  const wanted = new Set(payouts.map((p) => pingppPayoutKey(p.kind, p.orderNo)));
  return new Map(
    rows
      .map((row) => [pingppPayoutKey(row.kind, row.order_no), row] as const)
      .filter(([key]) => wanted.has(key)),
  );
}

/** The key of a payout's Ping++ request fields in the map `pingppPayoutsOf` answers. */
export function pingppPayoutKey(kind: PingppPayoutRow['kind'], orderNo: string): string {
  return `${kind}:${orderNo}`;
}
