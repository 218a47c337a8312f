import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import { dialectOf, type Store } from '../store/index.js';
import type { Job } from './queue.js';

export type JobOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'retry'; readonly at: number; readonly error?: string }
  | { readonly kind: 'failed'; readonly error: string };

export type JobHandler = (job: Job) => Promise<JobOutcome>;

export interface JobRunnerOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** How many jobs one poll claims. */
  readonly batchSize?: number;
  /** A claimed job not finished within this time is presumed lost with its worker and is claimed again. */
  readonly lockMs?: number;
  readonly onError?: (error: unknown, job: Job) => void;
}

/** Backoff for a handler that threw: 1 s, 2 s, 4 s … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Runs the jobs of the outbox. Jobs live in the database, so they survive restarts, and several
 * processes may run side by side on PostgreSQL: a job is claimed with `FOR UPDATE SKIP LOCKED`.
 */
export class JobRunner {
  readonly #options: JobRunnerOptions;
  readonly #workerId = `worker_${randomBytes(6).toString('hex')}`;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(options: JobRunnerOptions) {
    this.#options = options;
  }

  /** Claims and runs the jobs due now; answers how many ran. */
  async runDue(): Promise<number> {
    const { store, clock } = this.#options;
    const now = clock.now();
    const lockMs = this.#options.lockMs ?? 60_000;
    const db = store.db;
    const due = db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(this.#options.batchSize ?? 20)
      .$if(dialectOf(db) === 'postgres', (qb) => qb.forUpdate().skipLocked());
    const claimed = await db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: this.#workerId,
        locked_until: now + lockMs,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
    for (const job of claimed) await this.#run(job);
    return claimed.length;
  }

  /** Runs due jobs until none is left (tests step a manual clock between calls). */
  async runUntilIdle(maxRounds = 100): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round += 1) {
      const ran = await this.runDue();
      total += ran;
      if (ran === 0) break;
    }
    return total;
  }

  start(intervalMs = 500): void {
    if (this.#timer) return;
    const tick = () => {
      this.#running = this.runDue().catch((error: unknown) => {
        this.#options.onError?.(error, undefined as unknown as Job);
        return 0;
      });
      void this.#running.finally(() => {
        if (this.#timer) this.#timer = setTimeout(tick, intervalMs);
      });
    };
    this.#timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    const timer = this.#timer;
    this.#timer = undefined;
    if (timer) clearTimeout(timer);
    await this.#running;
  }

  async #run(job: Job): Promise<void> {
    const { store, clock, handlers } = this.#options;
    const handler = handlers[job.kind];
    let outcome: JobOutcome;
    if (!handler) {
      outcome = { kind: 'failed', error: `no handler for job kind ${job.kind}` };
    } else {
      try {
        outcome = await handler(job);
      } catch (error) {
        this.#options.onError?.(error, job);
        const message = error instanceof Error ? error.message : String(error);
        outcome =
          job.attempts >= job.max_attempts
            ? { kind: 'failed', error: message }
            : { kind: 'retry', at: clock.now() + backoffMs(job.attempts), error: message };
      }
    }
    const now = clock.now();
    const update =
      outcome.kind === 'done'
        ? { status: 'done' as const, last_error: null }
        : outcome.kind === 'retry'
          ? { status: 'pending' as const, run_at: outcome.at, last_error: outcome.error ?? null }
          : { status: 'failed' as const, last_error: outcome.error };
    await store.db
      .updateTable('jobs')
      .set({ ...update, locked_by: null, locked_until: null, updated_at: now })
      .where('id', '=', job.id)
      .where('locked_by', '=', this.#workerId)
      .execute();
  }
}
