import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PG_POOL_MAX } from './store/open-store.js';
import { DEFAULT_READ_CACHE_TTL_MS } from './store/read-cache.js';

/**
 * The data directory (SQLite database and master key) when POLYPAY_DATA_DIR is not set: `data/` of the
 * polypay installation, not of the working directory, so every command finds the same database.
 */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../data', import.meta.url));

/** Runtime settings of one polypay process, from flags, then env, then defaults. */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** Port of the Ping++-compatible listener (0: none); default the main port + 1 (none when that is 0). */
  readonly pingppPort: number;
  readonly databaseUrl: string;
  /** Where the SQLite database and the master key live by default (env POLYPAY_DATA_DIR). */
  readonly dataDir: string;
  /** Which proxies' X-Forwarded-For to believe: false (none), true (any), hop count, or addresses/CIDRs. */
  readonly trustProxy: boolean | number | string;
  /** Where the master key is kept when `POLYPAY_MASTER_KEY` is not set. */
  readonly masterKeyFile: string;
  readonly logLevel: string;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimit: number;
  /** Allowed clock skew of signed requests, in seconds. */
  readonly signatureToleranceSeconds: number;
  /** How long an Idempotency-Key is remembered. */
  readonly idempotencyTtlMs: number;
  /** The gateway's own base URL, as buyers and merchants reach it (sandbox pay pages). */
  readonly publicUrl: string;
  /** How often the job runner looks for due jobs. */
  readonly jobPollMs: number;
  /** Test-mode apps may send webhooks to loopback and private addresses (local demo). Off by default. */
  readonly allowPrivateWebhookTargets: boolean;
  /** Deadline of one webhook attempt: connect, headers and body. */
  readonly webhookTimeoutMs: number;
  /** Bearer token that /metrics requires; unset: /metrics is refused. */
  readonly metricsToken: string | undefined;
  /** Requests per minute per client IP on unauthenticated routes (0: no limit). */
  readonly publicRateLimit: number;
  /** A request must be received completely within this time (0: no limit). */
  readonly requestTimeoutMs: number;
  /** A connection idle this long is closed (0: never). */
  readonly connectionTimeoutMs: number;
  /** Mount the provider emulators under /_emulators/<provider> (env POLYPAY_EMULATORS=off to leave them out). */
  readonly emulators: boolean;
  /** How long a SIGTERM/SIGINT may take to finish requests and jobs in flight before the process exits. */
  readonly shutdownTimeoutMs: number;
  /** Redis shared by every process (env POLYPAY_REDIS_URL): cluster-wide concurrency and rate limits. */
  readonly redisUrl: string | undefined;
  /** Prefix of polypay's Redis keys (env POLYPAY_REDIS_PREFIX, default `polypay:`). */
  readonly redisPrefix: string;
  /** How long a Redis concurrency lease outlives a process that died (env POLYPAY_REDIS_LEASE_MS). */
  readonly redisLeaseMs: number;
  /**
   * How long an API key's answer and an app's channel configurations are cached per process (0: not
   * cached): the longest a change made by another process takes to apply here.
   */
  readonly readCacheTtlMs: number;
  /**
   * PostgreSQL connections each process opens at most (env POLYPAY_PG_POOL_MAX, default 10). All the
   * processes' together are what the database serves: see docs/scaling.md.
   */
  readonly pgPoolMax: number;
}

export interface ConfigOverrides {
  host?: string | undefined;
  port?: number | string | undefined;
  pingppPort?: number | string | undefined;
  databaseUrl?: string | undefined;
  logLevel?: string | undefined;
  allowPrivateWebhookTargets?: boolean | undefined;
  webhookTimeoutMs?: number | string | undefined;
  metricsToken?: string | undefined;
  publicRateLimit?: number | string | undefined;
  requestTimeoutMs?: number | string | undefined;
  connectionTimeoutMs?: number | string | undefined;
  readCacheTtlMs?: number | string | undefined;
  pgPoolMax?: number | string | undefined;
}

function integer(name: string, value: number | string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new Error(`invalid ${name}: ${String(value)} (expected an integer ≥ ${min})`);
  }
  return parsed;
}

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new Error(`invalid ${name}: ${value} (expected true or false)`);
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(overrides.port ?? env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port: ${String(overrides.port ?? env.PORT)} (expected 0-65535)`);
  }
  const pingppPort = Number(overrides.pingppPort ?? env.POLYPAY_PINGPP_PORT ?? (port === 0 ? 0 : port + 1));
  if (!Number.isInteger(pingppPort) || pingppPort < 0 || pingppPort > 65535) {
    throw new Error(
      `invalid Ping++ port: ${String(overrides.pingppPort ?? env.POLYPAY_PINGPP_PORT)} (expected 0-65535)`,
    );
  }
  const metricsToken = overrides.metricsToken ?? env.POLYPAY_METRICS_TOKEN;
  const dataDir = resolve(env.POLYPAY_DATA_DIR || DEFAULT_DATA_DIR);
  return {
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port,
    pingppPort,
    dataDir,
    databaseUrl: overrides.databaseUrl ?? env.POLYPAY_DATABASE_URL ?? `sqlite:${join(dataDir, 'polypay.db')}`,
    masterKeyFile: env.POLYPAY_MASTER_KEY_FILE ?? join(dataDir, 'master.key'),
    trustProxy: parseTrustProxy(env.POLYPAY_TRUST_PROXY),
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
    bodyLimit: 256 * 1024,
    signatureToleranceSeconds: 300,
    idempotencyTtlMs: 24 * 60 * 60 * 1000,
    publicUrl: env.POLYPAY_PUBLIC_URL ?? `http://${overrides.host ?? env.HOST ?? '127.0.0.1'}:${port}`,
    jobPollMs: 250,
    allowPrivateWebhookTargets:
      overrides.allowPrivateWebhookTargets ??
      flag('POLYPAY_ALLOW_PRIVATE_WEBHOOK_TARGETS', env.POLYPAY_ALLOW_PRIVATE_WEBHOOK_TARGETS),
    webhookTimeoutMs: integer(
      'webhook timeout',
      overrides.webhookTimeoutMs ?? env.POLYPAY_WEBHOOK_TIMEOUT_MS,
      10_000,
      100,
    ),
    metricsToken: metricsToken === undefined || metricsToken === '' ? undefined : metricsToken,
    publicRateLimit: integer(
      'public rate limit',
      overrides.publicRateLimit ?? env.POLYPAY_PUBLIC_RATE_LIMIT,
      300,
      0,
    ),
    requestTimeoutMs: integer(
      'request timeout',
      overrides.requestTimeoutMs ?? env.POLYPAY_REQUEST_TIMEOUT_MS,
      30_000,
      0,
    ),
    connectionTimeoutMs: integer(
      'connection timeout',
      overrides.connectionTimeoutMs ?? env.POLYPAY_CONNECTION_TIMEOUT_MS,
      60_000,
      0,
    ),
    emulators: !['off', 'false', '0', 'no'].includes((env.POLYPAY_EMULATORS ?? 'on').trim().toLowerCase()),
    shutdownTimeoutMs: positiveInteger(
      env.POLYPAY_SHUTDOWN_TIMEOUT_MS,
      20_000,
      'POLYPAY_SHUTDOWN_TIMEOUT_MS',
    ),
    redisUrl: env.POLYPAY_REDIS_URL?.trim() || undefined,
    redisPrefix: env.POLYPAY_REDIS_PREFIX ?? 'polypay:',
    redisLeaseMs: positiveInteger(env.POLYPAY_REDIS_LEASE_MS, 30_000, 'POLYPAY_REDIS_LEASE_MS'),
    readCacheTtlMs: integer(
      'read cache TTL',
      overrides.readCacheTtlMs ?? env.POLYPAY_READ_CACHE_TTL_MS,
      DEFAULT_READ_CACHE_TTL_MS,
      0,
    ),
    pgPoolMax: integer(
      'PostgreSQL pool size',
      overrides.pgPoolMax ?? env.POLYPAY_PG_POOL_MAX,
      DEFAULT_PG_POOL_MAX,
      1,
    ),
  };
}

function positiveInteger(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`invalid ${name}: ${raw} (expected a positive integer)`);
  return value;
}

/** POLYPAY_TRUST_PROXY: unset/false → false; true → any proxy; 1, 2… → hops; else a list of addresses/CIDRs. */
export function parseTrustProxy(raw: string | undefined): boolean | number | string {
  const value = raw?.trim() ?? '';
  if (value === '' || /^(0|false|no|off)$/i.test(value)) return false;
  if (/^(true|yes|on)$/i.test(value)) return true;
  if (/^[1-9]\d{0,1}$/.test(value)) return Number(value);
  if (!/^[0-9A-Fa-f:.,/ ]+$/.test(value)) {
    throw new Error(
      `invalid POLYPAY_TRUST_PROXY: ${value} (expected true, false, a hop count or addresses/CIDRs)`,
    );
  }
  return value;
}
