import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.js';
import { type DemoMerchant, prepareStore } from '../server.js';

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
): Promise<void> {
  if (config.databaseUrl.endsWith(':memory:')) {
    throw new Error('--workers needs a database the workers can share (PostgreSQL, or a SQLite file)');
  }
  const { store, demo } = await prepareStore(config, { createDemo: true });
  await store.close();

  let stopping = false;
  let ready = false;
  let listening = 0;
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (message: unknown) => {
      if (!isListening(message) || ready) return;
      // Ready once every worker listens: until then a worker's death could close the shared port.
      listening += 1;
      if (listening < workers) return;
      ready = true;
      onReady(message.url, demo);
      out(`${workers} worker processes share ${message.url}`);
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
