/**
 * `--pg-pool-max` (POLYPAY_PG_POOL_MAX) bounds the PostgreSQL connections a process opens, however many
 * queries it has in flight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../helpers/stores.js';

describe.runIf(DIALECTS.includes('postgres'))('postgres: the connection pool of a process', () => {
  const workdir = mkdtempSync(join(tmpdir(), 'polypay-pool-'));
  const urls: string[] = [];
  afterAll(async () => {
    for (const url of urls) await dropTestDatabase(url);
    rmSync(workdir, { recursive: true, force: true });
  });

  it('opens no more connections than POLYPAY_PG_POOL_MAX, with twenty queries in flight', async () => {
    const url = await testDatabaseUrl('postgres');
    urls.push(url);
    const server = await startServer(
      loadConfig(
        { port: 0, pingppPort: 0, databaseUrl: url, logLevel: 'warn' },
        {
          POLYPAY_MASTER_KEY_FILE: join(workdir, 'master.key'),
          POLYPAY_EMULATORS: 'off',
          POLYPAY_PG_POOL_MAX: '2',
        },
      ),
      { createDemo: false },
    );
    try {
      const backends = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.02)`.execute(
            server.store.db,
          );
          return rows[0]!.pid;
        }),
      );
      expect(new Set(backends).size).toBeLessThanOrEqual(2);
      expect(new Set(backends).size).toBeGreaterThanOrEqual(1);
    } finally {
      await server.close();
    }
  });
});
