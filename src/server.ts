import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from './api/app.js';
import { InProcessConcurrencyLimiter } from './api/concurrency.js';
import type { ApiContext } from './api/context.js';
import { RedisLimits } from './api/redis-limits.js';
import { mountEmulators } from './channels/emulators.js';
import type { Emulator } from './channels/kit/emulator/index.js';
import { buildPingppApp } from './compat/pingpp/app.js';
import type { Config } from './config.js';
import { systemClock } from './domain/clock.js';
import { type DemoMerchant, prepareStore } from './prepare-store.js';
import { createRuntime, type Runtime } from './runtime.js';
import { schedulePurge } from './services/maintenance.js';
import { scheduleSettlementSweep } from './services/settlement.js';
import type { Store } from './store/index.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly runtime: Runtime;
  readonly url: string;
  /** Where the Ping++-compatible API listens (absent when its port is 0). */
  readonly pingppUrl?: string;
  /** The provider emulators mounted under /_emulators/<provider>, by provider (empty when turned off). */
  readonly emulators: ReadonlyMap<string, Emulator>;
  close(): Promise<void>;
}

/** Redis limits when POLYPAY_REDIS_URL is set; undefined otherwise (limits per process, no Redis). */
async function connectRedisLimits(config: Config): Promise<RedisLimits | undefined> {
  if (!config.redisUrl) return undefined;
  const limits = new RedisLimits(config.redisUrl, {
    keyPrefix: config.redisPrefix,
    leaseMs: config.redisLeaseMs,
  });
  try {
    await limits.connect();
  } catch (error) {
    await limits.close().catch(() => {});
    throw new Error(`cannot connect to Redis (POLYPAY_REDIS_URL): ${(error as Error).message}`, {
      cause: error,
    });
  }
  return limits;
}

export async function startServer(
  config: Config,
  options: { createDemo?: boolean } = {},
): Promise<RunningServer & { demo?: DemoMerchant }> {
  const redisLimits = await connectRedisLimits(config);
  const { store, box, demo } = await prepareStore(config, { createDemo: options.createDemo ?? true }).catch(
    async (error: unknown) => {
      await redisLimits?.close();
      throw error;
    },
  );
  const webhookTargets = { allowPrivateInTestMode: config.allowPrivateWebhookTargets };
  // Jobs run in the background: their failures go to the same JSON log as requests (bound once the
  // app, which owns the logger, exists; no job runs before that).
  let jobLog: FastifyBaseLogger | undefined;
  const runtime = createRuntime({
    onJobFailure: (failure) =>
      jobLog?.[failure.final ? 'error' : 'warn'](
        {
          job: failure.kind,
          job_id: failure.job_id,
          object: failure.object,
          merchant_id: failure.merchant_id,
          attempt: failure.attempt,
          error_code: failure.error,
        },
        failure.final ? 'job failed for good' : 'job failed; it will run again',
      ),
    onJobError: (error) => jobLog?.error({ err: error }, 'job runner error'),
    store,
    box,
    clock: systemClock,
    settings: { publicUrl: config.publicUrl },
    webhookTargets,
    webhookTimeoutMs: config.webhookTimeoutMs,
    readCacheTtlMs: config.readCacheTtlMs,
  });
  const ctx: ApiContext = {
    charges: runtime.charges,
    channels: runtime.channels,
    store,
    box,
    clock: systemClock,
    signatureToleranceSeconds: config.signatureToleranceSeconds,
    idempotencyTtlMs: config.idempotencyTtlMs,
    readCacheTtlMs: config.readCacheTtlMs,
    webhookTargets,
  };
  // One limiter for both listeners: an app's concurrency limit counts its requests on either.
  const limiter = new InProcessConcurrencyLimiter();
  const app = await buildApp(ctx, {
    limiter,
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers["x-polypay-signature"]'],
    },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    metrics: runtime.jobMetrics,
    metricsToken: config.metricsToken,
    publicRateLimit: config.publicRateLimit,
    ...(redisLimits ? { limiter: redisLimits.concurrency, rateCounter: redisLimits.rate } : {}),
    requestTimeoutMs: config.requestTimeoutMs,
    connectionTimeoutMs: config.connectionTimeoutMs,
  });
  jobLog = app.log.child({ component: 'jobs' });
  const emulators = config.emulators ? await mountEmulators(app) : new Map<string, Emulator>();
  if (emulators.size > 0) {
    // Where each mounted emulator answers and the credentials a channel configuration needs for it.
    app.get('/_emulators', { config: { auth: 'none' }, schema: { hide: true } }, async (request) => ({
      emulators: [...emulators].map(([provider, emulator]) => ({
        provider,
        base_url: `${request.protocol}://${request.host}/_emulators/${provider}`,
        credentials: emulator.credentials(),
      })),
    }));
  }
  const pingpp =
    config.pingppPort > 0
      ? await buildPingppApp(ctx, {
          logger: {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers["pingplusplus-signature"]'],
          },
          bodyLimit: config.bodyLimit,
          trustProxy: config.trustProxy,
          limiter,
          requestTimeoutMs: config.requestTimeoutMs,
          connectionTimeoutMs: config.connectionTimeoutMs,
        })
      : undefined;
  try {
    await app.listen({ host: config.host, port: config.port });
    await pingpp?.listen({ host: config.host, port: config.pingppPort });
    await scheduleSettlementSweep(runtime.charges);
    await schedulePurge({ store, clock: systemClock });
    runtime.jobs.start(config.jobPollMs);
  } catch (error) {
    await Promise.all([app.close(), pingpp?.close()]);
    await store.close();
    await redisLimits?.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const hostPart = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${hostPart}:${port}`;
  return {
    app,
    store,
    runtime,
    url,
    ...(pingpp ? { pingppUrl: `http://${hostPart}:${config.pingppPort}` } : {}),
    emulators,
    ...(demo ? { demo } : {}),
    /**
     * Stops taking work and finishes what was taken: no new connections, requests in flight answered,
     * running jobs finished (or handed back to other processes after the runner's grace period); then
     * the database is closed.
     */
    async close() {
      await Promise.all([app.close(), pingpp?.close(), runtime.jobs.stop()]);
      await Promise.all([store.close(), redisLimits?.close()]);
    },
  };
}
