import { type Kysely, type QueryCreator, sql } from 'kysely';
import { dialectOf } from '../dialect.js';
import { precompiled } from '../precompiled.js';
import { refusalReason } from '../refusal.js';
import type { Database, NewCharge, NewChargeFlow, NewJob, PingppChargesTable } from '../schema.js';
import { insertChargeWithFlow } from './charges.js';
import { addToDailyTotals, type DailyKey, type DailyScope } from './daily-totals.js';
import { type ClaimRows, claimCtes, claimRowsOf, claimTaken, type NonceAndKey } from './nonce-and-key.js';
import { pingppChargeInsert, recordPingppCharge } from './pingpp-charges.js';

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

/**
 * The request's claim written with the charge was refused (its nonce was used, or its Idempotency-Key
 * is taken): nothing was written. The caller claims on its own to learn why (or to take a key freed
 * meanwhile).
 */
export class ClaimRefused extends Error {
  constructor() {
    super("the request's nonce or Idempotency-Key was taken");
    this.name = 'ClaimRefused';
  }
}

/** polypay_refuse's reason for a refused claim (a ceiling's reason is a list of `scope=total`). */
const CLAIM_REFUSED = 'claim';

export interface NewChargeWrite {
  readonly charge: NewCharge;
  readonly flow: NewChargeFlow;
  /** The job that resolves the charge if the process dies before the channel's answer is recorded. */
  readonly job: NewJob;
  /** One per scope, the merchant's first (the order rows are locked in). */
  readonly counts: readonly DailyCount[];
  readonly amount: number;
  /**
   * PostgreSQL: the request's nonce and Idempotency-Key, claimed in the same statement (ClaimRefused
   * when either is taken). SQLite claims in the caller's unit instead.
   */
  readonly claim?: NonceAndKey;
  /**
   * The fields a Ping++ charge request carried that a charge does not keep (compat surface), written
   * with the charge: the first request of an order number wins.
   */
  readonly pingpp?: PingppChargesTable;
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
    if (write.claim) throw new Error("SQLite claims in the unit of work, not in the charge's statement");
    await insertChargeWithFlow(db, write.charge, write.flow, write.job);
    if (write.pingpp) await recordPingppCharge(db, write.pingpp);
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
      ...(write.claim ? { claim: claimRowsOf(write.claim) } : {}),
      ...(write.pingpp ? { pingpp: write.pingpp } : {}),
    });
  } catch (error) {
    const reason = refusalReason(error);
    if (reason === undefined) throw error;
    if (reason === CLAIM_REFUSED) throw new ClaimRefused();
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
  readonly claim?: ClaimRows;
  readonly pingpp?: PingppChargesTable;
}

/**
 * PostgreSQL: the request's claim (when given), the charge, its flow and job, and its totals, aborted by
 * polypay_refuse when the claim is refused or a total passes its ceiling.
 */
const insertNewChargeStatement = precompiled((db, write: NewChargeStatement) => {
  const ceilingOfRow =
    write.ceilings.length === 0
      ? sql`null::bigint`
      : sql`case "scope" ${sql.join(
          write.ceilings.map((c) => sql`when ${c.scope} then ${c.ceiling}::bigint`),
          sql` `,
        )} end`;
  // The claim's CTEs come first (the key's reads the nonce's); the rest of the statement reads them only
  // in its raw select list. Kysely puts a raw CTE's text as it is: the parentheses are ours.
  let creator: QueryCreator<Database> = db;
  for (const cte of write.claim ? claimCtes(write.claim) : []) {
    creator = creator.with(cte.name, () => sql<Record<string, unknown>>`(${cte.query})`);
  }
  const refusedClaim = write.claim
    ? sql`when not ${claimTaken(write.claim)} then polypay_refuse(${sql.lit(CLAIM_REFUSED)})`
    : sql``;
  if (write.pingpp) {
    const row = write.pingpp;
    creator = creator.with('pingpp', (qc) => pingppChargeInsert(qc, row));
  }
  return creator
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
      sql<boolean | null>`case ${refusedClaim} when bool_or("amount" > ${ceilingOfRow})
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
