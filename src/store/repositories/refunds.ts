import type { CompiledQuery, Kysely } from 'kysely';
import { dialectOf, lockForUpdate } from '../dialect.js';
import { pastPosition } from '../keyset.js';
import { groupedBy } from '../multi-row.js';
import { precompiledQuery } from '../precompiled.js';
import type { Database, NewRefund, Refund } from '../schema.js';

/** A refund's insert, compiled once per shape (also a part of combined statements). */
export const refundInsertQuery = precompiledQuery((db, refund: NewRefund) =>
  db.insertInto('refunds').values(refund),
);

export async function insertRefund(db: Kysely<Database>, refund: NewRefund): Promise<void> {
  await db.executeQuery(refundInsertQuery(db, refund));
}

export async function getRefund(
  db: Kysely<Database>,
  appId: string,
  id: string,
): Promise<Refund | undefined> {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('id', '=', id)
    .where('app_id', '=', appId)
    .executeTakeFirst();
}

export async function getRefundById(db: Kysely<Database>, id: string): Promise<Refund | undefined> {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('id', '=', id)
    .$call((qb) => lockForUpdate(qb, dialectOf(db)))
    .executeTakeFirst();
}

export async function getRefundByNo(
  db: Kysely<Database>,
  appId: string,
  refundNo: string,
): Promise<Refund | undefined> {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('app_id', '=', appId)
    .where('refund_no', '=', refundNo)
    .executeTakeFirst();
}

export async function refundsOfCharge(db: Kysely<Database>, chargeId: string): Promise<Refund[]> {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('charge_id', '=', chargeId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The refunds of several charges, by charge. */
export async function refundsOfCharges(
  db: Kysely<Database>,
  chargeIds: readonly string[],
): Promise<Map<string, Refund[]>> {
  if (chargeIds.length === 0) return new Map();
  const refunds = await db
    .selectFrom('refunds')
    .selectAll()
    .where('charge_id', 'in', chargeIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return groupedBy(refunds, (row) => row.charge_id);
}

export async function updateRefund(
  db: Kysely<Database>,
  id: string,
  changes: Partial<
    Pick<Refund, 'status' | 'failure_code' | 'failure_message' | 'succeeded_at' | 'updated_at'>
  >,
): Promise<void> {
  await db.updateTable('refunds').set(changes).where('id', '=', id).execute();
}

const pendingRefundSucceeded = precompiledQuery((db, input: { id: string; now: number }) =>
  db
    .updateTable('refunds')
    .set({ status: 'SUCCEEDED', succeeded_at: input.now, updated_at: input.now })
    .where('id', '=', input.id)
    .where('status', '=', 'PENDING')
    .returning('id'),
);

/**
 * A refund's success as a part of a combined statement (PostgreSQL): it returns the refund's id when the
 * refund was still PENDING, and nothing when something settled it meanwhile.
 */
export function pendingRefundSucceededQuery(
  db: Kysely<Database>,
  id: string,
  now: number,
): CompiledQuery<{ id: string }> {
  return pendingRefundSucceeded(db, { id, now }) as CompiledQuery<{ id: string }>;
}

/** An app's refunds, newest first, keyset-paginated on (created_at, id); optionally of one status. */
export async function listRefunds(
  db: Kysely<Database>,
  filter: {
    readonly appId: string;
    readonly status?: string;
    readonly before?: { createdAt: number; id: string };
    readonly limit: number;
  },
): Promise<Refund[]> {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('app_id', '=', filter.appId)
    .$if(filter.status !== undefined, (qb) => qb.where('status', '=', filter.status as Refund['status']))
    .$if(filter.before !== undefined, (qb) => qb.where((eb) => pastPosition(eb, filter.before!, '<')))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}
