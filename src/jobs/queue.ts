import type { Kysely, Selectable } from 'kysely';
import { newSortableId } from '../domain/ids.js';
import type { Database, JobsTable } from '../store/index.js';

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
  const id = newSortableId('job');
  await db
    .insertInto('jobs')
    .values({
      id,
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
    })
    .execute();
  return id;
}

export function jobPayload<T>(job: Job): T {
  return JSON.parse(job.payload) as T;
}
