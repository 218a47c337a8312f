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

/** Rows grouped by a key, each group in the rows' order (the children of several parents, read at once). */
export function groupedBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const at = key(row);
    const group = groups.get(at);
    if (group) group.push(row);
    else groups.set(at, [row]);
  }
  return groups;
}
