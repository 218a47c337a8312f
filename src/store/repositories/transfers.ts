import type { Kysely } from 'kysely';
import { dialectOf, lockForUpdate } from '../dialect.js';
import { type KeysetPosition, pastPosition } from '../keyset.js';
import type { Database, NewTransfer, Transfer, TransferUpdate } from '../schema.js';

export type TransferKind = Transfer['kind'];

export async function insertTransfer(db: Kysely<Database>, transfer: NewTransfer): Promise<void> {
  await db.insertInto('transfers').values(transfer).execute();
}

export async function getTransferById(db: Kysely<Database>, id: string): Promise<Transfer | undefined> {
  return db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getTransfer(
  db: Kysely<Database>,
  appId: string,
  kind: TransferKind,
  id: string,
): Promise<Transfer | undefined> {
  return db
    .selectFrom('transfers')
    .selectAll()
    .where('id', '=', id)
    .where('app_id', '=', appId)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

export async function getTransferByNo(
  db: Kysely<Database>,
  appId: string,
  kind: TransferKind,
  outTransferNo: string,
): Promise<Transfer | undefined> {
  return db
    .selectFrom('transfers')
    .selectAll()
    .where('app_id', '=', appId)
    .where('kind', '=', kind)
    .where('out_transfer_no', '=', outTransferNo)
    .executeTakeFirst();
}

/** The transfer, its row locked on PostgreSQL until the transaction ends (SQLite: the write lock). */
export async function lockTransfer(db: Kysely<Database>, id: string): Promise<Transfer | undefined> {
  return db
    .selectFrom('transfers')
    .selectAll()
    .where('id', '=', id)
    .$call((qb) => lockForUpdate(qb, dialectOf(db)))
    .executeTakeFirst();
}

export async function updateTransfer(
  db: Kysely<Database>,
  id: string,
  update: TransferUpdate,
): Promise<void> {
  await db.updateTable('transfers').set(update).where('id', '=', id).execute();
}

export interface TransferListFilter {
  readonly appId: string;
  readonly kind: TransferKind;
  readonly limit: number;
  /** Rows older than this position (newest first). */
  readonly before?: KeysetPosition;
  readonly status?: Transfer['status'];
}

export async function listTransfers(db: Kysely<Database>, filter: TransferListFilter): Promise<Transfer[]> {
  return db
    .selectFrom('transfers')
    .selectAll()
    .where('app_id', '=', filter.appId)
    .where('kind', '=', filter.kind)
    .$if(filter.status !== undefined, (qb) => qb.where('status', '=', filter.status!))
    .$if(filter.before !== undefined, (qb) => qb.where((eb) => pastPosition(eb, filter.before!, '<')))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}
