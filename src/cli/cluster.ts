import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.js';
import { type DemoMerchant, prepareStore } from '../prepare-store.js';
import { DEFAULT_PG_POOL_MAX } from '../store/open-store.js';

/** What a worker tells the primary once it listens. */
interface ListeningMessage {
  readonly type: 'polypay:listening';
  readonly url: string;
}

function isListening(message: unknown): message is ListeningMessage {
  return (message as ListeningMessage | undefined)?.type === 'polypay:listening';
}

/** A worker process of `polypay serve --workers N` reports its address to the primary. */
export function reportListening(url: string): void {
  process.send?.({ type: 'polypay:listening', url } satisfies ListeningMessage);
}

/**
 * The PostgreSQL connections each of `workers` processes may open. An operator's setting
 * (--pg-pool-max, POLYPAY_PG_POOL_MAX) is per process, as documented; without one, the default is the
 * machine's and is shared out, so that N processes open no more than one process would (never fewer
 * than 2 each: a job and a request at once).
 */
export function workerPoolMax(workers: number, operatorSetting: number | undefined): number {
  if (operatorSetting !== undefined) return operatorSetting;
  return Math.max(2, Math.ceil(DEFAULT_PG_POOL_MAX / workers));
}

/**
 * `polypay serve --workers N`: N gateway processes on one machine sharing one port (node:cluster) and one
 * database. The primary migrates the database and creates the demo merchant once, then forks the workers;
 * each runs the whole gateway (HTTP and jobs: jobs are claimed by a conditional UPDATE, so each runs once).
 * A worker that dies is replaced; SIGTERM/SIGINT stop the workers gracefully, then the primary.
 */
export async function serveCluster(
  config: Config,
  workers: number,
  out: (line: string) => void,
  onReady: (url: string, demo: DemoMerchant | undefined) => void,
  poolSetByOperator = false,
): Promise<void> {
  if (config.databaseUrl.endsWith(':memory:')) {
    throw new Error('--workers needs a database the workers can share (PostgreSQL, or a SQLite file)');
  }
  const { store, demo } = await prepareStore(config, { createDemo: true });
  await store.close();

  const postgres = store.dialect === 'postgres';
  const poolMax = workerPoolMax(workers, poolSetByOperator ? config.pgPoolMax : undefined);
  let stopping = false;
  let ready = false;
  let listening = 0;
  const fork = (): Worker => {
    // A worker reads its settings again from the same argv and environment, plus its share of the pool.
    const worker = cluster.fork({ POLYPAY_PG_POOL_MAX: String(poolMax) });
    worker.on('message', (message: unknown) => {
      if (!isListening(message) || ready) return;
      // Ready once every worker listens: until then a worker's death could close the shared port.
      listening += 1;
      if (listening < workers) return;
      ready = true;
      onReady(message.url, demo);
      const pool = postgres ? `, each with up to ${poolMax} PostgreSQL connections` : '';
      out(`${workers} worker processes share ${message.url}${pool}`);
    });
    return worker;
  };
  for (let i = 0; i < workers; i += 1) fork();

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        out('stopped');
        process.exit(0);
      }
      return;
    }
    if (!ready) {
      // A worker that cannot start (port taken, database gone) would fail again: stop everything.
      out(`worker ${worker.process.pid} failed to start (${signal ?? `exit code ${code}`}); stopping`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    out(`worker ${worker.process.pid} exited (${signal ?? `exit code ${code}`}); starting another`);
    fork();
  });

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    out(`received ${signal}: stopping the workers (each finishes its requests and jobs in flight)`);
    setTimeout(() => {
      process.stderr.write(`polypay: shutdown took over ${config.shutdownTimeoutMs} ms; exiting\n`);
      process.exit(1);
    }, config.shutdownTimeoutMs + 2_000).unref();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
