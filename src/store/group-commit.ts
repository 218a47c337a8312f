import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

// Compiled once: a charge runs several units, each with a savepoint and its release.
const BEGIN = CompiledQuery.raw('begin immediate');
const SAVEPOINT = CompiledQuery.raw('savepoint unit');
const RELEASE = CompiledQuery.raw('release unit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to unit');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

type Work<T> = (trx: Kysely<Database>) => Promise<T>;

interface Unit {
  readonly work: Work<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown };

export interface GroupCommitStats {
  /** Transactions committed. */
  batches: number;
  /** Units of work committed in them. */
  units: number;
}

/**
 * Group commit for SQLite. Every commit waits for the disk, and a process has one connection, so
 * requests that arrive together would commit one after another. Here the units of work queued while a
 * batch runs (and while its log is flushed: wal-flush.ts) go into the next batch: one
 * `BEGIN IMMEDIATE … COMMIT`, each unit in its own savepoint, so a unit that fails rolls back alone and
 * the others still commit. No caller is answered before its batch is durable. The next batch waits for
 * that too: running it during the flush was measured to halve the units per commit and cost more CPU
 * per charge than it saved.
 */
export class SqliteGroupCommitter {
  readonly #db: Kysely<Database>;
  readonly #maxBatch: number;
  #queue: Unit[] = [];
  #draining = false;
  readonly stats: GroupCommitStats = { batches: 0, units: 0 };

  constructor(db: Kysely<Database>, maxBatch = 128) {
    this.#db = db;
    this.#maxBatch = maxBatch;
  }

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        // better-sqlite3 runs a batch without yielding to I/O, so requests whose data is waiting on their
        // sockets could never join it: let the event loop turn once, and take every unit queued meanwhile.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.#queue.splice(0, this.#maxBatch);
        let outcomes: Outcome[];
        try {
          outcomes = await this.#commit(batch);
        } catch (error) {
          // The COMMIT itself failed: nothing of the batch is durable.
          for (const unit of batch) unit.reject(error);
          continue;
        }
        this.stats.batches += 1;
        this.stats.units += outcomes.filter((o) => o.ok).length;
        outcomes.forEach((outcome, i) => {
          const unit = batch[i]!;
          if (outcome.ok) unit.resolve(outcome.value);
          else unit.reject(outcome.error);
        });
      }
    } finally {
      this.#draining = false;
    }
  }

  /**
   * A unit alone in its batch (the usual case at low load) runs without a savepoint: when it fails, the
   * transaction, which holds only it, rolls back. Two statements fewer.
   */
  #commit(batch: readonly Unit[]): Promise<Outcome[]> {
    const alone = batch.length === 1;
    return this.#db.connection().execute(async (conn) => {
      await conn.executeQuery(BEGIN);
      const outcomes: Outcome[] = [];
      try {
        for (const unit of batch) {
          if (!alone) await conn.executeQuery(SAVEPOINT);
          try {
            const value = await unit.work(conn);
            if (!alone) await conn.executeQuery(RELEASE);
            outcomes.push({ ok: true, value });
          } catch (error) {
            if (alone) {
              await conn.executeQuery(ROLLBACK);
              return [{ ok: false, error }];
            }
            await conn.executeQuery(ROLLBACK_TO);
            await conn.executeQuery(RELEASE);
            outcomes.push({ ok: false, error });
          }
        }
        await conn.executeQuery(COMMIT);
      } catch (error) {
        await conn.executeQuery(ROLLBACK).catch(() => {});
        throw error;
      }
      return outcomes;
    });
  }
}
