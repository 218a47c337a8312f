/**
 * The runs of bench:charges: each starts a fresh server (the bare baseline, or polypay on a new SQLite
 * database or PostgreSQL schema), measures it, stops it and, for polypay, checks its database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMerchantWithApp, openStore, SecretBox } from '../../src/store/index.js';
import { compare, paidInPostgres, paidInSqlite } from './durability.js';
import { AnswerLog, ChargeRequests, type Credentials } from './load.js';
import { type LoadSettings, loadFailures, type Mode, measure, type Run } from './measure.js';
import { childEnv, cpuTimes, startServer } from './processes.js';
import { CLI, createMerchant, schemaUrl } from './setup.js';
import { runWrk, writeWrkFiles } from './wrk.js';

/** What the runs share: the entry's settings and the scratch space it cleans up. */
export interface ChargeBench extends LoadSettings {
  readonly pgUrl: string;
  /** When set, polypay servers run with --cpu-prof and write their profiles there. */
  readonly profileDir: string | undefined;
  /** After a load stops, how long the server gets to finish the requests it was cut off from. */
  readonly drainMs: number;
  /** wrk drives the closed-loop baseline runs (else autocannon). */
  readonly useWrk: boolean;
  readonly wrkThreads: number;
  /** Every run's files go under it; the entry removes it. */
  readonly tmpRoot: string;
  /** Schemas in use, for the entry's clean-up to drop. */
  readonly pgSchemas: Set<string>;
  /** Drops a schema and forgets it. */
  dropSchema(schema: string): Promise<void>;
}

export type Db =
  | { readonly kind: 'sqlite' }
  | { readonly kind: 'postgres'; readonly merchants?: number; readonly workers?: number };

const BASELINE = ['--import', 'tsx', 'bench/baseline-server.ts', '0'];
/** Pre-signed requests in the baseline's wrk file (replayed in turn: the baseline checks nothing). */
const WRK_REQUESTS = 10_000;
const STATEMENTS_SENT = /statements sent: (\d+)/;
const GROUP_COMMITS = /group commits: (\d+), units: (\d+)/;

let runCounter = 0;

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

/** The baseline in a closed loop driven by wrk, with pre-signed requests read from a file. */
async function baselineWrkRun(bench: ChargeBench, label: string): Promise<Run> {
  const tag = `base${++runCounter}`;
  const dir = mkdtempSync(join(bench.tmpRoot, 'wrk-'));
  const credentials: Credentials = { secretKey: 'sk_test_baseline', signingSecret: 'baseline' };
  const files = writeWrkFiles(dir, new ChargeRequests(credentials, tag), WRK_REQUESTS);
  const { child, url } = await startServer(BASELINE, childEnv({}));
  try {
    const common = { url, connections: bench.connections, threads: bench.wrkThreads, ...files };
    await runWrk({ ...common, seconds: bench.warmupSeconds });
    const before = cpuTimes(child.pid);
    const { load, generatorCpu } = await runWrk({ ...common, seconds: bench.seconds });
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

export async function baselineRun(bench: ChargeBench, label: string, mode: Mode): Promise<Run> {
  if (bench.useWrk && mode.kind === 'closed') return baselineWrkRun(bench, `${label} (wrk)`);
  const tag = `base${++runCounter}`;
  const { child, url } = await startServer(BASELINE, childEnv({}));
  try {
    const log = new AnswerLog(false);
    // The baseline ignores them, but signing costs the load generator the same as for polypay.
    const credentials: Credentials = { secretKey: 'sk_test_baseline', signingSecret: 'baseline' };
    const measured = await measure(bench, child, url, mode, new ChargeRequests(credentials, tag), log);
    const failures = loadFailures(measured.load);
    return { label, target: 'baseline', mode, ...measured, failures };
  } finally {
    await child.stop();
  }
}

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

export async function polypayRun(bench: ChargeBench, label: string, db: Db, mode: Mode): Promise<Run> {
  const tag = `bench${++runCounter}-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(bench.tmpRoot, 'run-'));
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
    bench.pgSchemas.add(schema);
    databaseUrl = schemaUrl(bench.pgUrl, schema);
  }
  try {
    const first = await createMerchant(databaseUrl, env, 'Bench');
    const extra = db.kind === 'postgres' ? (db.merchants ?? 1) - 1 : 0;
    const credentials = extra > 0 ? [first, ...(await moreMerchants(databaseUrl, keyFile, extra))] : first;
    const requests = new ChargeRequests(credentials, tag);
    const profile = bench.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${bench.profileDir}`] : [];
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
        bench,
        child,
        url,
        mode,
        requests,
        log,
        db.kind === 'postgres' ? 'postgres' : undefined,
      );
      await sleep(bench.drainMs);
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
    const paid =
      db.kind === 'sqlite' ? paidInSqlite(dbFile) : await paidInPostgres(bench.pgUrl, schema ?? 'public');
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
    if (schema) await bench.dropSchema(schema);
  }
}
