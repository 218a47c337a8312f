/**
 * bench:charges — signed barcode charges against the real polypay server, next to a bare Fastify baseline
 * measured in the same run, interleaved (baseline, polypay, baseline, polypay…). Prints figures; asserts
 * nothing about speed. See bench/README.md. This file reads the settings and runs the steps in order; the
 * runs are in lib/charge-runs.ts, the half-load and PostgreSQL steps beside it, the table in lib/charge-report.ts.
 *
 * Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_ROUNDS (2), BENCH_PG_MERCHANTS (1000),
 *      POLYPAY_BENCH_PG_URL (the local server's Unix socket, else postgres://postgres@127.0.0.1:5432/test; "off" skips PostgreSQL),
 *      BENCH_PROFILE_DIR (when set, polypay servers run with --cpu-prof and write their profiles there),
 *      BENCH_GENERATOR (wrk: the baseline's generator, the default when wrk is installed; autocannon),
 *      BENCH_WRK_THREADS (2), BENCH_HALF (on; off skips the runs at half load),
 *      BENCH_PG_WORKERS (2: the processes of the `serve --workers` PostgreSQL run; 0 skips it).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { busyNote, finish, HEADER, report, summarizeRounds } from './lib/charge-report.js';
import { baselineRun, type ChargeBench, polypayRun } from './lib/charge-runs.js';
import { halfLoad } from './lib/half-load.js';
import type { Run } from './lib/measure.js';
import { postgresRuns } from './lib/postgres-runs.js';
import { killAllChildren } from './lib/processes.js';
import {
  DEFAULT_PG_URL,
  dropSchema as dropPgSchema,
  envNumber,
  postgresReachable,
  redactUrl,
} from './lib/setup.js';
import { WRK_INSTALL_HINT, wrkAvailable } from './lib/wrk.js';

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

const WRK_THREADS = envNumber('BENCH_WRK_THREADS', 2, true);
const HALF = (process.env.BENCH_HALF ?? 'on') !== 'off';
const PG_WORKERS = envNumber('BENCH_PG_WORKERS', 2, true, true);
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

const bench: ChargeBench = {
  seconds: SECONDS,
  connections: CONNECTIONS,
  warmupSeconds: WARMUP_SECONDS,
  pgUrl: PG_URL,
  profileDir: PROFILE_DIR,
  drainMs: DRAIN_MS,
  useWrk: USE_WRK,
  wrkThreads: WRK_THREADS,
  tmpRoot,
  pgSchemas,
  dropSchema,
};

// ---------------------------------------------------------------------------------------------- main

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
    baselines.push(report(await baselineRun(bench, `round ${round} baseline`, { kind: 'closed' })));
    polypays.push(
      report(
        await polypayRun(bench, `round ${round} polypay sqlite`, { kind: 'sqlite' }, { kind: 'closed' }),
      ),
    );
  }

  const { baseRate, polyRate } = summarizeRounds(baselines, polypays, ROUNDS, CONNECTIONS);

  const half = Math.max(1, Math.round(polyRate / 2));
  if (HALF) await halfLoad(bench, half);
  if (withPg) await postgresRuns(bench, baseRate, polyRate, PG_MERCHANTS, PG_WORKERS);
  finish();
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
