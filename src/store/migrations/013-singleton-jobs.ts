import { type Kysely, sql } from 'kysely';

/**
 * Platform jobs (no merchant: the settlement sweep, the purge) exist once. Every process schedules them
 * at start with a check-then-insert; two processes starting together could both insert. The unique
 * index makes the second insert fail, and the scheduler takes that failure as "already scheduled".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Copies left by earlier races: keep the oldest pending or running job of each kind.
  await sql`
    delete from jobs
    where merchant_id is null and status in ('pending', 'running')
      and exists (
        select 1 from jobs older
        where older.merchant_id is null and older.status in ('pending', 'running')
          and older.kind = jobs.kind and older.id < jobs.id
      )`.execute(db);
  await sql`
    create unique index jobs_platform_singleton_idx on jobs (kind)
    where merchant_id is null and status in ('pending', 'running')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_platform_singleton_idx').ifExists().execute();
}
