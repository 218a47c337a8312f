import { sql } from 'kysely';
import { Counter, Gauge, type Metric } from 'prom-client';
import type { Clock } from '../domain/clock.js';
import type { Store } from '../store/index.js';

/**
 * What is stored, read from the database when /metrics is scraped: jobs due, running and failed,
 * webhook deliveries pending and due, charges by status and channel.
 *
 * Gauges read on scrape rather than counters kept in memory: the database is the one truth that every
 * process shares and that survives a restart, so each instance reports the same correct numbers
 * (aggregate them across instances with max, not sum). A counter bumped in memory on each state
 * change would see only the transitions of its own process, start again from zero at each restart
 * and miss changes made by another process or by the CLI.
 *
 * The queries are grouped counts: jobs and deliveries over the `(status, …)` indexes, restricted to
 * open work (done jobs and succeeded deliveries are not read); charges by one grouped count per scrape,
 * which on SQLite runs in a worker thread on its own read-only connection (Store.scan).
 * The gauges of one scrape share one read.
 */
export interface StateMetricsOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** The lane of a job kind, as the runner's lanes assign them. */
  readonly laneOf: (kind: string) => string;
}

interface Snapshot {
  jobs: { kind: string; status: string; due: number; count: number }[];
  deliveries: { status: string; due: number; count: number }[];
  charges: { status: string; channel: string | null; count: number }[];
}

export function createStateMetrics(options: StateMetricsOptions): Metric[] {
  const { store, clock } = options;
  let inFlight: Promise<Snapshot> | undefined;
  // One read per scrape: the three gauges collect at the same time and share it.
  const snapshot = (): Promise<Snapshot> => {
    inFlight ??= read(store, clock.now()).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const jobs = new Gauge({
    name: 'polypay_jobs',
    help: 'Jobs of the outbox by kind, lane and state: due (pending and due now), running, failed (given up)',
    labelNames: ['kind', 'lane', 'state'] as const,
    registers: [],
    async collect() {
      const { jobs: rows } = await snapshot();
      this.reset();
      for (const row of rows) {
        const labels = { kind: row.kind, lane: options.laneOf(row.kind) };
        if (row.status === 'pending') this.inc({ ...labels, state: 'due' }, row.due);
        else this.inc({ ...labels, state: row.status }, row.count);
      }
    },
  });
  const deliveries = new Gauge({
    name: 'polypay_webhook_deliveries',
    help: 'Webhook deliveries not yet settled: pending (waiting for an attempt), due (pending and due now)',
    labelNames: ['state'] as const,
    registers: [],
    async collect() {
      const { deliveries: rows } = await snapshot();
      this.reset();
      this.set({ state: 'pending' }, 0);
      this.set({ state: 'due' }, 0);
      for (const row of rows) {
        this.inc({ state: 'pending' }, row.count);
        this.inc({ state: 'due' }, row.due);
      }
    },
  });
  const charges = new Gauge({
    name: 'polypay_charges',
    help: 'Stored charges by status and channel',
    labelNames: ['status', 'channel'] as const,
    registers: [],
    async collect() {
      const { charges: rows } = await snapshot();
      this.reset();
      for (const row of rows) this.set({ status: row.status, channel: row.channel ?? 'none' }, row.count);
    },
  });
  return [jobs, deliveries, charges];
}

async function read(store: Store, now: number): Promise<Snapshot> {
  const db = store.db;
  const dueNow = (column: 'run_at' | 'next_attempt_at') =>
    sql<number>`sum(case when ${sql.ref(column)} <= ${now} then 1 else 0 end)`;
  const [jobs, deliveries, charges] = await Promise.all([
    db
      .selectFrom('jobs')
      .select((eb) => ['kind', 'status', dueNow('run_at').as('due'), eb.fn.countAll<number>().as('count')])
      .where('status', 'in', ['pending', 'running', 'failed'])
      .groupBy(['kind', 'status'])
      .execute(),
    db
      .selectFrom('webhook_deliveries')
      .select((eb) => ['status', dueNow('next_attempt_at').as('due'), eb.fn.countAll<number>().as('count')])
      .where('status', '=', 'pending')
      .groupBy('status')
      .execute(),
    // The one read that grows with the data: off the request thread on SQLite (Store.scan).
    store.scan(
      db
        .selectFrom('charges')
        .select((eb) => ['status', 'channel', eb.fn.countAll<number>().as('count')])
        .groupBy(['status', 'channel']),
    ),
  ]);
  // PostgreSQL answers counts and sums as strings (bigint).
  return {
    jobs: jobs.map((r) => ({
      kind: r.kind,
      status: r.status,
      due: Number(r.due ?? 0),
      count: Number(r.count),
    })),
    deliveries: deliveries.map((r) => ({
      status: r.status,
      due: Number(r.due ?? 0),
      count: Number(r.count),
    })),
    charges: charges.map((r) => ({ status: r.status, channel: r.channel, count: Number(r.count) })),
  };
}

/**
 * Webhook attempts by outcome, counted as they happen: an attempt is an event, not a state, so a
 * counter is the right kind. Each process counts its own attempts; Prometheus sums them across
 * instances and its `rate()` understands a counter that restarts from zero.
 */
export function createWebhookAttemptCounter(): Counter<'outcome'> {
  return new Counter({
    name: 'polypay_webhook_attempts_total',
    help: 'Webhook delivery attempts by outcome: succeeded, http_error, timeout, connection_refused…',
    labelNames: ['outcome'] as const,
    registers: [],
  });
}
