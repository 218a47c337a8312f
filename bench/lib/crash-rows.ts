/** The rows the crash checks read once everything has settled, and the status groups they use. */
import type { Kysely } from 'kysely';
import type { ChargeStatus } from '../../src/domain/statuses.js';
import type { Charge, ChargeFlow, Database, LedgerEntry, Refund } from '../../src/store/index.js';

export const UNRESOLVED_CHARGE: ReadonlySet<string> = new Set([
  'CREATED',
  'PAY_ERROR',
  'CANCEL_INPROGRESS',
  'CANCEL_ERROR',
  'REFUND_ERROR',
]);
export const PAID_FAMILY: ReadonlySet<string> = new Set(['PAID', 'PARTIAL_REFUNDED', 'REFUNDED']);

/** The rows the checks read, all of them (a crash-test database is small). */
export interface Rows {
  readonly charges: Charge[];
  readonly refunds: Refund[];
  readonly flows: ChargeFlow[];
  readonly entries: LedgerEntry[];
  readonly balances: { merchant_id: string; account: string; currency: string; balance: number }[];
}

export async function readRows(db: Kysely<Database>): Promise<Rows> {
  return {
    charges: await db.selectFrom('charges').selectAll().execute(),
    refunds: await db.selectFrom('refunds').selectAll().orderBy('created_at').orderBy('id').execute(),
    flows: await db.selectFrom('charge_flows').selectAll().orderBy('created_at').orderBy('id').execute(),
    entries: await db.selectFrom('ledger_entries').selectAll().execute(),
    balances: await db
      .selectFrom('ledger_balances')
      .select(['merchant_id', 'account', 'currency', 'balance'])
      .execute(),
  };
}

/** Charges and refunds still waiting for the job runner. */
export async function unresolvedCounts(db: Kysely<Database>): Promise<{ charges: number; refunds: number }> {
  const charges = await db
    .selectFrom('charges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', [...UNRESOLVED_CHARGE] as ChargeStatus[])
    .executeTakeFirstOrThrow();
  const refunds = await db
    .selectFrom('refunds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['PENDING', 'REFUND_ERROR'])
    .where((eb) =>
      eb.or([eb('failure_code', 'is', null), eb('failure_code', '!=', 'refund_manual_intervention')]),
    )
    .executeTakeFirstOrThrow();
  return { charges: Number(charges.n), refunds: Number(refunds.n) };
}
