import type { Kysely } from 'kysely';

/**
 * What each webhook attempt sent and got back, for the merchant to see: the request's headers (JSON,
 * never the endpoint's secret) and body, and the answer's headers (JSON) and body (the first 4 KiB, as
 * text). Null on attempts recorded before this migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['request_headers', 'request_body', 'response_headers', 'response_body']) {
    await db.schema.alterTable('webhook_attempts').addColumn(column, 'text').execute();
  }
  await db.schema.alterTable('webhook_attempts').addColumn('response_body_truncated', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of [
    'response_body_truncated',
    'response_body',
    'response_headers',
    'request_body',
    'request_headers',
  ]) {
    await db.schema.alterTable('webhook_attempts').dropColumn(column).execute();
  }
}
