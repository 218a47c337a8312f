/** What bench:charges prints: one table line per run, the medians of the closed-loop rounds, the verdict. */
import { cpus, loadavg } from 'node:os';
import type { Check } from './durability.js';
import { percentile } from './load.js';
import { type Run, rateOf } from './measure.js';

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const pad = (s: string, n: number) => s.padStart(n);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const HEADER = `${'run'.padEnd(30)}${pad('2xx/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('non-2xx', 9)}${pad('errors', 8)}${pad('srv CPU', 9)}${pad('µs CPU/req', 11)}${pad('of it sys', 10)}${pad('gen CPU', 9)}${pad('stmt/req', 9)}  check (PAID rows vs 2xx answers)`;

function checkText(check: Check | undefined): string {
  if (!check) return '';
  const base = `PAID ${int(check.paidRows)} vs 2xx ${int(check.okAnswers)}`;
  const cut = check.cutOff > 0 ? ` (+${check.cutOffPaid} of ${check.cutOff} cut off at stop)` : '';
  if (check.ok) return `${base}${cut} OK`;
  return `${base}${cut} FAILED: ${check.missing} answered PAID without a PAID row, ${check.unexplained} PAID rows answered as errors, ${check.okNotPaid} 2xx not PAID; rows by status ${JSON.stringify(check.byStatus)}`;
}

function line(run: Run): string {
  const { load } = run;
  const non2xx = Object.values(load.non2xx).reduce((a, b) => a + b, 0);
  const busy = run.serverCpu !== undefined ? `${Math.round((run.serverCpu / load.seconds) * 100)}%` : '-';
  const perReq =
    run.serverCpu !== undefined && load.responses > 0 ? int((run.serverCpu * 1e6) / load.responses) : '-';
  const sys =
    run.serverSystemCpu !== undefined && load.responses > 0
      ? int((run.serverSystemCpu * 1e6) / load.responses)
      : '-';
  const gen = `${Math.round((run.loadgenCpu / load.seconds) * 100)}%`;
  return `${run.label.padEnd(30)}${pad(int(rateOf(run)), 9)}${pad(ms(percentile(load.latencies, 0.5)), 9)}${pad(ms(percentile(load.latencies, 0.99)), 9)}${pad(ms(percentile(load.latencies, 1)), 9)}${pad(int(non2xx), 9)}${pad(int(load.errors), 8)}${pad(busy, 9)}${pad(perReq, 11)}${pad(sys, 10)}${pad(gen, 9)}${pad(run.statementsPerRequest?.toFixed(1) ?? '-', 9)}  ${checkText(run.check)}`;
}

/** Every run printed so far, for the verdict. */
const allRuns: Run[] = [];

/** Per request, what the kernel saw: read/write calls, bytes written, context switches. */
function kernelLine(run: Run): string | undefined {
  const { kernel, load } = run;
  if (!kernel || load.responses === 0) return undefined;
  const per = (n: number) => n / load.responses;
  const database =
    run.databaseCpu !== undefined && run.databaseCpu > 0
      ? `; PostgreSQL's processes ${int((run.databaseCpu * 1e6) / load.responses)} µs CPU per request`
      : '';
  return `${''.padEnd(30)}  kernel per request: ${per(kernel.ioCalls).toFixed(1)} read/write calls, ${(per(kernel.bytesWritten) / 1024).toFixed(1)} KiB written, ${per(kernel.contextSwitches).toFixed(2)} context switches${run.unitsPerCommit !== undefined ? `; ${run.unitsPerCommit.toFixed(1)} units of work per SQLite commit` : ''}${database}`;
}

export function report(run: Run): Run {
  allRuns.push(run);
  console.log(line(run));
  const kernel = run.target === 'polypay' ? kernelLine(run) : undefined;
  if (kernel) console.log(kernel);
  if (run.failures.length > 0) {
    console.log(`  !!! ${run.label}: THIS RUN HAD ERRORS — its figures do not measure successful charges:`);
    for (const failure of run.failures) console.log(`  !!! ${failure}`);
  }
  return run;
}

/** The machine's load average: other processes busy on the same cores make every figure noisier. */
export function busyNote(): string {
  const [one, five] = loadavg();
  const text = `load average ${one?.toFixed(2)} (1 min), ${five?.toFixed(2)} (5 min)`;
  return (one ?? 0) > 0.5 * cpus().length
    ? `!!! ${text}: other processes are busy on this machine; expect noisy figures (the ratios suffer least)`
    : text;
}

/** Prints the medians of the closed-loop rounds and the throughput ratio; returns the median rates. */
export function summarizeRounds(
  baselines: readonly Run[],
  polypays: readonly Run[],
  rounds: number,
  connections: number,
): { baseRate: number; polyRate: number } {
  const baseRate = median(baselines.map(rateOf));
  const polyRate = median(polypays.map(rateOf));
  const p99 = (runs: readonly Run[]) => median(runs.map((r) => percentile(r.load.latencies, 0.99)));
  const p50 = (runs: readonly Run[]) => median(runs.map((r) => percentile(r.load.latencies, 0.5)));
  console.log(`\nMedians over ${rounds} round(s), ${connections} connections, closed loop:`);
  console.log(
    `  baseline  ${pad(int(baseRate), 8)} req/s      p50 ${ms(p50(baselines))} ms  p99 ${ms(p99(baselines))} ms`,
  );
  console.log(
    `  polypay   ${pad(int(polyRate), 8)} charges/s  p50 ${ms(p50(polypays))} ms  p99 ${ms(p99(polypays))} ms`,
  );
  const perRound = polypays.map((p, i) => (rateOf(p) / rateOf(baselines[i]!)).toFixed(3)).join(', ');
  console.log(
    `  throughput ratio polypay/baseline: ${(polyRate / baseRate).toFixed(3)} (${((polyRate / baseRate) * 100).toFixed(1)} % of the bare Fastify ceiling); per round: ${perRound}`,
  );
  return { baseRate, polyRate };
}

/** The last lines: the load average again, and whether any run failed (then the exit code is 1). */
export function finish(): void {
  console.log(`\nAt the end: ${busyNote()}`);
  const failed = allRuns.filter((r) => r.failures.length > 0);
  if (failed.length > 0) {
    console.log(
      `\n!!! ${failed.length} run(s) had errors or failed their check: ${failed.map((r) => r.label.trim()).join('; ')}. Their figures are not valid measurements.`,
    );
    process.exitCode = 1;
  } else {
    console.log('\nAll runs: no errors; every 2xx answer has its PAID row.');
  }
}
