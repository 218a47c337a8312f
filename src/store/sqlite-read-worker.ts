import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * A read-only SQLite connection in a worker thread, for the few reads that scan a whole table (the
 * charges gauge of /metrics): better-sqlite3 runs a query on the thread that calls it, so such a scan
 * on the main connection would stop every request for as long as it takes (about 0.2 s at 500,000
 * charges). WAL lets this second connection read while the main one writes; it sees committed data.
 */
export class SqliteReadWorker {
  readonly #filename: string;
  #worker: Worker | undefined;
  #nextId = 0;
  readonly #pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (e: Error) => void }>();

  constructor(filename: string) {
    this.#filename = filename;
  }

  /** Runs one read statement (`?` placeholders) and answers its rows. */
  all<R>(sql: string, parameters: readonly unknown[]): Promise<R[]> {
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise<R[]>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
      worker.postMessage({ id, sql, parameters });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    // Plain CommonJS evaluated in the worker: the same from src/ (tsx) and from dist/.
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        filename: this.#filename,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
    });
    worker.unref();
    worker.on('message', (message: { id: number; rows?: unknown[]; error?: string }) => {
      const waiting = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.rows ?? []);
    });
    const failAll = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const waiting of this.#pending.values()) waiting.reject(error);
      this.#pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`SQLite read worker exited (${code})`)));
    this.#worker = worker;
    return worker;
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    parentPort.postMessage({ id, rows: db.prepare(sql).all(parameters) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;
