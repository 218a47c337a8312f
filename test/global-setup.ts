/**
 * vitest global setup. When PostgreSQL is among the dialects under test, checks once that it answers
 * and fails the whole run loudly if not (DESIGN §4.6: the suite runs on both; never skip silently).
 * Deletes test schemas and SQLite folders that crashed runs left behind, and at the end of the run
 * this run's own.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import {
  DIALECTS,
  dropSchemas,
  listTestSchemas,
  parseTestSchemaName,
  redactUrl,
  removeTestTempDirs,
  TEST_PG_URL,
  withPgClient,
} from './helpers/test-databases.js';

/** A test schema older than this belongs to a run that died: no test holds a schema that long. */
const LEFTOVER_AGE_MS = 60 * 60 * 1000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = randomBytes(5).toString('hex');
  project.provide('polypayTestRunId', runId);
  removeTestTempDirs({ olderThanMs: LEFTOVER_AGE_MS });
  const teardown = async () => {
    removeTestTempDirs({ runId });
    if (!DIALECTS.includes('postgres')) return;
    // Schemas of this run that a test did not dispose of (a failed or interrupted test).
    await withPgClient(TEST_PG_URL, async (client) => {
      const mine = (await listTestSchemas(client)).filter(
        (name) => parseTestSchemaName(name)?.runId === runId,
      );
      await dropSchemas(client, mine);
    }).catch(() => {});
  };
  if (!DIALECTS.includes('postgres')) return teardown;

  try {
    await withPgClient(TEST_PG_URL, (client) => client.query('select 1'));
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${redactUrl(TEST_PG_URL)}: ${(err as Error).message}\n` +
        'Every store test runs on SQLite and on PostgreSQL. Start PostgreSQL, point POLYPAY_TEST_PG_URL ' +
        'at one, or run the SQLite half only with POLYPAY_TEST_DIALECTS=sqlite.',
      { cause: err },
    );
  }
  await withPgClient(TEST_PG_URL, async (client) => {
    const now = Date.now();
    const leftovers = (await listTestSchemas(client)).filter((name) => {
      const parsed = parseTestSchemaName(name);
      return parsed === undefined || now - parsed.createdAt > LEFTOVER_AGE_MS;
    });
    await dropSchemas(client, leftovers);
  });

  return teardown;
}
