import type { Metric } from 'prom-client';
import type { ProviderTable } from './channels/providers.js';
import { type Channels, createChannels } from './channels/registry.js';
import { pingppEventOf } from './compat/pingpp/requests.js';
import type { Clock } from './domain/clock.js';
import { createJobMetrics } from './jobs/metrics.js';
import { type JobFailure, type JobLane, JobRunner } from './jobs/runner.js';
import { deductionRefundJobHandlers } from './services/agreements/deduction-refunds.js';
import { type ChargeDeps, type ChargeSettings, DEFAULT_CHARGE_SETTINGS } from './services/charges/deps.js';
import { chargeJobHandlers } from './services/charges/resolve-jobs.js';
import { WEBHOOK_DELIVER_JOB } from './services/events.js';
import { maintenanceJobHandlers } from './services/maintenance.js';
import { settlementJobHandlers } from './services/settlement.js';
import { createStateMetrics, createWebhookAttemptCounter } from './services/state-metrics.js';
import { transferJobHandlers } from './services/transfers/resolve-job.js';
import { webhookJobHandlers } from './services/webhooks/delivery.js';
import type { WebhookTargetPolicy } from './services/webhooks/target-policy.js';
import type { SecretBox, Store } from './store/index.js';

export interface Runtime {
  readonly channels: Channels;
  readonly charges: ChargeDeps;
  /** The outbox: in-doubt resolution, webhook delivery, settlement. */
  readonly jobs: JobRunner;
  /** The job runner's Prometheus metrics, for the API's /metrics. */
  readonly jobMetrics: readonly Metric[];
}

/**
 * Webhook deliveries wait on merchants' receivers, which may hang: they get workers of their own, few
 * per merchant, so that they never hold up the resolution of in-doubt charges or settlement.
 */
export const JOB_LANES: readonly JobLane[] = [
  { name: 'resolution', concurrency: 16, perMerchant: 12 },
  { name: 'webhooks', kinds: [WEBHOOK_DELIVER_JOB], concurrency: 8, perMerchant: 2 },
];

/** Wires the services of one polypay process around its store and clock (the composition root). */
export function createRuntime(options: {
  store: Store;
  box: SecretBox;
  clock: Clock;
  settings?: Partial<ChargeSettings>;
  /** The providers configurations may name (default: every connector polypay ships with). */
  providers?: ProviderTable;
  onJobError?: (error: unknown) => void;
  onJobFailure?: (failure: JobFailure) => void;
  /** Which webhook targets may be reached (default: public addresses only). */
  webhookTargets?: WebhookTargetPolicy;
  /** Deadline of one webhook attempt (default 10 s). */
  webhookTimeoutMs?: number;
  /** How long an app's enabled channel configurations are cached (default 2 s; 0: not cached). */
  readCacheTtlMs?: number;
}): Runtime {
  const { store, box, clock } = options;
  const settings = { ...DEFAULT_CHARGE_SETTINGS, ...options.settings };
  const channels = createChannels({
    store,
    box,
    clock,
    publicUrl: settings.publicUrl,
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.readCacheTtlMs !== undefined ? { readCacheTtlMs: options.readCacheTtlMs } : {}),
  });
  const charges: ChargeDeps = { store, clock, channels, settings };
  const metrics = createJobMetrics();
  const attempts = createWebhookAttemptCounter();
  const laneOf = (kind: string): string =>
    (JOB_LANES.find((lane) => lane.kinds?.includes(kind)) ?? JOB_LANES.find((lane) => !lane.kinds))!.name;
  const jobs = new JobRunner({
    store,
    clock,
    lanes: JOB_LANES,
    metrics,
    handlers: {
      ...chargeJobHandlers(charges),
      ...settlementJobHandlers(charges),
      ...transferJobHandlers({ store, clock, payouts: channels }),
      ...deductionRefundJobHandlers({ store, clock, channels }),
      ...webhookJobHandlers({
        store,
        box,
        clock,
        ...(options.webhookTargets ? { targets: options.webhookTargets } : {}),
        ...(options.webhookTimeoutMs ? { timeoutMs: options.webhookTimeoutMs } : {}),
        onAttempt: (outcome) => attempts.inc({ outcome }),
        pingppEvent: pingppEventOf,
      }),
      ...maintenanceJobHandlers({ store, clock }),
    },
    ...(options.onJobError ? { onError: options.onJobError } : {}),
    ...(options.onJobFailure ? { onFailure: options.onJobFailure } : {}),
  });
  const state = createStateMetrics({ store, clock, laneOf });
  return { channels, charges, jobs, jobMetrics: [...metrics.metrics, attempts, ...state] };
}
