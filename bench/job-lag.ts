/**
 * bench:job-lag — how late the resolution job queries an in-doubt charge while the server is saturated.
 * A closed-loop charge load (as bench:charges) sends a share of the sandbox's `…10` barcodes (answered
 * CREATED, paid 5 s later). Afterwards the database says when each such charge got its first `query`
 * flow, against the barcode poll interval (3 s, src/domain/polling.ts), and /metrics gives the job
 * runner's own `polypay_job_lag_seconds`. Prints figures; asserts nothing about time. See bench/README.md.
 *
 * Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (32), JOB_LAG_SHARE (0.05),
 *      POLYPAY_BENCH_PG_URL (the local server's Unix socket, else postgres://postgres@127.0.0.1:5432/test; "off" skips PostgreSQL).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { POLL_PLANS } from '../src/domain/polling.js';
import { openStore } from '../src/store/index.js';
import { AnswerLog, ChargeRequests, closedLoop, percentile } from './lib/load.js';
import { childEnv, cpuSeconds, killAllChildren, startServer } from './lib/processes.js';
import {
  CLI,
  createMerchant,
  DEFAULT_PG_URL,
  dropSchema,
  envNumber,
  postgresReachable,
  redactUrl,
  schemaUrl,
} from './lib/setup.js';

const SECONDS = envNumber('BENCH_SECONDS', 10, false);
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 32, true);
const SHARE = envNumber('JOB_LAG_SHARE', 0.05, false);
const PG_URL = process.env.POLYPAY_BENCH_PG_URL ?? DEFAULT_PG_URL;
const WARMUP_SECONDS = 2;
const POLL_MS = POLL_PLANS.barcode.fastIntervalMs;
/** After the load: how long the in-doubt charges get to be confirmed (5 s each, plus the backlog). */
const SETTLE_CAP_MS = 60_000;

const tmpRoot = mkdtempSync(join(tmpdir(), 'polypay-job-lag-'));
const schemas = new Set<string>();

async function cleanUp(): Promise<void> {
  killAllChildren();
  rmSync(tmpRoot, { recursive: true, force: true });
  for (const schema of [...schemas]) await dropSchema(PG_URL, schema).catch(() => {});
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : '-');

/** One histogram of a Prometheus text exposition, by label set: cumulative buckets, sum and count. */
interface Histogram {
  readonly buckets: [number, number][];
  sum: number;
  count: number;
}

function parseHistogram(text: string, name: string, label: string): Map<string, Histogram> {
  const out = new Map<string, Histogram>();
  const get = (key: string) => {
    let h = out.get(key);
    if (!h) {
      h = { buckets: [], sum: 0, count: 0 };
      out.set(key, h);
    }
    return h;
  };
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^(\w+)\{([^}]*)\}\s+(\S+)$/.exec(line);
    if (!match) continue;
    const [, metric, labels, value] = match;
    const key = new RegExp(`${label}="([^"]*)"`).exec(labels!)?.[1] ?? '';
    if (metric === `${name}_bucket`) {
      const le = /le="([^"]*)"/.exec(labels!)?.[1] ?? '+Inf';
      get(key).buckets.push([le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), Number(value)]);
    } else if (metric === `${name}_sum`) get(key).sum = Number(value);
    else if (metric === `${name}_count`) get(key).count = Number(value);
  }
  return out;
}

/** The upper bound of the bucket that holds quantile q (what a Prometheus histogram can say). */
function bucketQuantile(h: Histogram, q: number): string {
  const rank = q * h.count;
  for (const [le, cumulative] of h.buckets)
    if (cumulative >= rank) return le === Number.POSITIVE_INFINITY ? '>300 s' : `≤ ${le} s`;
  return '-';
}

async function run(dialect: 'sqlite' | 'postgres'): Promise<boolean> {
  const dir = mkdtempSync(join(tmpRoot, 'run-'));
  const env = childEnv({ POLYPAY_MASTER_KEY_FILE: join(dir, 'master.key'), LOG_LEVEL: 'warn' });
  let databaseUrl = `sqlite:${join(dir, 'bench.db')}`;
  let schema: string | undefined;
  if (dialect === 'postgres') {
    schema = `joblag_${randomBytes(6).toString('hex')}`;
    schemas.add(schema);
    databaseUrl = schemaUrl(PG_URL, schema);
  }
  try {
    const credentials = await createMerchant(databaseUrl, env, 'Job lag');
    const { child, url } = await startServer(
      [...CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--database-url', databaseUrl],
      env,
    );
    const requests = new ChargeRequests(credentials, `lag-${randomBytes(3).toString('hex')}`, SHARE);
    const log = new AnswerLog(false);
    let cpuBefore: number | undefined;
    let measureFrom = 0;
    const load = await closedLoop({
      url,
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: SECONDS,
      requests,
      log,
      onMeasureStart: () => {
        cpuBefore = cpuSeconds(child.pid);
        measureFrom = Date.now();
      },
    });
    const loadEnd = Date.now();
    const cpuAfter = cpuSeconds(child.pid);
    const store = await openStore(databaseUrl, { pgPoolMax: 2 });
    let metrics = '';
    let rows: { out_trade_no: string; created_at: number; status: string; first_query: number | null }[] = [];
    try {
      // Wait until the last in-doubt charge has been confirmed (or the cap), then read /metrics.
      const deadline = Date.now() + SETTLE_CAP_MS;
      for (;;) {
        const open = await store.db
          .selectFrom('charges')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'CREATED')
          .executeTakeFirstOrThrow();
        if (Number(open.n) === 0 || Date.now() > deadline) break;
        await sleep(500);
      }
      metrics = await (await fetch(new URL('/metrics', url))).text();
      rows = await store.db
        .selectFrom('charges')
        .leftJoin('charge_flows', (join) =>
          join.onRef('charge_flows.charge_id', '=', 'charges.id').on('charge_flows.kind', '=', 'query'),
        )
        .select((eb) => [
          'charges.out_trade_no',
          'charges.created_at',
          'charges.status',
          eb.fn.min('charge_flows.created_at').as('first_query'),
        ])
        .where('charges.out_trade_no', 'in', [...requests.inDoubt])
        .groupBy(['charges.out_trade_no', 'charges.created_at', 'charges.status'])
        .execute();
    } finally {
      await store.close();
      await child.stop();
    }

    const rate = load.ok / load.seconds;
    const busy =
      cpuBefore !== undefined && cpuAfter !== undefined
        ? `${Math.round(((cpuAfter - cpuBefore) / ((loadEnd - measureFrom) / 1000)) * 100)}%`
        : '-';
    console.log(
      `\n[${dialect}] ${Math.round(rate)} charges/s (2xx) for ${load.seconds.toFixed(1)} s after ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections, server CPU ${busy}; non-2xx ${JSON.stringify(load.non2xx)}, errors ${load.errors}`,
    );
    const withQuery = rows.filter((r) => r.first_query !== null);
    const delays = (list: typeof rows) =>
      Float64Array.from(list.map((r) => Number(r.first_query) - Number(r.created_at))).sort();
    // Due during the load (its first poll fell before the load stopped) or after it.
    const during = withQuery.filter((r) => Number(r.created_at) + POLL_MS <= loadEnd);
    const after = withQuery.filter((r) => Number(r.created_at) + POLL_MS > loadEnd);
    const paid = rows.filter((r) => r.status === 'PAID').length;
    console.log(
      `  in-doubt (…10) charges: ${requests.inDoubt.size} sent, ${rows.length} recorded (the rest cut off when the load stopped), ${withQuery.length} queried, ${paid} PAID in the end`,
    );
    console.log(`  creation → first query flow (the first poll is due after ${POLL_MS} ms):`);
    for (const [label, list] of [
      ['due during the load', during],
      ['due after the load', after],
      ['all', withQuery],
    ] as const) {
      const d = delays(list);
      console.log(
        `    ${label.padEnd(20)} n=${String(d.length).padStart(5)}  p50 ${ms(percentile(d, 0.5)).padStart(8)}  p99 ${ms(percentile(d, 0.99)).padStart(8)}  max ${ms(percentile(d, 1)).padStart(8)}   late by p50 ${ms(percentile(d, 0.5) - POLL_MS)}, p99 ${ms(percentile(d, 0.99) - POLL_MS)}, max ${ms(percentile(d, 1) - POLL_MS)}`,
      );
    }
    const lag = parseHistogram(metrics, 'polypay_job_lag_seconds', 'kind');
    console.log('  polypay_job_lag_seconds from /metrics (due → claimed, whole server life):');
    for (const [kind, h] of lag) {
      const mean = h.count > 0 ? (h.sum / h.count) * 1000 : Number.NaN;
      const buckets = h.buckets
        .map(([le, n], i) => [le, n - (i > 0 ? h.buckets[i - 1]![1] : 0)] as const)
        .filter(([, n]) => n > 0)
        .map(([le, n]) => `≤${le === Number.POSITIVE_INFINITY ? '+Inf' : le}s:${n}`)
        .join(' ');
      console.log(
        `    ${kind.padEnd(18)} count ${h.count}, mean ${ms(mean)}, p50 ${bucketQuantile(h, 0.5)}, p99 ${bucketQuantile(h, 0.99)}; ${buckets}`,
      );
    }
    // A request still in flight when the load stopped may never have been recorded: that is not a failure.
    return load.errors === 0 && Object.keys(load.non2xx).length === 0 && paid === rows.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (schema) {
      await dropSchema(PG_URL, schema).catch(() => {});
      schemas.delete(schema);
    }
  }
}

try {
  console.log(
    `bench:job-lag — ${Math.round(SHARE * 100)} % in-doubt barcode charges in a saturated closed loop; load average ${loadavg()[0]?.toFixed(2)}`,
  );
  let ok = await run('sqlite');
  if (await postgresReachable(PG_URL)) ok = (await run('postgres')) && ok;
  else console.log(`\nPostgreSQL not reachable at ${redactUrl(PG_URL)}: skipped`);
  if (!ok) {
    console.log(
      '\n!!! some requests failed or some in-doubt charges were not confirmed: the figures are suspect',
    );
    process.exitCode = 1;
  }
} catch (error) {
  console.error(
    `\nbench:job-lag failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
} finally {
  await cleanUp();
}
