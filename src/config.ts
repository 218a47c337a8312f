import { DEFAULT_DATABASE_URL } from './store/index.js';

/** Runtime settings of one polypay process, from flags, then env, then defaults. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
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
  /** Mount the provider emulators under /_emulators/<provider> (env POLYPAY_EMULATORS=off to leave them out). */
  readonly emulators: boolean;
  /** How long a SIGTERM/SIGINT may take to finish requests and jobs in flight before the process exits. */
  readonly shutdownTimeoutMs: number;
}

export interface ConfigOverrides {
  host?: string | undefined;
  port?: number | string | undefined;
  databaseUrl?: string | undefined;
  logLevel?: string | undefined;
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(overrides.port ?? env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port: ${String(overrides.port ?? env.PORT)} (expected 0-65535)`);
  }
  return {
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port,
    databaseUrl: overrides.databaseUrl ?? env.POLYPAY_DATABASE_URL ?? DEFAULT_DATABASE_URL,
    masterKeyFile: env.POLYPAY_MASTER_KEY_FILE ?? './data/master.key',
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
    bodyLimit: 256 * 1024,
    signatureToleranceSeconds: 300,
    idempotencyTtlMs: 24 * 60 * 60 * 1000,
    publicUrl: env.POLYPAY_PUBLIC_URL ?? `http://${overrides.host ?? env.HOST ?? '127.0.0.1'}:${port}`,
    jobPollMs: 250,
    emulators: !['off', 'false', '0', 'no'].includes((env.POLYPAY_EMULATORS ?? 'on').trim().toLowerCase()),
    shutdownTimeoutMs: positiveInteger(
      env.POLYPAY_SHUTDOWN_TIMEOUT_MS,
      20_000,
      'POLYPAY_SHUTDOWN_TIMEOUT_MS',
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
