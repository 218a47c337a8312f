import { type ExpressionBuilder, type ExpressionWrapper, type SqlBool, sql } from 'kysely';

/** A row's place in a list ordered by `(created_at, id)`. */
export interface KeysetPosition {
  readonly createdAt: number;
  readonly id: string;
}

/**
 * Rows strictly after (`>`, oldest-first lists) or before (`<`, newest-first lists) a position in
 * `(created_at, id)` order: keyset pagination that stays stable while rows are added.
 */
export function pastPosition<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  position: KeysetPosition,
  direction: '>' | '<',
): ExpressionWrapper<DB, TB, SqlBool> {
  const createdAt = sql.ref<number>('created_at');
  const id = sql.ref<string>('id');
  return eb.or([
    eb(createdAt, direction, position.createdAt),
    eb.and([eb(createdAt, '=', position.createdAt), eb(id, direction, position.id)]),
  ]);
}
