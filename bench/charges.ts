/**
 * bench:charges — signed barcode charges against the real polypay server, next to a bare Fastify baseline
 * measured in the same run, interleaved (baseline, polypay, baseline, polypay…). Prints figures; asserts
 * nothing about speed. See bench/README.md.
 *
 * Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_ROUNDS (2), BENCH_PG_MERCHANTS (1000),
 *      POLYPAY_BENCH_PG_URL (the local server's Unix socket, else postgres://postgres@127.0.0.1:5432/test; "off" skips PostgreSQL),
 *      BENCH_PROFILE_DIR (when set, polypay servers run with --cpu-prof and write their profiles there),
 *      BENCH_GENERATOR (wrk: the baseline's generator, the default when wrk is installed; autocannon),
 *      BENCH_WRK_THREADS (2), BENCH_HALF (on; off skips the runs at half load),
 *      BENCH_PG_WORKERS (2: the processes of the `serve --workers` PostgreSQL run; 0 skips it).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createMerchantWithApp, openStore, SecretBox } from '../src/store/index.js';
import {
  AnswerLog,
  ChargeRequests,
  type Credentials,
  closedLoop,
  type LoadResult,
  pacedLoop,
  percentile,
} from './lib/load.js';
import {
  type Child,
  childEnv,
  commandCpuSeconds,
  cpuTimes,
  type KernelCounters,
  killAllChildren,
  startServer,
  treeCpuTimes,
  treeKernelCounters,
} from './lib/processes.js';
import {
  CLI,
  createMerchant,
  DEFAULT_PG_URL,
  dropSchema as dropPgSchema,
  envNumber,
  postgresReachable,
  redactUrl,
  schemaUrl,
} from './lib/setup.js';
import { runWrk, WRK_INSTALL_HINT, writeWrkFiles, wrkAvailable } from './lib/wrk.js';

// ---------------------------------------------------------------------------------------------- settings

const SECONDS = envNumber('BENCH_SECONDS', 10, false);
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 32, true);
const ROUNDS = envNumber('BENCH_ROUNDS', 2, true);
const WARMUP_SECONDS = 2;
const PG_URL = process.env.POLYPAY_BENCH_PG_URL ?? DEFAULT_PG_URL;
/** Merchants of the spread PostgreSQL run. */
const PG_MERCHANTS = envNumber('BENCH_PG_MERCHANTS', 1000, true);
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ? resolve(process.env.BENCH_PROFILE_DIR) : undefined;
/** After a load stops, how long the server gets to finish the requests it was cut off from. */
const DRAIN_MS = 1000;

const BASELINE = ['--import', 'tsx', 'bench/baseline-server.ts', '0'];
const WRK_THREADS = envNumber('BENCH_WRK_THREADS', 2, true);
const HALF = (process.env.BENCH_HALF ?? 'on') !== 'off';
const PG_WORKERS = envNumber('BENCH_PG_WORKERS', 2, true, true);
/** Pre-signed requests in the baseline's wrk file (replayed in turn: the baseline checks nothing). */
const WRK_REQUESTS = 10_000;
const USE_WRK = (() => {
  const wanted = process.env.BENCH_GENERATOR ?? 'wrk';
  if (wanted === 'autocannon') return false;
  if (wrkAvailable()) return true;
  console.log(`!!! ${WRK_INSTALL_HINT}\n`);
  return false;
})();

// ---------------------------------------------------------------------------------------------- clean-up

const tmpRoot = mkdtempSync(join(tmpdir(), 'polypay-bench-'));
const pgSchemas = new Set<string>();
let cleaning: Promise<void> | undefined;

async function dropSchema(schema: string): Promise<void> {
  await dropPgSchema(PG_URL, schema);
  pgSchemas.delete(schema);
}

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    killAllChildren();
    rmSync(tmpRoot, { recursive: true, force: true });
    for (const schema of [...pgSchemas]) {
      await dropSchema(schema).catch((error: unknown) => {
        console.error(`could not drop PostgreSQL schema ${schema}: ${(error as Error).message}`);
      });
    }
  })();
  return cleaning;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: stopping the servers and removing temporary files…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------- runs

type Mode =
  | { readonly kind: 'closed' }
  /** autocannon's overallRate: at most `rate` requests a second, sent in a burst at each second's start. */
  | { readonly kind: 'capped'; readonly rate: number }
  /** Evenly spaced requests, open loop. */
  | { readonly kind: 'paced'; readonly rate: number };

interface Check {
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

interface Run {
  readonly label: string;
  readonly target: 'baseline' | 'polypay';
  readonly mode: Mode;
  readonly load: LoadResult;
  /** Server CPU during the measured load, in seconds; undefined without /proc. */
  readonly serverCpu: number | undefined;
  /** Of which in the kernel (system time: syscalls, fsync, network). */
  readonly serverSystemCpu?: number | undefined;
  /**
   * PostgreSQL runs: CPU of the local PostgreSQL server's processes during the measured load, in seconds
   * (its backends, WAL writer, checkpointer…; undefined when it does not run on this machine).
   */
  readonly databaseCpu?: number | undefined;
  /** The server's kernel counters over the measured load (polypay runs). */
  readonly kernel?: KernelCounters | undefined;
  /** SQLite: units of work per group commit over the server's life (warm-up and jobs included). */
  readonly unitsPerCommit?: number;
  readonly loadgenCpu: number;
  readonly check?: Check;
  /** Statements the server sent per request it was given (start-up and jobs included). */
  readonly statementsPerRequest?: number;
  readonly failures: readonly string[];
}

function rateOf(run: Run): number {
  return run.load.ok / run.load.seconds;
}

/** Warm-up then measured load on the same connections, with the server's and our own CPU time around it. */
async function measure(
  child: Child,
  url: URL,
  mode: Mode,
  requests: ChargeRequests,
  log: AnswerLog,
  database?: string,
) {
  let serverBefore: { user: number; system: number } | undefined;
  let databaseBefore: number | undefined;
  let kernelBefore: KernelCounters | undefined;
  let ownBefore: NodeJS.CpuUsage | undefined;
  const options = {
    url,
    connections: CONNECTIONS,
    warmupSeconds: WARMUP_SECONDS,
    seconds: SECONDS,
    requests,
    log,
    onMeasureStart: () => {
      serverBefore = treeCpuTimes(child.pid);
      databaseBefore = database ? commandCpuSeconds(database) : undefined;
      kernelBefore = treeKernelCounters(child.pid);
      ownBefore = process.cpuUsage();
    },
  };
  const load =
    mode.kind === 'paced'
      ? await pacedLoop({ ...options, rate: mode.rate })
      : await closedLoop(mode.kind === 'capped' ? { ...options, overallRate: mode.rate } : options);
  const own = process.cpuUsage(ownBefore);
  const serverAfter = treeCpuTimes(child.pid);
  const databaseAfter = database ? commandCpuSeconds(database) : undefined;
  const kernelAfter = treeKernelCounters(child.pid);
  const spent = serverBefore &&
    serverAfter && {
      user: serverAfter.user - serverBefore.user,
      system: serverAfter.system - serverBefore.system,
    };
  return {
    load,
    serverCpu: spent && spent.user + spent.system,
    serverSystemCpu: spent?.system,
    databaseCpu:
      databaseBefore !== undefined && databaseAfter !== undefined
        ? databaseAfter - databaseBefore
        : undefined,
    kernel: kernelBefore &&
      kernelAfter && {
        ioCalls: kernelAfter.ioCalls - kernelBefore.ioCalls,
        bytesWritten: kernelAfter.bytesWritten - kernelBefore.bytesWritten,
        contextSwitches: kernelAfter.contextSwitches - kernelBefore.contextSwitches,
      },
    loadgenCpu: (own.user + own.system) / 1e6,
  };
}

let runCounter = 0;

/** The baseline in a closed loop driven by wrk, with pre-signed requests read from a file. */
async function baselineWrkRun(label: string): Promise<Run> {
  const tag = `base${++runCounter}`;
  const dir = mkdtempSync(join(tmpRoot, 'wrk-'));
  const credentials: Credentials = { secretKey: 'sk_test_baseline', signingSecret: 'baseline' };
  const files = writeWrkFiles(dir, new ChargeRequests(credentials, tag), WRK_REQUESTS);
  const { child, url } = await startServer(BASELINE, childEnv({}));
  try {
    const common = { url, connections: CONNECTIONS, threads: WRK_THREADS, ...files };
    await runWrk({ ...common, seconds: WARMUP_SECONDS });
    const before = cpuTimes(child.pid);
    const { load, generatorCpu } = await runWrk({ ...common, seconds: SECONDS });
    const after = cpuTimes(child.pid);
    const serverCpu = before && after && after.user + after.system - before.user - before.system;
    const serverSystemCpu = before && after && after.system - before.system;
    const failures = loadFailures(load);
    return {
      label,
      target: 'baseline',
      mode: { kind: 'closed' },
      load,
      serverCpu,
      serverSystemCpu,
      loadgenCpu: generatorCpu,
      failures,
    };
  } finally {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function baselineRun(label: string, mode: Mode): Promise<Run> {
  if (USE_WRK && mode.kind === 'closed') return baselineWrkRun(`${label} (wrk)`);
  const tag = `base${++runCounter}`;
  const { child, url } = await startServer(BASELINE, childEnv({}));
  try {
    const log = new AnswerLog(false);
    // The baseline ignores them, but signing costs the load generator the same as for polypay.
    const credentials: Credentials = { secretKey: 'sk_test_baseline', signingSecret: 'baseline' };
    const measured = await measure(child, url, mode, new ChargeRequests(credentials, tag), log);
    const failures = loadFailures(measured.load);
    return { label, target: 'baseline', mode, ...measured, failures };
  } finally {
    await child.stop();
  }
}

type Db =
  | { readonly kind: 'sqlite' }
  | { readonly kind: 'postgres'; readonly merchants?: number; readonly workers?: number };

/** More merchants of the run's database, written directly (a CLI process each would take minutes). */
async function moreMerchants(databaseUrl: string, keyFile: string, count: number): Promise<Credentials[]> {
  const store = await openStore(databaseUrl);
  try {
    const box = SecretBox.load({ keyFile, createIfMissing: false });
    const made: Credentials[] = [];
    for (let i = 0; i < count; i++) {
      const created = await createMerchantWithApp(store.db, box, {
        name: `Bench ${i}`,
        mode: 'test',
        now: Date.now(),
      });
      made.push({ secretKey: created.secret_key, signingSecret: created.signing_secret });
    }
    return made;
  } finally {
    await store.close();
  }
}

const STATEMENTS_SENT = /statements sent: (\d+)/;
const GROUP_COMMITS = /group commits: (\d+), units: (\d+)/;

async function polypayRun(label: string, db: Db, mode: Mode): Promise<Run> {
  const tag = `bench${++runCounter}-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpRoot, 'run-'));
  const keyFile = join(dir, 'master.key');
  const env = childEnv({
    POLYPAY_MASTER_KEY_FILE: keyFile,
    LOG_LEVEL: 'warn',
    POLYPAY_COUNT_STATEMENTS: '1',
  });
  const dbFile = join(dir, 'bench.db');
  let schema: string | undefined;
  let databaseUrl = `sqlite:${dbFile}`;
  if (db.kind === 'postgres') {
    schema = `bench_${randomBytes(6).toString('hex')}`;
    pgSchemas.add(schema);
    databaseUrl = schemaUrl(PG_URL, schema);
  }
  try {
    const first = await createMerchant(databaseUrl, env, 'Bench');
    const extra = db.kind === 'postgres' ? (db.merchants ?? 1) - 1 : 0;
    const credentials = extra > 0 ? [first, ...(await moreMerchants(databaseUrl, keyFile, extra))] : first;
    const requests = new ChargeRequests(credentials, tag);
    const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    const workers = db.kind === 'postgres' && db.workers ? ['--workers', String(db.workers)] : [];
    const { child, url } = await startServer(
      [
        ...profile,
        ...CLI,
        'serve',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--database-url',
        databaseUrl,
        ...workers,
      ],
      env,
      60_000,
    );
    const log = new AnswerLog(true);
    let measured: Awaited<ReturnType<typeof measure>>;
    let exit: number | string;
    try {
      measured = await measure(
        child,
        url,
        mode,
        requests,
        log,
        db.kind === 'postgres' ? 'postgres' : undefined,
      );
      await sleep(DRAIN_MS);
    } finally {
      exit = await child.stop();
    }
    // With --workers every process prints its own count.
    const sent = [...child.output().matchAll(new RegExp(STATEMENTS_SENT, 'g'))].map((m) => Number(m[1]));
    const statementsPerRequest =
      sent.length > 0 && requests.made > 0 ? sent.reduce((a, b) => a + b, 0) / requests.made : undefined;
    const commits = GROUP_COMMITS.exec(child.output());
    const unitsPerCommit =
      commits && Number(commits[1]) > 0 ? Number(commits[2]) / Number(commits[1]) : undefined;
    const failures = loadFailures(measured.load);
    if (exit !== 0) failures.push(`the server exited with ${exit} on SIGTERM`);
    const paid = db.kind === 'sqlite' ? paidInSqlite(dbFile) : await paidInPostgres(schema ?? 'public');
    const check = compare(paid, log);
    if (!check.ok) failures.push('durability check failed (see the check column)');
    if (log.samples.length > 0)
      failures.push(`first answers that were not PAID charges:\n    ${log.samples.join('\n    ')}`);
    if (failures.length > 0) {
      const output = child.output();
      if (output) failures.push(`last lines of the server's output:\n${indent(output)}`);
    }
    return {
      label,
      target: 'polypay',
      mode,
      ...measured,
      check,
      ...(statementsPerRequest !== undefined ? { statementsPerRequest } : {}),
      ...(unitsPerCommit !== undefined ? { unitsPerCommit } : {}),
      failures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (schema) await dropSchema(schema);
  }
}

function loadFailures(load: LoadResult): string[] {
  const failures: string[] = [];
  const non2xx = Object.values(load.non2xx).reduce((a, b) => a + b, 0);
  if (non2xx > 0) failures.push(`${non2xx} non-2xx answers: ${JSON.stringify(load.non2xx)}`);
  if (load.errors > 0) failures.push(`${load.errors} connection errors or timeouts`);
  if (load.responses === 0) failures.push('no answers at all');
  return failures;
}

interface PaidRows {
  readonly paid: ReadonlySet<string>;
  readonly byStatus: Record<string, number>;
}

function paidInSqlite(file: string): PaidRows {
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

async function paidInPostgres(schema: string): Promise<PaidRows> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
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

function compare({ paid, byStatus }: PaidRows, log: AnswerLog): Check {
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

// ---------------------------------------------------------------------------------------------- printing

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const pad = (s: string, n: number) => s.padStart(n);
const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const HEADER = `${'run'.padEnd(30)}${pad('2xx/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('non-2xx', 9)}${pad('errors', 8)}${pad('srv CPU', 9)}${pad('µs CPU/req', 11)}${pad('of it sys', 10)}${pad('gen CPU', 9)}${pad('stmt/req', 9)}  check (PAID rows vs 2xx answers)`;

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

function report(run: Run): Run {
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

// ---------------------------------------------------------------------------------------------- main

/** The machine's load average: other processes busy on the same cores make every figure noisier. */
function busyNote(): string {
  const [one, five] = loadavg();
  const text = `load average ${one?.toFixed(2)} (1 min), ${five?.toFixed(2)} (5 min)`;
  return (one ?? 0) > 0.5 * cpus().length
    ? `!!! ${text}: other processes are busy on this machine; expect noisy figures (the ratios suffer least)`
    : text;
}

async function main(): Promise<void> {
  const withPg = await postgresReachable(PG_URL);
  // Rough wall time of one run: start-up + warm-up + load + drain and stop.
  const baselineSeconds = 1.5 + WARMUP_SECONDS + SECONDS;
  const polypaySeconds = 4 + WARMUP_SECONDS + SECONDS + DRAIN_MS / 1000 + 1;
  const expected =
    ROUNDS * (baselineSeconds + polypaySeconds) +
    (HALF ? 2 * (baselineSeconds + polypaySeconds) : 0) +
    (withPg ? (PG_WORKERS > 1 ? 3 : 2) * polypaySeconds + 10 : 0);
  const limit = 2 * expected + 60;
  setTimeout(() => {
    console.error(`\n!!! over the time limit of ${Math.round(limit)} s: aborting`);
    void cleanUp().finally(() => process.exit(2));
  }, limit * 1000).unref();

  console.log(
    `bench:charges — polypay POST /v1/charges (signed sandbox barcode charges, SQLite WAL, each commit flushed before its answer) vs a bare Fastify JSON POST`,
  );
  console.log(
    `node ${process.version}, ${cpus().length} CPUs (the load generator shares them); ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per run, ${ROUNDS} round(s) interleaved, a fresh server and database per run`,
  );
  console.log(
    `PostgreSQL: ${
      withPg
        ? `reachable at ${redactUrl(PG_URL)}, one extra run`
        : PG_URL === 'off'
          ? 'skipped (POLYPAY_BENCH_PG_URL=off)'
          : `not reachable at ${redactUrl(PG_URL)}, skipped`
    }`,
  );
  console.log(`Expected duration: about ${Math.round(expected)} s (hard limit ${Math.round(limit)} s)`);
  console.log(`${busyNote()}\n`);
  if (PROFILE_DIR) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    console.log(`CPU profiles of the polypay servers go to ${PROFILE_DIR}\n`);
  }

  console.log(HEADER);
  const baselines: Run[] = [];
  const polypays: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    baselines.push(report(await baselineRun(`round ${round} baseline`, { kind: 'closed' })));
    polypays.push(
      report(await polypayRun(`round ${round} polypay sqlite`, { kind: 'sqlite' }, { kind: 'closed' })),
    );
  }

  const baseRate = median(baselines.map(rateOf));
  const polyRate = median(polypays.map(rateOf));
  const p99 = (runs: Run[]) => median(runs.map((r) => percentile(r.load.latencies, 0.99)));
  const p50 = (runs: Run[]) => median(runs.map((r) => percentile(r.load.latencies, 0.5)));
  console.log(`\nMedians over ${ROUNDS} round(s), ${CONNECTIONS} connections, closed loop:`);
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

  const half = Math.max(1, Math.round(polyRate / 2));
  if (HALF) await halfLoad(half);
  if (withPg) await postgresRuns(baseRate, polyRate);
  finish();
}

async function halfLoad(half: number): Promise<void> {
  console.log(`\nAt half the polypay median rate, ${int(half)} requests/s (${CONNECTIONS} connections):`);
  console.log(HEADER);
  const capped: Mode = { kind: 'capped', rate: half };
  const paced: Mode = { kind: 'paced', rate: half };
  const halfRuns = {
    baseCapped: report(await baselineRun('baseline  overallRate', capped)),
    polyCapped: report(await polypayRun('polypay   overallRate', { kind: 'sqlite' }, capped)),
    basePaced: report(await baselineRun('baseline  paced', paced)),
    polyPaced: report(await polypayRun('polypay   paced', { kind: 'sqlite' }, paced)),
  };
  const p = (run: Run, q: number) => ms(percentile(run.load.latencies, q));
  console.log(
    `  autocannon overallRate (each connection sends its share in a burst at the start of every second):\n` +
      `    polypay p50 ${p(halfRuns.polyCapped, 0.5)} ms, p99 ${p(halfRuns.polyCapped, 0.99)} ms; baseline p99 ${p(halfRuns.baseCapped, 0.99)} ms`,
  );
  console.log(
    `  paced open loop (evenly spaced, latency from the scheduled send time):\n` +
      `    polypay p50 ${p(halfRuns.polyPaced, 0.5)} ms, p99 ${p(halfRuns.polyPaced, 0.99)} ms; baseline p99 ${p(halfRuns.basePaced, 0.99)} ms`,
  );
}

async function postgresRuns(baseRate: number, polyRate: number): Promise<void> {
  console.log(
    `\nPostgreSQL (${redactUrl(PG_URL)}, a fresh schema), closed loop: all charges to one merchant, then spread over ${int(PG_MERCHANTS)} merchants:`,
  );
  console.log(HEADER);
  const one = report(
    await polypayRun('polypay postgres 1 merchant', { kind: 'postgres' }, { kind: 'closed' }),
  );
  const many = report(
    await polypayRun(
      `polypay postgres ${PG_MERCHANTS} merchants`,
      { kind: 'postgres', merchants: PG_MERCHANTS },
      { kind: 'closed' },
    ),
  );
  console.log(
    `  throughput ratio polypay(pg, 1 merchant)/baseline median: ${(rateOf(one) / baseRate).toFixed(3)}; polypay(pg)/polypay(sqlite) median: ${(rateOf(one) / polyRate).toFixed(3)}`,
  );
  console.log(
    `  one merchant / ${PG_MERCHANTS} merchants: ${(rateOf(one) / Math.max(rateOf(many), 1e-9)).toFixed(2)} (target ≥ 0.8: no hot-row collapse)`,
  );
  if (PG_WORKERS > 1) {
    const workers = report(
      await polypayRun(
        `polypay postgres --workers ${PG_WORKERS}`,
        { kind: 'postgres', workers: PG_WORKERS },
        { kind: 'closed' },
      ),
    );
    console.log(
      `  ${PG_WORKERS} processes / 1 process, one merchant: ${(rateOf(workers) / Math.max(rateOf(one), 1e-9)).toFixed(2)} (server CPU is the sum over the processes)`,
    );
  }
}

function finish(): void {
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

try {
  await main();
} catch (error) {
  console.error(
    `\nbench:charges failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
} finally {
  await cleanUp();
}
