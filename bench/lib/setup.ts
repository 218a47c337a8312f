/**
 * What every benchmark needs around a polypay server: settings from the environment, a merchant made
 * with the CLI, and a throw-away PostgreSQL schema.
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import type { Credentials } from './load.js';
import { runNode } from './processes.js';

/** `node --import tsx src/cli/main.ts`: the real CLI, run from the repository root. */
export const CLI = ['--import', 'tsx', 'src/cli/main.ts'] as const;

/** Where `pg_ctlcluster` (Debian) puts the server's socket. */
const PG_SOCKET_DIR = '/var/run/postgresql';

/**
 * The local PostgreSQL through its Unix socket when it has one, else over TCP. A server on the same
 * machine is best reached that way: each of a charge's round trips over loopback TCP cost the gateway
 * ~50 µs of kernel time in the socket write alone, and the socket carried 20–40 % more charges a second
 * (bench/README.md). `POLYPAY_BENCH_PG_URL` chooses another.
 */
export const DEFAULT_PG_URL = existsSync(`${PG_SOCKET_DIR}/.s.PGSQL.5432`)
  ? `postgres://postgres@localhost/test?host=${PG_SOCKET_DIR}`
  : 'postgres://postgres@127.0.0.1:5432/test';

/** A number from the environment; `allowZero` for a setting where 0 means "skip it". */
export function envNumber(name: string, fallback: number, integer: boolean, allowZero = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  const tooSmall = allowZero ? value < 0 : value <= 0;
  if (!Number.isFinite(value) || tooSmall || (integer && !Number.isInteger(value))) {
    const kind = `${allowZero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'number'}`;
    throw new Error(`${name} must be a ${kind}, got "${raw}"`);
  }
  return value;
}

export interface MerchantCredentials extends Credentials {
  readonly merchantId: string;
  readonly appId: string;
}

export function parseCredentials(stdout: string): MerchantCredentials {
  for (const line of stdout.trim().split('\n').reverse()) {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      const { secret_key, signing_secret, merchant_id, app_id } = parsed;
      if (typeof secret_key === 'string' && typeof signing_secret === 'string') {
        return {
          secretKey: secret_key,
          signingSecret: signing_secret,
          merchantId: typeof merchant_id === 'string' ? merchant_id : '',
          appId: typeof app_id === 'string' ? app_id : '',
        };
      }
    } catch {
      // not the JSON line
    }
  }
  throw new Error(`polypay merchant create --json printed no credentials:\n${stdout}`);
}

/** A sandbox (test mode) merchant with its app, made by `polypay merchant create` (it migrates first). */
export async function createMerchant(
  databaseUrl: string,
  env: NodeJS.ProcessEnv,
  name: string,
): Promise<MerchantCredentials> {
  const stdout = await runNode(
    [...CLI, 'merchant', 'create', '--name', name, '--json', '--database-url', databaseUrl],
    env,
  );
  return parseCredentials(stdout);
}

/** The database URL of `schema` on the server at `baseUrl` (polypay creates the schema when missing). */
export function schemaUrl(baseUrl: string, schema: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('schema', schema);
  return url.toString();
}

export async function dropSchema(baseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function postgresReachable(baseUrl: string): Promise<boolean> {
  if (baseUrl === 'off') return false;
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
