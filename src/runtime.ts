import type { ProviderTable } from './channels/providers.js';
import { type Channels, createChannels } from './channels/registry.js';
import type { Clock } from './domain/clock.js';
import { JobRunner } from './jobs/runner.js';
import { type ChargeDeps, type ChargeSettings, DEFAULT_CHARGE_SETTINGS } from './services/charges/deps.js';
import { chargeJobHandlers } from './services/charges/resolve-jobs.js';
import { settlementJobHandlers } from './services/settlement.js';
import { webhookJobHandlers } from './services/webhooks/delivery.js';
import type { SecretBox, Store } from './store/index.js';

export interface Runtime {
  readonly channels: Channels;
  readonly charges: ChargeDeps;
  /** The outbox: in-doubt resolution, webhook delivery, settlement. */
  readonly jobs: JobRunner;
}

/** Wires the services of one polypay process around its store and clock (the composition root). */
export function createRuntime(options: {
  store: Store;
  box: SecretBox;
  clock: Clock;
  settings?: Partial<ChargeSettings>;
  /** The providers configurations may name (default: every connector polypay ships with). */
  providers?: ProviderTable;
  onJobError?: (error: unknown) => void;
}): Runtime {
  const { store, box, clock } = options;
  const settings = { ...DEFAULT_CHARGE_SETTINGS, ...options.settings };
  const channels = createChannels({
    store,
    box,
    clock,
    publicUrl: settings.publicUrl,
    ...(options.providers ? { providers: options.providers } : {}),
  });
  const charges: ChargeDeps = { store, clock, channels, settings };
  const jobs = new JobRunner({
    store,
    clock,
    handlers: {
      ...chargeJobHandlers(charges),
      ...settlementJobHandlers(charges),
      ...webhookJobHandlers({ store, box, clock }),
    },
    ...(options.onJobError ? { onError: options.onJobError } : {}),
  });
  return { channels, charges, jobs };
}
