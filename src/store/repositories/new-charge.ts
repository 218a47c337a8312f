import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';
import { precompiled } from '../precompiled.js';
import { refusalReason } from '../refusal.js';
import type { Database, NewCharge, NewChargeFlow, NewJob } from '../schema.js';
import { insertChargeWithFlow } from './charges.js';
import { addToDailyTotals, type DailyKey, type DailyScope } from './daily-totals.js';

/** A daily total the new charge counts in, and the most it may reach (undefined: no limit). */
export interface DailyCount {
  readonly key: DailyKey;
  readonly ceiling: number | undefined;
}

/** A daily total would pass its ceiling: nothing of the new charge was written. */
export class DailyCeilingPassed extends Error {
  /** Every total the charge counts in, with the charge added, by scope. */
  readonly totals: ReadonlyMap<DailyScope, number>;
  constructor(totals: ReadonlyMap<DailyScope, number>) {
    super(`daily totals past their ceilings: ${[...totals].map(([s, t]) => `${s}=${t}`).join(', ')}`);
    this.name = 'DailyCeilingPassed';
    this.totals = totals;
  }
}

export interface NewChargeWrite {
  readonly charge: NewCharge;
  readonly flow: NewChargeFlow;
  /** The job that resolves the charge if the process dies before the channel's answer is recorded. */
  readonly job: NewJob;
  /** One per scope, the merchant's first (the order rows are locked in). */
  readonly counts: readonly DailyCount[];
  readonly amount: number;
}

/**
 * Writes a new charge, its pay flow and resolution job, and counts it in its daily totals; throws
 * DailyCeilingPassed (having written nothing) when a total would pass its ceiling, so that concurrent
 * charges can never pass a limit together. A reused out_trade_no fails with the unique violation.
 *
 * On PostgreSQL this is one statement, run without BEGIN/COMMIT (one round trip): the inserts and the
 * upsert of the totals are writable CTEs, and the statement aborts itself through polypay_refuse when a
 * total passes its ceiling. The totals' row locks are held for that one statement only. On SQLite the
 * caller's transaction (a group-commit unit) rolls back what was written when the check fails.
 */
export async function insertNewCharge(db: Kysely<Database>, write: NewChargeWrite): Promise<void> {
  const keys = write.counts.map((count) => count.key);
  if (dialectOf(db) !== 'postgres') {
    await insertChargeWithFlow(db, write.charge, write.flow, write.job);
    const totals = await addToDailyTotals(db, keys, write.amount);
    const passed = write.counts.some((count, i) => count.ceiling !== undefined && totals[i]! > count.ceiling);
    if (passed) throw new DailyCeilingPassed(new Map(keys.map((key, i) => [key.scope, totals[i]!])));
    return;
  }
  try {
    await insertNewChargeStatement(db, {
      charge: write.charge,
      flow: write.flow,
      job: write.job,
      totals: keys.map((key) => ({
        merchant_id: key.merchantId,
        scope: key.scope,
        scope_id: key.scopeId,
        day: key.day,
        amount: write.amount,
      })),
      ceilings: write.counts.flatMap((count) =>
        count.ceiling === undefined ? [] : [{ scope: count.key.scope, ceiling: count.ceiling }],
      ),
    });
  } catch (error) {
    const reason = refusalReason(error);
    if (reason === undefined) throw error;
    throw new DailyCeilingPassed(parseTotals(reason));
  }
}

interface NewChargeStatement {
  readonly charge: NewCharge;
  readonly flow: NewChargeFlow;
  readonly job: NewJob;
  readonly totals: readonly {
    merchant_id: string;
    scope: DailyScope;
    scope_id: string;
    day: string;
    amount: number;
  }[];
  readonly ceilings: readonly { scope: DailyScope; ceiling: number }[];
}

/** PostgreSQL: the charge, its flow and job, and its totals, aborted by polypay_refuse past a ceiling. */
const insertNewChargeStatement = precompiled((db, write: NewChargeStatement) => {
  const ceilingOfRow =
    write.ceilings.length === 0
      ? sql`null::bigint`
      : sql`case "scope" ${sql.join(
          write.ceilings.map((c) => sql`when ${c.scope} then ${c.ceiling}::bigint`),
          sql` `,
        )} end`;
  return db
    .with('charge', (qc) => qc.insertInto('charges').values(write.charge))
    .with('job', (qc) => qc.insertInto('jobs').values(write.job))
    .with('flow', (qc) => qc.insertInto('charge_flows').values(write.flow))
    .with('totals', (qc) =>
      qc
        .insertInto('daily_totals')
        .values([...write.totals])
        .onConflict((oc) =>
          oc
            .columns(['merchant_id', 'scope', 'scope_id', 'day'])
            .doUpdateSet((eb) => ({ amount: eb('daily_totals.amount', '+', eb.ref('excluded.amount')) })),
        )
        .returning(['scope', 'amount']),
    )
    .selectFrom('totals')
    .select(
      sql<boolean | null>`case when bool_or("amount" > ${ceilingOfRow})
        then polypay_refuse(string_agg("scope" || '=' || "amount", ',')) end`.as('refused'),
    );
});

/** `merchant=1200,store=300` (polypay_refuse's message) as totals by scope. */
function parseTotals(message: string): Map<DailyScope, number> {
  const totals = new Map<DailyScope, number>();
  for (const part of message.split(',')) {
    const [scope, total] = part.split('=');
    totals.set(scope as DailyScope, Number(total));
  }
  return totals;
}
