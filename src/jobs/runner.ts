import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import type { Store } from '../store/index.js';
import { type JobMetrics, noJobMetrics } from './metrics.js';
import type { Job } from './queue.js';

export type JobOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'retry'; readonly at: number; readonly error?: string }
  | { readonly kind: 'failed'; readonly error: string };

export type JobHandler = (job: Job) => Promise<JobOutcome>;

/**
 * A lane runs some job kinds with workers of its own, so that slow work of one kind (a merchant's
 * webhook receiver that never answers) cannot hold up another (the query of an in-doubt charge).
 */
export interface JobLane {
  readonly name: string;
  /** The kinds this lane runs; the one lane without `kinds` runs every kind that no other lane names. */
  readonly kinds?: readonly string[];
  /** Jobs of this lane running at once in this process. */
  readonly concurrency: number;
  /** Jobs of one merchant running at once in this lane, so that one merchant cannot take every worker. */
  readonly perMerchant?: number;
}

export interface JobRunnerOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Default: one lane for every kind, 8 at once, 4 per merchant. */
  readonly lanes?: readonly JobLane[];
  /**
   * A claimed job's lock. It is extended every `lockMs / 3` while the job runs, so it can be short: a
   * process that dies leaves its jobs to others within this time.
   */
  readonly lockMs?: number;
  /** How long `stop()` waits for running jobs before it hands them back. */
  readonly stopGraceMs?: number;
  readonly metrics?: JobMetrics;
  readonly onError?: (error: unknown, job: Job | undefined) => void;
  /** Every run that did not succeed (retried or given up), thrown or answered: for the log. */
  readonly onFailure?: (failure: JobFailure) => void;
}

/** A run of a job that did not succeed. */
export interface JobFailure {
  readonly job_id: string;
  readonly kind: string;
  readonly merchant_id: string | null;
  /** The object the job works on (charge, refund, event…), from its payload, when it names one. */
  readonly object: string | undefined;
  readonly attempt: number;
  /** true: given up (status failed); false: it runs again later. */
  readonly final: boolean;
  readonly error: string;
}

/** The first id-like value of a job's payload: what a log line should name. */
export function objectOfPayload(payload: string): string | undefined {
  try {
    const parsed = JSON.parse(payload) as Record<string, unknown>;
    for (const key of [
      'charge_id',
      'chargeId',
      'refund_id',
      'refundId',
      'event_id',
      'eventId',
      'delivery_id',
      'deliveryId',
      'id',
    ]) {
      if (typeof parsed[key] === 'string') return parsed[key];
    }
  } catch {
    // A payload that is not JSON names nothing.
  }
  return undefined;
}

/** Backoff for a handler that threw: 1 s, 2 s, 4 s … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

const DEFAULT_LANES: readonly JobLane[] = [{ name: 'default', concurrency: 8, perMerchant: 4 }];

interface LaneState {
  readonly lane: JobLane;
  /** Running jobs of this lane by id, with their merchant. */
  readonly running: Map<string, string | null>;
  /** The last claim filled every free slot: more may be due at once. */
  saturated: boolean;
}

/**
 * Runs the jobs of the outbox. Jobs live in the database, so they survive restarts, and several
 * processes may run side by side: a job is claimed by one conditional UPDATE that re-checks it is still
 * due (PostgreSQL re-evaluates the condition on a row another process just claimed, so two never win).
 * Claimed jobs run concurrently, bounded per lane and per merchant; their locks are short and renewed
 * while they run.
 */
export class JobRunner {
  readonly #options: JobRunnerOptions;
  readonly #workerId = `worker_${randomBytes(6).toString('hex')}`;
  readonly #lanes: LaneState[];
  readonly #lockMs: number;
  readonly #metrics: JobMetrics;
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #started = false;
  #intervalMs = 500;

  constructor(options: JobRunnerOptions) {
    this.#options = options;
    const lanes = options.lanes ?? DEFAULT_LANES;
    if (lanes.filter((l) => !l.kinds).length !== 1) {
      throw new Error('exactly one job lane must be without kinds (it runs every other kind)');
    }
    this.#lanes = lanes.map((lane) => ({ lane, running: new Map(), saturated: false }));
    this.#lockMs = options.lockMs ?? 15_000;
    this.#metrics = options.metrics ?? noJobMetrics;
  }

  get workerId(): string {
    return this.#workerId;
  }

  /** Claims the jobs due now in every lane and waits for them; answers how many ran. */
  async runDue(): Promise<number> {
    const runs: Promise<void>[] = [];
    for (const state of this.#lanes) runs.push(...(await this.#claim(state)));
    await Promise.all(runs);
    return runs.length;
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

  /** Polls every `intervalMs`, and at once while a lane finds more due work than it has workers. */
  start(intervalMs = 500): void {
    if (this.#started) return;
    this.#started = true;
    this.#intervalMs = intervalMs;
    this.#schedule(intervalMs);
    const beat = Math.max(10, Math.floor(this.#lockMs / 3));
    this.#heartbeat = setInterval(() => void this.#extendLocks(), beat);
    this.#heartbeat.unref();
  }

  /**
   * Stops claiming, waits up to `stopGraceMs` (default 10 s) for running jobs, then hands back what is
   * still running so that another process takes it over at once rather than when its lock runs out.
   */
  async stop(): Promise<void> {
    this.#started = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#ticking;
    const grace = this.#options.stopGraceMs ?? 10_000;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#inFlight]),
      new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, grace);
      }),
    ]);
    if (timeout) clearTimeout(timeout);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    await this.#releaseHeld();
  }

  #schedule(delayMs: number): void {
    if (!this.#started) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#ticking = this.#tick();
    }, delayMs);
  }

  async #tick(): Promise<void> {
    try {
      for (const state of this.#lanes) await this.#claim(state);
    } catch (error) {
      this.#options.onError?.(error, undefined);
    }
    this.#schedule(this.#lanes.some((s) => s.saturated) ? 0 : this.#intervalMs);
  }

  /** Claims what this lane has room for, fairly across merchants, and starts running it. */
  async #claim(state: LaneState): Promise<Promise<void>[]> {
    const { lane } = state;
    const free = lane.concurrency - state.running.size;
    if (free <= 0) {
      state.saturated = false;
      return [];
    }
    const { store, clock } = this.#options;
    const db = store.db;
    const now = clock.now();
    const otherKinds = this.#lanes.flatMap((s) => (s.lane.kinds && s !== state ? s.lane.kinds : []));
    const candidates = await db
      .selectFrom('jobs')
      .select(['id', 'merchant_id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .$if(lane.kinds !== undefined, (qb) => qb.where('kind', 'in', lane.kinds as string[]))
      .$if(lane.kinds === undefined && otherKinds.length > 0, (qb) => qb.where('kind', 'not in', otherKinds))
      .orderBy('run_at')
      .limit(free * 4)
      .execute();
    const picked = pickFairly(candidates, free, state.running, lane.perMerchant ?? lane.concurrency);
    if (picked.length === 0) {
      state.saturated = false;
      return [];
    }
    const claimed = await db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: this.#workerId,
        locked_until: now + this.#lockMs,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', picked)
      // Re-checked by the UPDATE itself: a job another process claimed since the SELECT is not taken.
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .returningAll()
      .execute();
    state.saturated = claimed.length === free && candidates.length > picked.length;
    return claimed.map((job) => {
      this.#metrics.observeLag(job.kind, Math.max(0, now - job.run_at));
      state.running.set(job.id, job.merchant_id);
      const run = this.#run(job).finally(() => {
        state.running.delete(job.id);
        this.#inFlight.delete(run);
        // A worker came free while work was waiting: take the next job now, not at the next poll.
        if (state.saturated) this.#schedule(0);
      });
      this.#inFlight.add(run);
      return run;
    });
  }

  async #run(job: Job): Promise<void> {
    const { store, clock, handlers } = this.#options;
    const handler = handlers[job.kind];
    let outcome: JobOutcome;
    const started = Date.now();
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
    this.#metrics.observeRun(job.kind, outcome.kind, (Date.now() - started) / 1000);
    if (outcome.kind === 'failed' || (outcome.kind === 'retry' && outcome.error)) {
      this.#options.onFailure?.({
        job_id: job.id,
        kind: job.kind,
        merchant_id: job.merchant_id,
        object: objectOfPayload(String(job.payload)),
        attempt: job.attempts,
        final: outcome.kind === 'failed',
        error: outcome.error ?? 'unknown',
      });
    }
    const now = clock.now();
    const update =
      outcome.kind === 'done'
        ? { status: 'done' as const, last_error: null }
        : outcome.kind === 'retry'
          ? { status: 'pending' as const, run_at: outcome.at, last_error: outcome.error ?? null }
          : { status: 'failed' as const, last_error: outcome.error };
    try {
      await store.db
        .updateTable('jobs')
        .set({ ...update, locked_by: null, locked_until: null, updated_at: now })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.#workerId)
        .execute();
    } catch (error) {
      // The job stays locked to us and runs again when its lock runs out: handlers are idempotent.
      this.#options.onError?.(error, job);
    }
  }

  /** The heartbeat: pushes the locks of the jobs still running here forward. */
  async #extendLocks(): Promise<void> {
    const ids = this.#lanes.flatMap((s) => [...s.running.keys()]);
    if (ids.length === 0) return;
    try {
      await this.#options.store.db
        .updateTable('jobs')
        .set({ locked_until: this.#options.clock.now() + this.#lockMs })
        .where('id', 'in', ids)
        .where('locked_by', '=', this.#workerId)
        .where('status', '=', 'running')
        .execute();
    } catch (error) {
      this.#options.onError?.(error, undefined);
    }
  }

  /** Hands back every job this process still holds, due at once. */
  async #releaseHeld(): Promise<void> {
    const db = this.#options.store.db;
    const now = this.#options.clock.now();
    try {
      await db
        .updateTable('jobs')
        .set({ status: 'pending', locked_by: null, locked_until: null, run_at: now, updated_at: now })
        .where('locked_by', '=', this.#workerId)
        .where('status', '=', 'running')
        .execute();
    } catch (error) {
      this.#options.onError?.(error, undefined);
    }
  }
}

/**
 * Chooses up to `free` jobs from candidates in due order, one merchant at a time in turn, never
 * letting a merchant pass `perMerchant` running jobs.
 */
export function pickFairly(
  candidates: readonly { readonly id: string; readonly merchant_id: string | null }[],
  free: number,
  running: ReadonlyMap<string, string | null>,
  perMerchant: number,
): string[] {
  const busy = new Map<string | null, number>();
  for (const merchant of running.values()) busy.set(merchant, (busy.get(merchant) ?? 0) + 1);
  const queues = new Map<string | null, string[]>();
  for (const job of candidates) {
    if (running.has(job.id)) continue;
    const queue = queues.get(job.merchant_id);
    if (queue) queue.push(job.id);
    else queues.set(job.merchant_id, [job.id]);
  }
  const picked: string[] = [];
  while (picked.length < free) {
    let progressed = false;
    for (const [merchant, queue] of queues) {
      if (picked.length >= free) break;
      // Jobs without a merchant (platform work) are not capped.
      if (merchant !== null && (busy.get(merchant) ?? 0) >= perMerchant) continue;
      const id = queue.shift();
      if (id === undefined) continue;
      picked.push(id);
      busy.set(merchant, (busy.get(merchant) ?? 0) + 1);
      progressed = true;
    }
    if (!progressed) break;
  }
  return picked;
}
