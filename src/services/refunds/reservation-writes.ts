import { type Kysely, sql } from 'kysely';
import type { JournalQueries } from '../../ledger/ledger.js';
import {
  combineStatements,
  type Database,
  dialectOf,
  flowInsertQuery,
  jobInsertQuery,
  type NewChargeFlow,
  type NewJob,
  type Refund,
  refundInsertQuery,
  type StatementPart,
} from '../../store/index.js';

/**
 * The refund, its journal (the money it reserves), its flow and its resolution job: on PostgreSQL one
 * statement (writable CTEs, one round trip; a reused refund_no fails it with the unique violation), on
 * SQLite one statement each.
 */
export async function writeReservation(
  trx: Kysely<Database>,
  rows: { refund: Refund; journal: JournalQueries; flow: NewChargeFlow; job: NewJob },
): Promise<void> {
  const { refund, journal, flow, job } = rows;
  // Compiled once per shape: a reservation runs the same three inserts every time.
  const refundRow = refundInsertQuery(trx, refund);
  const flowRow = flowInsertQuery(trx, flow);
  const jobRow = jobInsertQuery(trx, job);
  if (dialectOf(trx) === 'postgres') {
    const parts: [string, StatementPart][] = [
      ['refund', refundRow],
      ['flow', flowRow],
      ['job', jobRow],
    ];
    if (journal.writes) parts.push(['entries', journal.writes.entries]);
    // The merchant's balances last: their row locks are then held from here to the COMMIT only.
    await trx.executeQuery(combineStatements(parts, journal.writes?.balances ?? sql`select 1`.compile(trx)));
    return;
  }
  await trx.executeQuery(refundRow);
  if (journal.writes) {
    await trx.executeQuery(journal.writes.entries);
    await trx.executeQuery(journal.writes.balances);
  }
  await trx.executeQuery(flowRow);
  await trx.executeQuery(jobRow);
}
