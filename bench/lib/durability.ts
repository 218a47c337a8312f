/**
 * The durability check of a polypay run: the PAID rows in its database, read after the server stopped,
 * against the 2xx answers the load got.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { AnswerLog } from './load.js';

export interface Check {
  readonly paidRows: number;
  readonly okAnswers: number;
  /** Answered 2xx (PAID) without a PAID row: a lost write. */
  readonly missing: number;
  /** PAID rows whose request was answered with an error: should not exist. */
  readonly unexplained: number;
  /** Requests still in flight when a load stopped (the client hung up); the server may have paid them. */
  readonly cutOff: number;
  readonly cutOffPaid: number;
  /** 2xx answers whose charge was not PAID. */
  readonly okNotPaid: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly ok: boolean;
}

export interface PaidRows {
  readonly paid: ReadonlySet<string>;
  readonly byStatus: Record<string, number>;
}

export function paidInSqlite(file: string): PaidRows {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const paid = db
      .prepare(`select out_trade_no from charges where status = 'PAID'`)
      .pluck()
      .all() as string[];
    const byStatus: Record<string, number> = {};
    for (const row of db.prepare('select status, count(*) as n from charges group by status').all() as {
      status: string;
      n: number;
    }[])
      byStatus[row.status] = row.n;
    return { paid: new Set(paid), byStatus };
  } finally {
    db.close();
  }
}

export async function paidInPostgres(pgUrl: string, schema: string): Promise<PaidRows> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const paid = await client.query<{ out_trade_no: string }>(
      `select out_trade_no from "${schema}".charges where status = 'PAID'`,
    );
    const counts = await client.query<{ status: string; n: string }>(
      `select status, count(*) as n from "${schema}".charges group by status`,
    );
    const byStatus: Record<string, number> = {};
    for (const row of counts.rows) byStatus[row.status] = Number(row.n);
    return { paid: new Set(paid.rows.map((r) => r.out_trade_no)), byStatus };
  } finally {
    await client.end().catch(() => {});
  }
}

export function compare({ paid, byStatus }: PaidRows, log: AnswerLog): Check {
  let missing = 0;
  for (const id of log.ok) if (!paid.has(id)) missing += 1;
  let cutOffPaid = 0;
  let unexplained = 0;
  for (const id of paid) {
    if (log.ok.has(id)) continue;
    if (log.pending.has(id)) cutOffPaid += 1;
    else unexplained += 1;
  }
  return {
    paidRows: paid.size,
    okAnswers: log.ok.size,
    missing,
    unexplained,
    cutOff: log.pending.size,
    cutOffPaid,
    okNotPaid: log.okNotPaid,
    byStatus,
    ok: missing === 0 && unexplained === 0 && log.okNotPaid === 0,
  };
}
