import { Histogram, type Metric } from 'prom-client';

/** What the job runner reports: how late jobs start (lag) and how long they run, per kind. */
export interface JobMetrics {
  /** Milliseconds between a job's due time and its claim. */
  observeLag(kind: string, lagMs: number): void;
  observeRun(kind: string, outcome: 'done' | 'retry' | 'failed', seconds: number): void;
}

export const noJobMetrics: JobMetrics = { observeLag() {}, observeRun() {} };

/**
 * Prometheus histograms for the job runner, registered in no registry: the API's registry adds them,
 * so that each process (and each test) keeps its own.
 */
export function createJobMetrics(): JobMetrics & { readonly metrics: readonly Metric[] } {
  const lag = new Histogram({
    name: 'polypay_job_lag_seconds',
    help: 'Time from a job being due to a worker claiming it, by job kind',
    labelNames: ['kind'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 300],
    registers: [],
  });
  const run = new Histogram({
    name: 'polypay_job_run_seconds',
    help: 'Time a job ran, by job kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
    registers: [],
  });
  return {
    metrics: [lag, run],
    observeLag: (kind, lagMs) => lag.observe({ kind }, lagMs / 1000),
    observeRun: (kind, outcome, seconds) => run.observe({ kind, outcome }, seconds),
  };
}
