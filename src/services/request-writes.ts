import type { Kysely } from 'kysely';
import type { Database, NonceAndKey, StatementPart } from '../store/index.js';

/**
 * Writes a request owes besides the use case's own: its nonce and idempotency claim (not written before
 * the use case runs) and its stored answer. A use case that takes them joins them to its own units of
 * work: the claim to its first, the answer to the one that decides it. Each commit waits for the disk
 * (and each PostgreSQL statement is a round trip), so every write joined is one fewer. Whatever a use
 * case does not join, the caller writes itself.
 */
export interface RequestWrites<R> {
  /** Runs the pending claim in `db`'s unit; throws (the unit then rolls back) when the request is refused. */
  join(db: Kysely<Database>): Promise<void>;
  /**
   * PostgreSQL: the pending claim, for a unit that is one statement without BEGIN/COMMIT to write with
   * its own (insertNewCharge takes it); undefined when none is pending, and always on SQLite, where
   * join() claims among the unit's statements. Joined like join(): settle() tells whether it committed.
   * When that statement refuses the claim, the use case runs join() in a unit of its own: it throws the
   * request's refusal (or takes a key freed meanwhile).
   */
  joinStatement(): NonceAndKey | undefined;
  /** Stores the request's answer to `result` in `db`'s unit (nothing when the answer is not kept). */
  answer(db: Kysely<Database>, result: R): Promise<void>;
  /**
   * The request's answer to `result` as a statement part to join to a unit that is one statement
   * without BEGIN/COMMIT (PostgreSQL); undefined when the answer is not kept. Staged like answer():
   * settle() keeps it when that statement committed, and forgets it when it did not.
   */
  answerStatement(db: Kysely<Database>, result: R): Promise<StatementPart | undefined>;
  /**
   * Whether `answer` ever writes in the unit it is given. When it does not (PostgreSQL: the answer is its
   * own statement after the COMMIT), a use case leaves it out, and a unit it would have joined may then
   * be a single statement.
   */
  readonly answersInUnit: boolean;
  /** Whether the unit that joined a claim or an answer committed (if not, they are pending again). */
  settle(committed: boolean): void;
}

/**
 * Runs `unit` (a unit of work: a group-committed unit or a transaction, which joins what it takes of
 * `writes` inside), then tells `writes` whether it committed.
 */
export async function withRequestWrites<T>(
  writes: Pick<RequestWrites<never>, 'settle'> | undefined,
  unit: () => Promise<T>,
): Promise<T> {
  if (!writes) return unit();
  try {
    const value = await unit();
    writes.settle(true);
    return value;
  } catch (error) {
    writes.settle(false);
    throw error;
  }
}
