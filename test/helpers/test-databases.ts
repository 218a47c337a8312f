/**
 * Settings and PostgreSQL schema housekeeping shared by the test harness (stores.ts) and vitest's
 * global setup. No vitest import here: global setup runs outside the test workers.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';

const KNOWN: readonly Dialect[] = ['sqlite', 'postgres'];

/** PostgreSQL used by tests (trust auth on the development machine). */
export const TEST_PG_URL = process.env.POLYPAY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Every test schema is `polypay_test_<run id>_<creation time, base36 ms>_<random hex>`. */
export const TEST_SCHEMA_PREFIX = 'polypay_test_';
const TEST_SCHEMA = /^polypay_test_([a-z0-9]+)_([a-z0-9]+)_[0-9a-f]+$/;

/** Dialects to run, from `POLYPAY_TEST_DIALECTS` (comma list; default both). */
export function parseDialects(value: string | undefined): Dialect[] {
  const names = (value ?? 'sqlite,postgres')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !KNOWN.includes(n as Dialect));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`POLYPAY_TEST_DIALECTS must list sqlite and/or postgres, got "${value}"`);
  }
  return [...new Set(names as Dialect[])];
}

export const DIALECTS: Dialect[] = parseDialects(process.env.POLYPAY_TEST_DIALECTS);

export function testSchemaName(runId: string, now: number, random: string): string {
  return `${TEST_SCHEMA_PREFIX}${runId}_${now.toString(36)}_${random}`;
}

/** The run id and creation time a test schema's name carries, or undefined for other names. */
export function parseTestSchemaName(name: string): { runId: string; createdAt: number } | undefined {
  const match = TEST_SCHEMA.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  return { runId: match[1], createdAt: Number.parseInt(match[2], 36) };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Names of the test schemas in the database. */
export async function listTestSchemas(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ nspname: string }>(
    "select nspname from pg_namespace where nspname like 'polypay\\_test\\_%' order by nspname",
  );
  return rows.map((r) => r.nspname);
}

/** Drops schemas one at a time (one statement for many could run out of lock slots). */
export async function dropSchemas(client: pg.Client, schemas: readonly string[]): Promise<void> {
  for (const schema of schemas) {
    await client.query(`drop schema if exists "${schema.replaceAll('"', '""')}" cascade`);
  }
}

/** Runs `fn` with a connected client, then disconnects. */
export async function withPgClient<T>(
  connectionString: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** SQLite test files live in `<tmp>/polypay-test-<run id>-<random>/`. */
export const TEST_TMP_PREFIX = 'polypay-test-';

/** Removes SQLite test folders of one run, or those older than `olderThanMs` (crashed runs). */
export function removeTestTempDirs(filter: { runId: string } | { olderThanMs: number }): void {
  const now = Date.now();
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(TEST_TMP_PREFIX)) continue;
    const path = join(tmpdir(), name);
    try {
      const doomed =
        'runId' in filter
          ? name.startsWith(`${TEST_TMP_PREFIX}${filter.runId}-`)
          : now - statSync(path).mtimeMs > filter.olderThanMs;
      if (doomed) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by someone else: fine.
    }
  }
}
