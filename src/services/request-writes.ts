import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';

/**
 * Writes a request owes besides the use case's own: on SQLite, its nonce and its idempotency claim. A
 * use case that takes them runs them in its first unit of work, so that they commit together: one
 * commit, and so one wait for the disk, fewer per request. The caller writes whatever was not joined.
 */
export interface RequestWrites {
  /** Runs the pending writes in `db`'s unit; throws (the unit then rolls back) when the request is refused. */
  join(db: Kysely<Database>): Promise<void>;
  /** Whether the unit that joined them committed (if not, they are pending again). */
  settle(committed: boolean): void;
}

/**
 * Runs `unit` (one unit of work: a group-committed unit or a transaction) with `writes` joined to it:
 * `unit` calls the `join` it is given first thing inside its unit of work.
 */
export async function withRequestWrites<T>(
  writes: RequestWrites | undefined,
  unit: (join: (db: Kysely<Database>) => Promise<void>) => Promise<T>,
): Promise<T> {
  if (!writes) return unit(noWrites);
  try {
    const value = await unit((db) => writes.join(db));
    writes.settle(true);
    return value;
  } catch (error) {
    writes.settle(false);
    throw error;
  }
}

const noWrites = async () => {};
