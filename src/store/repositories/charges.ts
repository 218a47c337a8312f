import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { ChargeStatus } from '../../domain/statuses.js';
import { combineStatements } from '../combined-statement.js';
import { dialectOf, lockForUpdate } from '../dialect.js';
import { pastPosition } from '../keyset.js';
import { groupedBy } from '../multi-row.js';
import { precompiled, precompiledQuery } from '../precompiled.js';
import type {
  Charge,
  ChargeFlow,
  ChargeUpdate,
  Database,
  NewCharge,
  NewChargeFlow,
  NewJob,
} from '../schema.js';

const insertChargeRow = precompiled((db, charge: NewCharge) => db.insertInto('charges').values(charge));
/** A flow's insert, compiled once per shape (also a part of combined statements). */
export const flowInsertQuery = precompiledQuery((db, flow: NewChargeFlow) =>
  db.insertInto('charge_flows').values(flow),
);
/** A job's insert, compiled once per shape (also a part of combined statements). */
export const jobInsertQuery = precompiledQuery((db, job: NewJob) => db.insertInto('jobs').values(job));
const insertFlowRow = (db: Kysely<Database>, flow: NewChargeFlow) =>
  db.executeQuery(flowInsertQuery(db, flow));
const insertJobRow = (db: Kysely<Database>, job: NewJob) => db.executeQuery(jobInsertQuery(db, job));
const flowUpdate = (db: Kysely<Database>, input: { id: string; changes: FlowChanges }) =>
  db.updateTable('charge_flows').set(input.changes).where('id', '=', input.id);
const pendingJobDelete = (db: Kysely<Database>, input: { id: string }) =>
  db.deleteFrom('jobs').where('id', '=', input.id).where('status', '=', 'pending');
/** A charge's update at its next version; at `expectedVersion` only, when given (compare-and-set). */
const chargeUpdate = (
  db: Kysely<Database>,
  input: { id: string; changes: ChargeUpdate; expectedVersion?: number },
) =>
  db
    .updateTable('charges')
    .set((eb) => ({ ...input.changes, version: eb('version', '+', 1) }))
    .where('id', '=', input.id)
    .$if(input.expectedVersion !== undefined, (qb) => qb.where('version', '=', input.expectedVersion!));
const updateChargeRow = precompiled(chargeUpdate);
const flowUpdateQuery = precompiledQuery(flowUpdate);
const pendingJobDeleteQuery = precompiledQuery(pendingJobDelete);
const chargeMoveQuery = precompiledQuery((db, input: Parameters<typeof chargeUpdate>[1]) =>
  chargeUpdate(db, input).returning('id'),
);

export async function insertCharge(db: Kysely<Database>, charge: NewCharge): Promise<void> {
  await insertChargeRow(db, charge);
}

export async function getCharge(
  db: Kysely<Database>,
  appId: string,
  id: string,
): Promise<Charge | undefined> {
  return db
    .selectFrom('charges')
    .selectAll()
    .where('id', '=', id)
    .where('app_id', '=', appId)
    .executeTakeFirst();
}

export async function getChargeById(db: Kysely<Database>, id: string): Promise<Charge | undefined> {
  return db.selectFrom('charges').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getChargeByOutTradeNo(
  db: Kysely<Database>,
  appId: string,
  outTradeNo: string,
): Promise<Charge | undefined> {
  return db
    .selectFrom('charges')
    .selectAll()
    .where('app_id', '=', appId)
    .where('out_trade_no', '=', outTradeNo)
    .executeTakeFirst();
}

/**
 * Reads a charge and, on PostgreSQL, holds its row until the transaction ends: every change of a charge
 * goes through here, so two refunds (or a refund and a cancel) of one charge serialise. SQLite
 * transactions of one process already serialise.
 */
export async function lockCharge(db: Kysely<Database>, id: string): Promise<Charge | undefined> {
  return db
    .selectFrom('charges')
    .selectAll()
    .where('id', '=', id)
    .$call((qb) => lockForUpdate(qb, dialectOf(db)))
    .executeTakeFirst();
}

/** An update that expected a charge's version found another: someone changed the charge meanwhile. */
export class StaleChargeError extends Error {
  constructor(id: string) {
    super(`charge ${id} changed meanwhile`);
    this.name = 'StaleChargeError';
  }
}

/**
 * A charge's update as compiled queries, not run: what updateCharge sends, or a combined statement
 * takes (compiled once per shape: no building per charge).
 */
export interface ChargeUpdateQueries {
  /** The channel answer's result on its flow, when the update records one. */
  readonly flow?: CompiledQuery;
  /**
   * The resolution job the answer makes moot, with the flow. No job to drop: an id no job has (the
   * statement keeps one shape either way).
   */
  readonly job?: CompiledQuery;
  /**
   * The charge's new values and version, only at `expectedVersion` when one is given; it returns the id
   * of the charge it moved (none: a stale version).
   */
  readonly charge: CompiledQuery<{ id: string }>;
}

export function chargeUpdateQueries(
  db: Kysely<Database>,
  id: string,
  changes: ChargeUpdate,
  expectedVersion?: number,
  flowResult?: FlowResultWrite,
): ChargeUpdateQueries {
  const charge = chargeMoveQuery(db, {
    id,
    changes,
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
  });
  if (!flowResult) return { charge };
  return {
    flow: flowUpdateQuery(db, { id: flowResult.flowId, changes: flowResult.changes }),
    job: pendingJobDeleteQuery(db, { id: flowResult.dropJobId ?? '' }),
    charge,
  };
}

/**
 * Updates a charge and bumps its version. With `expectedVersion`, only that version is updated (a
 * compare-and-set instead of a prior SELECT … FOR UPDATE); another one throws StaleChargeError.
 */
export async function updateCharge(
  db: Kysely<Database>,
  id: string,
  changes: ChargeUpdate,
  expectedVersion?: number,
  flowResult?: FlowResultWrite,
): Promise<void> {
  let updated: bigint;
  if (flowResult && dialectOf(db) === 'postgres') {
    // The flow's result, the dropped job and the charge in one round trip (writable CTEs). A stale
    // version updates no charge: the caller's transaction then rolls the other two back.
    const queries = chargeUpdateQueries(db, id, changes, expectedVersion, flowResult);
    const combined = combineStatements<{ moved: string }>(
      [
        ['flow', queries.flow!],
        ['job', queries.job!],
        ['moved', queries.charge],
      ],
      sql`select count(*) as moved from moved`.compile(db),
    );
    const { rows } = await db.executeQuery(combined);
    updated = BigInt(rows[0]?.moved ?? 0);
  } else {
    if (flowResult) await recordFlowResult(db, flowResult);
    const target = { id, changes, ...(expectedVersion !== undefined ? { expectedVersion } : {}) };
    updated = (await updateChargeRow(db, target)).numAffectedRows ?? 0n;
  }
  if (expectedVersion !== undefined && updated === 0n) throw new StaleChargeError(id);
}

/** What one channel answer writes besides the charge: its flow's result, and the job it makes moot. */
export interface FlowResultWrite {
  readonly flowId: string;
  readonly changes: FlowChanges;
  /** The charge's resolution job, dropped when the outcome is final (only while still pending). */
  readonly dropJobId?: string | undefined;
}

/** A flow's result and the dropped job: on PostgreSQL one statement (a writable CTE), on SQLite two. */
export async function recordFlowResult(db: Kysely<Database>, write: FlowResultWrite): Promise<void> {
  if (write.dropJobId === undefined) {
    await updateFlow(db, write.flowId, write.changes);
    return;
  }
  const dropJob = pendingJobDeleteQuery(db, { id: write.dropJobId });
  if (dialectOf(db) === 'postgres') {
    const flow = flowUpdateQuery(db, { id: write.flowId, changes: write.changes });
    await db.executeQuery(combineStatements([['flow', flow]], dropJob));
    return;
  }
  await updateFlow(db, write.flowId, write.changes);
  await db.executeQuery(dropJob);
}

export async function insertFlow(db: Kysely<Database>, flow: NewChargeFlow): Promise<void> {
  await insertFlowRow(db, flow);
}

/**
 * A new charge, its first flow and the job that resolves it if the process dies before the channel's
 * answer is recorded, one statement each (SQLite: the caller's unit makes them one commit). PostgreSQL
 * writes them with the daily totals in one statement: insertNewCharge.
 */
export async function insertChargeWithFlow(
  db: Kysely<Database>,
  charge: NewCharge,
  flow: NewChargeFlow,
  job: NewJob,
): Promise<void> {
  await insertCharge(db, charge);
  await insertFlow(db, flow);
  await insertJobRow(db, job);
}

/** The columns a channel's answer sets on a flow. */
export type FlowChanges = Partial<
  Pick<
    ChargeFlow,
    | 'status'
    | 'biz_result'
    | 'channel_trade_no'
    | 'error_code'
    | 'error_message'
    | 'channel_error'
    | 'updated_at'
  >
>;

export async function updateFlow(db: Kysely<Database>, id: string, changes: FlowChanges): Promise<void> {
  await db.executeQuery(flowUpdateQuery(db, { id, changes }));
}

export async function flowsOf(db: Kysely<Database>, chargeId: string): Promise<ChargeFlow[]> {
  return db
    .selectFrom('charge_flows')
    .selectAll()
    .where('charge_id', '=', chargeId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The flows of several charges, by charge, each charge's in the order they happened. */
export async function flowsOfCharges(
  db: Kysely<Database>,
  chargeIds: readonly string[],
): Promise<Map<string, ChargeFlow[]>> {
  if (chargeIds.length === 0) return new Map();
  const flows = await db
    .selectFrom('charge_flows')
    .selectAll()
    .where('charge_id', 'in', chargeIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return groupedBy(flows, (row) => row.charge_id);
}

export async function hasFlowOfKind(
  db: Kysely<Database>,
  chargeId: string,
  kind: ChargeFlow['kind'],
): Promise<boolean> {
  const row = await db
    .selectFrom('charge_flows')
    .select('id')
    .where('charge_id', '=', chargeId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row !== undefined;
}

const PAID_STATUSES: ChargeStatus[] = ['PAID', 'PARTIAL_REFUNDED', 'REFUNDED', 'REFUND_ERROR'];

export interface ChargeListFilter {
  readonly appId: string;
  readonly status?: ChargeStatus;
  readonly subPayway?: string;
  readonly channel?: string;
  readonly payway?: string;
  readonly amountGte?: number;
  readonly amountLte?: number;
  readonly createdGte?: number;
  readonly createdLt?: number;
  /** Keyset cursor: rows strictly before this (created_at, id), newest first. */
  readonly before?: { createdAt: number; id: string };
  readonly limit: number;
}

/** Newest first, keyset-paginated on (created_at, id) so pages stay stable while charges are added. */
export async function listCharges(db: Kysely<Database>, filter: ChargeListFilter): Promise<Charge[]> {
  return db
    .selectFrom('charges')
    .selectAll()
    .where('app_id', '=', filter.appId)
    .$if(filter.status !== undefined, (qb) => qb.where('status', '=', filter.status!))
    .$if(filter.subPayway !== undefined, (qb) => qb.where('sub_payway', '=', filter.subPayway!))
    .$if(filter.channel !== undefined, (qb) => qb.where('channel', '=', filter.channel!))
    .$if(filter.payway !== undefined, (qb) => qb.where('payway', '=', filter.payway!))
    .$if(filter.amountGte !== undefined, (qb) => qb.where('amount', '>=', filter.amountGte!))
    .$if(filter.amountLte !== undefined, (qb) => qb.where('amount', '<=', filter.amountLte!))
    .$if(filter.createdGte !== undefined, (qb) => qb.where('created_at', '>=', filter.createdGte!))
    .$if(filter.createdLt !== undefined, (qb) => qb.where('created_at', '<', filter.createdLt!))
    .$if(filter.before !== undefined, (qb) => qb.where((eb) => pastPosition(eb, filter.before!, '<')))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}

/** Paid charges of a merchant not yet settled, paid before `before`. */
export async function unsettledCharges(
  db: Kysely<Database>,
  merchantId: string,
  before: number,
  /** At most `limit` of them (the first paid), of one app only when `appId` is given. */
  options: { readonly limit?: number; readonly appId?: string } = {},
): Promise<Charge[]> {
  return db
    .selectFrom('charges')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('settled_at', 'is', null)
    .where('paid_at', 'is not', null)
    .where('paid_at', '<', before)
    .where('status', 'in', PAID_STATUSES)
    .$if(options.appId !== undefined, (qb) => qb.where('app_id', '=', options.appId!))
    .orderBy('paid_at')
    .orderBy('id')
    .$if(options.limit !== undefined, (qb) => qb.limit(options.limit!))
    .$call((qb) => lockForUpdate(qb, dialectOf(db)))
    .execute();
}

/** Marks charges settled (and bumps their versions) in one statement; only those not settled yet. */
export async function markChargesSettled(
  db: Kysely<Database>,
  ids: readonly string[],
  now: number,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('charges')
    .set((eb) => ({ settled_at: now, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', 'in', ids)
    .where('settled_at', 'is', null)
    .execute();
}

/** A charge of an app by the number its channel gave it (provider notifications may carry only that). */
export async function getChargeByChannelTradeNo(
  db: Kysely<Database>,
  appId: string,
  channelTradeNo: string,
): Promise<Charge | undefined> {
  return db
    .selectFrom('charges')
    .selectAll()
    .where('app_id', '=', appId)
    .where('channel_trade_no', '=', channelTradeNo)
    .executeTakeFirst();
}
