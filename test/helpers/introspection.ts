import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/index.js';

/**
 * The tables of a test database. Kysely's PostgreSQL introspection reads the catalog of every schema of
 * the database; a schema another test drops meanwhile makes it fail with "schema … does not exist"
 * (3F000): ask again then.
 */
export async function introspectTables(db: Kysely<Database>) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.introspection.getTables();
    } catch (error) {
      if ((error as { code?: string }).code !== '3F000' || attempt >= 5) throw error;
    }
  }
}
