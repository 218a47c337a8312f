/**
 * bench:soak — a long run at half the peak rate: does the server stay flat? Finds the peak with a short
 * closed loop, then sends signed charges evenly spaced at half that rate (open loop) window after
 * window, and prints per window the server's RSS, the charges' p99 and the job runner's lag (from
 * /metrics), then whether each stayed flat (last third against the first, the first window being the
 * warm-up). Not part of CI; prints figures and asserts nothing about speed. See bench/README.md.
 *
 * Env: BENCH_SOAK_SECONDS (600), BENCH_SOAK_WINDOW_SECONDS (30, or a twentieth of a shorter run),
 *      BENCH_SOAK_RATE (half the peak measured first), BENCH_SOAK_DB (sqlite or postgres),
 *      BENCH_CONNECTIONS (32), POLYPAY_BENCH_PG_URL (the local server's Unix socket, else postgres://postgres@127.0.0.1:5432/test).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_LIMITS } from '../src/channels/sandbox/scenarios.js';
import { AnswerLog, ChargeRequests, closedLoop, pacedLoop, percentile } from './lib/load.js';
import { childEnv, killAllChildren, startServer } from './lib/processes.js';
import {
  CLI,
  createMerchant,
  DEFAULT_PG_URL,
  dropSchema,
  envNumber,
  redactUrl,
  schemaUrl,
} from './lib/setup.js';

const SECONDS = envNumber('BENCH_SOAK_SECONDS', 600, true);
const WINDOW = envNumber(
  'BENCH_SOAK_WINDOW_SECONDS',
  Math.min(30, Math.max(3, Math.round(SECONDS / 20))),
  true,
);
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 32, true);
const DB = process.env.BENCH_SOAK_DB === 'postgres' ? 'postgres' : 'sqlite';
const PG_URL = process.env.POLYPAY_BENCH_PG_URL ?? DEFAULT_PG_URL;
/** A share of in-doubt charges (confirmed by the resolution job 5 s later), so that jobs run all along. */
const IN_DOUBT_SHARE = 0.02;
const METRICS_TOKEN = randomBytes(12).toString('hex');

const tmpRoot = mkdtempSync(join(tmpdir(), 'polypay-soak-'));
let schema: string | undefined;

async function cleanUp(): Promise<void> {
  killAllChildren();
  rmSync(tmpRoot, { recursive: true, force: true });
  if (schema) await dropSchema(PG_URL, schema).catch(() => {});
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

/** Resident memory of a process and its children, in MB. */
function rssMb(pid: number): number {
  const rss = (p: number) => {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  };
  let total = rss(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) total += rss(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** Sum and count of polypay_job_lag_seconds over every job kind, from /metrics. */
async function jobLag(url: URL): Promise<{ sum: number; count: number }> {
  const response = await fetch(new URL('/metrics', url), {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await response.text();
  let sum = 0;
  let count = 0;
  for (const line of text.split('\n')) {
    const match = /^polypay_job_lag_seconds_(sum|count)\{[^}]*\} ([0-9.eE+-]+)$/.exec(line);
    if (match?.[1] === 'sum') sum += Number(match[2]);
    else if (match?.[1] === 'count') count += Number(match[2]);
  }
  return { sum, count };
}

interface Window {
  readonly at: number;
  readonly rate: number;
  readonly p99: number;
  readonly rssMb: number;
  /** Mean lag of the jobs claimed in the window (due → claimed), in ms; NaN when none ran. */
  readonly lagMs: number;
  readonly non2xx: number;
  readonly errors: number;
}

function median(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  return finite.length === 0 ? Number.NaN : finite[Math.floor((finite.length - 1) / 2)]!;
}

/** Flat: the last third's median within `factor` of the first third's (after the warm-up window). */
function flat(
  label: string,
  windows: readonly Window[],
  pick: (w: Window) => number,
  factor: number,
  slackAbs: number,
) {
  const steady = windows.slice(1);
  const third = Math.max(1, Math.floor(steady.length / 3));
  const first = median(steady.slice(0, third).map(pick));
  const last = median(steady.slice(-third).map(pick));
  const ok = !Number.isFinite(first) || !Number.isFinite(last) || last <= first * factor + slackAbs;
  console.log(
    `  ${label.padEnd(10)} first third ${first.toFixed(1).padStart(8)}   last third ${last.toFixed(1).padStart(8)}   ${ok ? 'flat' : `NOT FLAT (grew over ${factor}× + ${slackAbs})`}`,
  );
  return ok;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpRoot, 'run-'));
  const env = childEnv({
    POLYPAY_MASTER_KEY_FILE: join(dir, 'master.key'),
    LOG_LEVEL: 'warn',
    POLYPAY_METRICS_TOKEN: METRICS_TOKEN,
  });
  let databaseUrl = `sqlite:${join(dir, 'soak.db')}`;
  if (DB === 'postgres') {
    schema = `soak_${randomBytes(6).toString('hex')}`;
    databaseUrl = schemaUrl(PG_URL, schema);
  }
  const credentials = await createMerchant(databaseUrl, env, 'Soak');
  const requests = new ChargeRequests(credentials, `soak-${randomBytes(3).toString('hex')}`, IN_DOUBT_SHARE);
  const log = new AnswerLog(false);
  const { child, url } = await startServer(
    [...CLI, 'serve', '--port', '0', '--database-url', databaseUrl],
    env,
  );
  try {
    let rate = Number(process.env.BENCH_SOAK_RATE ?? 0);
    if (!(rate > 0)) {
      const peak = await closedLoop({
        url,
        connections: CONNECTIONS,
        warmupSeconds: 2,
        seconds: 5,
        requests,
        log,
      });
      rate = Math.max(1, Math.round(peak.ok / peak.seconds / 2));
      console.log(
        `peak ${Math.round(peak.ok / peak.seconds)} charges/s (5 s closed loop); soaking at half: ${rate}/s`,
      );
    }
    console.log(
      `bench:soak — ${DB === 'postgres' ? redactUrl(databaseUrl) : 'SQLite'}, ${rate} charges/s paced for ${SECONDS} s in ${WINDOW} s windows, ${Math.round(IN_DOUBT_SHARE * 100)} % in doubt; load average ${loadavg()[0]?.toFixed(2)}`,
    );
    // The whole soak stays within 60 % of the sandbox's seller daily limit (the peak run took a few %).
    const meanAmount = Math.min(5000, (0.6 * SANDBOX_LIMITS.sellerDaily!) / (rate * SECONDS));
    requests.useAmounts(meanAmount / 2, meanAmount);
    console.log(
      `${'t s'.padStart(6)}${'2xx/s'.padStart(9)}${'p99 ms'.padStart(9)}${'RSS MB'.padStart(9)}${'job lag ms'.padStart(12)}${'non-2xx'.padStart(9)}${'errors'.padStart(8)}`,
    );
    const windows: Window[] = [];
    const nonOkByStatus = new Map<string, number>();
    const start = Date.now();
    let lagBefore = await jobLag(url);
    while (Date.now() - start < SECONDS * 1000) {
      const load = await pacedLoop({
        url,
        connections: CONNECTIONS,
        warmupSeconds: 0,
        seconds: WINDOW,
        rate,
        requests,
        log,
      });
      const lagAfter = await jobLag(url);
      const claimed = lagAfter.count - lagBefore.count;
      const window: Window = {
        at: (Date.now() - start) / 1000,
        rate: load.ok / load.seconds,
        p99: percentile(load.latencies, 0.99),
        rssMb: rssMb(child.pid),
        lagMs: claimed > 0 ? ((lagAfter.sum - lagBefore.sum) / claimed) * 1000 : Number.NaN,
        non2xx: Object.values(load.non2xx).reduce((a, b) => a + b, 0),
        errors: load.errors,
      };
      for (const [status, count] of Object.entries(load.non2xx)) {
        nonOkByStatus.set(status, (nonOkByStatus.get(status) ?? 0) + count);
      }
      lagBefore = lagAfter;
      windows.push(window);
      console.log(
        `${window.at.toFixed(0).padStart(6)}${window.rate.toFixed(0).padStart(9)}${window.p99.toFixed(1).padStart(9)}${window.rssMb.toFixed(0).padStart(9)}${(Number.isFinite(window.lagMs) ? window.lagMs.toFixed(0) : '-').padStart(12)}${String(window.non2xx).padStart(9)}${String(window.errors).padStart(8)}`,
      );
    }
    console.log(
      '\nStayed flat? (median of the last third against the first, the first window left out as warm-up)',
    );
    const results = [
      flat('RSS MB', windows, (w) => w.rssMb, 1.2, 20),
      flat('p99 ms', windows, (w) => w.p99, 2, 10),
      flat('job lag', windows, (w) => w.lagMs, 2, 250),
    ];
    const failed = windows.reduce((n, w) => n + w.non2xx + w.errors, 0);
    if (failed > 0) {
      const statuses = [...nonOkByStatus].map(([status, count]) => `${status}: ${count}`).join(', ');
      console.log(`!!! ${failed} requests answered non-2xx or failed (${statuses || 'no answer'})`);
    }
    console.log(results.every(Boolean) && failed === 0 ? '\nFlat: yes' : '\nFlat: NO');
    if (!results.every(Boolean) || failed > 0) process.exitCode = 1;
  } finally {
    await child.stop();
  }
}

try {
  await main();
} catch (error) {
  console.error(
    `\nbench:soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
} finally {
  await cleanUp();
}
