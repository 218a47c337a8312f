/**
 * chaos:crash — the real server under concurrent signed charges and refunds, killed (SIGKILL) at random
 * moments and restarted on the same database, round after round. Then the last server settles every
 * in-doubt charge with its own job runner, and the answers the clients got are checked against the
 * database and the API. Exits non-zero on any failure. See bench/README.md.
 *
 * Env: CRASH_ROUNDS (30), CRASH_DIALECTS (sqlite,postgres), CRASH_CLIENTS (24),
 *      POLYPAY_BENCH_PG_URL (the local server's Unix socket, else postgres://postgres@127.0.0.1:5432/test).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { openStore, type Store } from '../src/store/index.js';
import { checkAll } from './lib/crash-check.js';
import { CrashLoad, dataOf, errorCode, type Target } from './lib/crash-load.js';
import { readRows, unresolvedCounts } from './lib/crash-rows.js';
import type { Checked, Failures } from './lib/crash-tally.js';
import { percentile } from './lib/load.js';
import { type Child, childEnv, killAllChildren, startServer } from './lib/processes.js';
import {
  CLI,
  createMerchant,
  DEFAULT_PG_URL,
  dropSchema,
  envNumber,
  type MerchantCredentials,
  postgresReachable,
  redactUrl,
  schemaUrl,
} from './lib/setup.js';

const ROUNDS = envNumber('CRASH_ROUNDS', 30, true);
const CLIENTS = envNumber('CRASH_CLIENTS', 24, true);
const DIALECTS = (process.env.CRASH_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d) => d !== '');
const PG_URL = process.env.POLYPAY_BENCH_PG_URL ?? DEFAULT_PG_URL;
/** Merchants sharing the load: each has its own ledger, daily limits and job fairness share. */
const MERCHANTS = 4;
/** How long load runs before the kill, in ms. */
const KILL_AFTER_MS: readonly [number, number] = [300, 3000];
/** After the last restart: how long every in-doubt charge and unanswered request may take to settle. */
const SETTLE_CAP_MS = 180_000;
/** Stored answers sent again after the last restart, and objects read back through the API. */
const REPLAY_SAMPLE = 600;
const API_SAMPLE = 3000;

for (const dialect of DIALECTS) {
  if (dialect !== 'sqlite' && dialect !== 'postgres')
    throw new Error(`CRASH_DIALECTS: unknown dialect "${dialect}" (sqlite, postgres)`);
}

// ---------------------------------------------------------------------------------------------- clean-up

const tmpRoot = mkdtempSync(join(tmpdir(), 'polypay-crash-'));
const pgSchemas = new Set<string>();
let cleaning: Promise<void> | undefined;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    killAllChildren();
    rmSync(tmpRoot, { recursive: true, force: true });
    for (const schema of [...pgSchemas]) {
      await dropSchema(PG_URL, schema).catch((error: unknown) => {
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
    console.error(`\n${signal}: killing the servers and removing temporary files…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------- one dialect

interface RoundFigures {
  readonly killAfterMs: number;
  readonly sends: number;
  readonly answers: number;
  readonly cutOff: number;
}

interface DialectResult {
  readonly dialect: string;
  readonly rounds: RoundFigures[];
  readonly load: CrashLoad;
  readonly settleSeconds: number;
  readonly unresolvedAtCap: { charges: number; refunds: number };
  readonly replayed: number;
  readonly failures: Failures;
  readonly checked: Checked;
  readonly seconds: number;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

function totals(load: CrashLoad): { sends: number; answers: number; cutOff: number } {
  let answers = 0;
  let cutOff = 0;
  for (const sent of load.sent) {
    answers += sent.answers.length;
    cutOff += sent.connectionErrors;
  }
  return { sends: answers + cutOff, answers, cutOff };
}

async function serve(databaseUrl: string, env: NodeJS.ProcessEnv): Promise<{ child: Child; url: URL }> {
  return startServer(
    [...CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--database-url', databaseUrl],
    env,
  );
}

async function runDialect(dialect: 'sqlite' | 'postgres'): Promise<DialectResult> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpRoot, `${dialect}-`));
  const env = childEnv({ POLYPAY_MASTER_KEY_FILE: join(dir, 'master.key'), LOG_LEVEL: 'warn' });
  let schema: string | undefined;
  let databaseUrl = `sqlite:${join(dir, 'crash.db')}`;
  if (dialect === 'postgres') {
    schema = `crash_${randomBytes(6).toString('hex')}`;
    pgSchemas.add(schema);
    databaseUrl = schemaUrl(PG_URL, schema);
  }
  try {
    // The first merchant migrates the new database; the others can then be made side by side.
    const first = await createMerchant(databaseUrl, env, 'Crash 1');
    const others = await Promise.all(
      Array.from({ length: MERCHANTS - 1 }, (_, i) => createMerchant(databaseUrl, env, `Crash ${i + 2}`)),
    );
    const merchants: MerchantCredentials[] = [first, ...others];
    const load = new CrashLoad(merchants);
    const rounds: RoundFigures[] = [];
    console.log(
      `\n[${dialect}] ${ROUNDS} rounds, ${CLIENTS} clients, ${MERCHANTS} merchants, database ${redactUrl(databaseUrl)}`,
    );

    for (let round = 1; round <= ROUNDS; round += 1) {
      const before = totals(load);
      const { child, url } = await serve(databaseUrl, env);
      let live = true;
      const target: Target = { url, round, live: () => live };
      const running = load.run(target, CLIENTS);
      const killAfterMs = randomInt(KILL_AFTER_MS[0], KILL_AFTER_MS[1] + 1);
      await sleep(killAfterMs);
      live = false;
      child.process.kill('SIGKILL');
      const exit = await child.exited;
      await running;
      if (exit !== 'SIGKILL')
        throw new Error(`round ${round}: the server exited with ${exit} before the kill:\n${child.output()}`);
      const after = totals(load);
      const figures = {
        killAfterMs,
        sends: after.sends - before.sends,
        answers: after.answers - before.answers,
        cutOff: after.cutOff - before.cutOff,
      };
      rounds.push(figures);
      if (round % 10 === 0 || round === ROUNDS) {
        console.log(
          `[${dialect}] round ${round}/${ROUNDS}: killed after ${killAfterMs} ms, ${figures.sends} sends, ${figures.answers} answers, ${figures.cutOff} cut off; ${load.retry.size} requests waiting for a final answer`,
        );
      }
    }

    // The last life: no more kills. Unanswered requests are sent again; the job runner settles the rest.
    const settleStart = Date.now();
    const { child, url } = await serve(databaseUrl, env);
    const target: Target = { url, round: ROUNDS + 1, live: () => true };
    const store: Store = await openStore(databaseUrl, { pgPoolMax: 2 });
    let unresolvedAtCap = { charges: 0, refunds: 0 };
    let replayed = 0;
    const apiStatus = new Map<string, string>();
    let exit: number | string;
    try {
      const settling = load.settle(target, settleStart + SETTLE_CAP_MS - 30_000);
      let settled = false;
      void settling.then(() => {
        settled = true;
      });
      for (;;) {
        const open = await unresolvedCounts(store.db);
        unresolvedAtCap = open;
        if (settled && open.charges === 0 && open.refunds === 0) break;
        if (Date.now() - settleStart > SETTLE_CAP_MS) break;
        await sleep(1000);
      }
      await settling;
      const settleSeconds = (Date.now() - settleStart) / 1000;
      console.log(
        `[${dialect}] settled in ${settleSeconds.toFixed(1)} s: ${unresolvedAtCap.charges} charges and ${unresolvedAtCap.refunds} refunds still open, ${load.retry.size} requests without a final answer`,
      );
      replayed = (await load.replaySample(target, REPLAY_SAMPLE)).replayed;
      await readBack(load, url, apiStatus);
      exit = await child.stop();
      if (exit !== 0) throw new Error(`the last server exited with ${exit} on SIGTERM:\n${child.output()}`);
      const rows = await readRows(store.db);
      const { failures, checked } = checkAll(load, rows, apiStatus, replayed);
      return {
        dialect,
        rounds,
        load,
        settleSeconds,
        unresolvedAtCap,
        replayed,
        failures,
        checked,
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      await child.stop(2_000);
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (schema) {
      await dropSchema(PG_URL, schema);
      pgSchemas.delete(schema);
    }
  }
}

/** Reads acknowledged charges and refunds back through the API (a sample when there are many). */
async function readBack(load: CrashLoad, url: URL, into: Map<string, string>): Promise<void> {
  const objects = new Map<string, { merchant: number; path: string }>();
  for (const { sent, answer } of load.acknowledged()) {
    const id = dataOf(answer)?.id;
    if (typeof id !== 'string' || objects.has(id)) continue;
    const path = sent.spec.kind === 'charge' ? `/v1/charges/${id}` : `/v1/refunds/${id}`;
    objects.set(id, { merchant: sent.spec.merchant, path });
  }
  const sample = [...objects].sort(() => Math.random() - 0.5).slice(0, API_SAMPLE);
  const agent = new Agent({ connections: 8 });
  try {
    for (let i = 0; i < sample.length; i += 8) {
      await Promise.all(
        sample.slice(i, i + 8).map(async ([id, { merchant, path }]) => {
          const answer = await load.get(url, merchant, path, agent);
          const status = dataOf(answer)?.status;
          into.set(
            id,
            answer.status === 200 && typeof status === 'string'
              ? status
              : `HTTP ${answer.status} ${errorCode(answer)}`,
          );
        }),
      );
    }
  } finally {
    await agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------- report

function report(result: DialectResult): void {
  const { load, rounds, checked, failures } = result;
  const sum = totals(load);
  const kills = Float64Array.from(rounds.map((r) => r.killAfterMs)).sort();
  const byAnswer = new Map<string, number>();
  for (const sent of load.sent) {
    for (const answer of sent.answers) {
      const key = `${sent.spec.kind} ${answer.status}${answer.status >= 300 ? ` ${errorCode(answer)}` : ` ${String(dataOf(answer)?.status ?? '')}`}`;
      byAnswer.set(key, (byAnswer.get(key) ?? 0) + 1);
    }
  }
  const charges = load.sent.filter((s) => s.spec.kind === 'charge').length;
  console.log(`\n=== ${result.dialect}: ${result.seconds.toFixed(0)} s`);
  console.log(
    `rounds ${rounds.length} (killed after ${int(percentile(kills, 0))}–${int(percentile(kills, 1))} ms, median ${int(percentile(kills, 0.5))} ms), then one last server`,
  );
  console.log(
    `requests ${int(load.sent.length)} (${int(charges)} charges, ${int(load.sent.length - charges)} refunds); sends ${int(sum.sends)}; answers ${int(sum.answers)}; cut off by kills ${int(sum.cutOff)}`,
  );
  console.log(
    `acknowledged (2xx) ${int(checked.acknowledgedCharges)} charge answers, ${int(checked.acknowledgedRefunds)} refund answers; refusals (402) checked ${int(checked.finalRefusals)}; stored answers ${int(checked.storedAnswers)}`,
  );
  console.log(
    `settled ${result.settleSeconds.toFixed(1)} s after the last restart (open at the end: ${result.unresolvedAtCap.charges} charges, ${result.unresolvedAtCap.refunds} refunds)`,
  );
  console.log(
    `checked: ${int(checked.charges)} charges, ${int(checked.refunds)} refunds, ${int(checked.flows)} flows, ${int(checked.ledgerEntries)} ledger entries in ${int(checked.journals)} journals, ${int(checked.reversals)} reversals, ${int(checked.apiReads)} API reads, ${int(checked.replaysCompared)} replays after the last restart`,
  );
  console.log('answers by kind, status and code:');
  for (const [key, n] of [...byAnswer].sort((a, b) => b[1] - a[1]))
    console.log(`  ${int(n).padStart(8)}  ${key}`);
  if (failures.total === 0) {
    console.log('failures: none');
    return;
  }
  console.log(`!!! failures: ${failures.total}`);
  for (const [kind, details] of failures.byKind) {
    console.log(`!!! ${details.length} × ${kind}`);
    for (const detail of details.slice(0, 8)) console.log(`      ${detail}`);
    if (details.length > 8) console.log(`      … ${details.length - 8} more`);
  }
}

/** Writes every request (key, body) with its answers (status, bytes) to a file that outlives the run. */
function keepRecord(result: DialectResult): string {
  const file = join(tmpdir(), `polypay-crash-${result.dialect}-${Date.now()}.jsonl`);
  writeFileSync(file, result.load.sent.map((sent) => JSON.stringify(sent)).join('\n'));
  return file;
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const limit = DIALECTS.length * (ROUNDS * 20 + SETTLE_CAP_MS / 1000 + 120);
  setTimeout(() => {
    console.error(`\n!!! over the time limit of ${limit} s: aborting`);
    void cleanUp().finally(() => process.exit(2));
  }, limit * 1000).unref();
  console.log(
    `chaos:crash — SIGKILL under load, restart on the same database; ${ROUNDS} rounds on ${DIALECTS.join(', ')} (hard limit ${limit} s)`,
  );
  let failed = 0;
  for (const dialect of DIALECTS as ('sqlite' | 'postgres')[]) {
    if (dialect === 'postgres' && !(await postgresReachable(PG_URL))) {
      console.log(`\n!!! PostgreSQL not reachable at ${redactUrl(PG_URL)}: not tested`);
      failed += 1;
      continue;
    }
    const result = await runDialect(dialect);
    report(result);
    failed += result.failures.total;
    if (result.failures.total > 0) console.log(`!!! every request and answer: ${keepRecord(result)}`);
  }
  if (failed > 0) {
    console.log(`\n!!! chaos:crash FAILED (${failed} failures)`);
    process.exitCode = 1;
  } else console.log('\nchaos:crash: every check passed');
}

try {
  await main();
} catch (error) {
  console.error(
    `\nchaos:crash failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
} finally {
  await cleanUp();
}
