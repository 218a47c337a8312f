import { type Kysely, Migrator, sql } from 'kysely';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import type { Dialect } from './test-databases.js';

/**
 * Applies every migration whose name sorts before `name` (e.g. '015'), so that a test can write rows as
 * they were before that migration and then check what migrating to the latest makes of them. On
 * PostgreSQL Kysely's own tables stay in the test's schema.
 */
export async function migrateBefore<DB>(db: Kysely<DB>, dialect: Dialect, name: string): Promise<void> {
  let migrationTableSchema: string | undefined;
  if (dialect === 'postgres') {
    migrationTableSchema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s;
  }
  const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([migration]) => migration < name));
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => before },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
