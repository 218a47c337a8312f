import type { Kysely, Selectable } from 'kysely';
import { newSortableId } from '../domain/ids.js';
import {
  type Database,
  isUniqueViolation,
  type JobsTable,
  type NewJob,
  precompiled,
} from '../store/index.js';

export type Job = Selectable<JobsTable>;

export interface EnqueueJobInput {
  readonly merchantId: string | null;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly runAt: number;
  readonly now: number;
  readonly maxAttempts?: number;
}

/**
 * Adds a job to the outbox. Called with the transaction of the state change that needs it, so the job
 * exists if and only if the change committed (DESIGN invariant 2).
 */
export async function enqueueJob(db: Kysely<Database>, input: EnqueueJobInput): Promise<string> {
  const job = newJobRow(input);
  await insertJob(db, job);
  return job.id;
}

const insertJob = precompiled((db, job: NewJob) => db.insertInto('jobs').values(job));

/** The row enqueueJob writes, for a caller that writes it within a statement of its own. */
export function newJobRow(input: EnqueueJobInput): NewJob & { readonly id: string } {
  return {
    id: newSortableId('job'),
    merchant_id: input.merchantId,
    kind: input.kind,
    payload: JSON.stringify(input.payload),
    run_at: input.runAt,
    max_attempts: input.maxAttempts ?? 25,
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: input.now,
    updated_at: input.now,
  };
}

/**
 * Schedules a platform job (no merchant) unless one of its kind is pending or running. Every process
 * calls this at start; a unique index (migration 013) turns the race of two starting together into one
 * job, the loser's insert failing as "already scheduled".
 */
export async function scheduleSingletonJob(db: Kysely<Database>, kind: string, now: number): Promise<void> {
  const pending = await db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', kind)
    .where('merchant_id', 'is', null)
    .where('status', 'in', ['pending', 'running'])
    .executeTakeFirst();
  if (pending) return;
  try {
    await enqueueJob(db, { merchantId: null, kind, payload: {}, runAt: now, now });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

export function jobPayload<T>(job: Job): T {
  return JSON.parse(job.payload) as T;
}
