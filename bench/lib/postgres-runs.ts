/**
 * The PostgreSQL runs of bench:charges, each on a fresh schema: one merchant, the same load spread over
 * many merchants (no hot-row collapse), and one merchant served by `serve --workers`.
 */
import { HEADER, int, report } from './charge-report.js';
import { type ChargeBench, polypayRun } from './charge-runs.js';
import { rateOf } from './measure.js';
import { redactUrl } from './setup.js';

export async function postgresRuns(
  bench: ChargeBench,
  baseRate: number,
  polyRate: number,
  merchants: number,
  workers: number,
): Promise<void> {
  console.log(
    `\nPostgreSQL (${redactUrl(bench.pgUrl)}, a fresh schema), closed loop: all charges to one merchant, then spread over ${int(merchants)} merchants:`,
  );
  console.log(HEADER);
  const one = report(
    await polypayRun(bench, 'polypay postgres 1 merchant', { kind: 'postgres' }, { kind: 'closed' }),
  );
  const many = report(
    await polypayRun(
      bench,
      `polypay postgres ${merchants} merchants`,
      { kind: 'postgres', merchants },
      { kind: 'closed' },
    ),
  );
  console.log(
    `  throughput ratio polypay(pg, 1 merchant)/baseline median: ${(rateOf(one) / baseRate).toFixed(3)}; polypay(pg)/polypay(sqlite) median: ${(rateOf(one) / polyRate).toFixed(3)}`,
  );
  console.log(
    `  one merchant / ${merchants} merchants: ${(rateOf(one) / Math.max(rateOf(many), 1e-9)).toFixed(2)} (target ≥ 0.8: no hot-row collapse)`,
  );
  if (workers > 1) {
    const served = report(
      await polypayRun(
        bench,
        `polypay postgres --workers ${workers}`,
        { kind: 'postgres', workers },
        { kind: 'closed' },
      ),
    );
    console.log(
      `  ${workers} processes / 1 process, one merchant: ${(rateOf(served) / Math.max(rateOf(one), 1e-9)).toFixed(2)} (server CPU is the sum over the processes)`,
    );
  }
}
