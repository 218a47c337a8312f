/** Values bound in one statement at most: SQLite takes 32,766 (PostgreSQL 65,535). */
const MAX_BOUND_VALUES = 30_000;

/**
 * Runs `insert` on successive slices of `rows`, each as large as one statement may bind (every row has
 * the columns of the first): a multi-row insert of any length.
 */
export async function insertInChunks<T extends object>(
  rows: readonly T[],
  insert: (rows: T[]) => Promise<unknown>,
): Promise<void> {
  if (rows.length === 0) return;
  const perInsert = Math.max(1, Math.floor(MAX_BOUND_VALUES / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += perInsert) await insert(rows.slice(i, i + perInsert));
}
