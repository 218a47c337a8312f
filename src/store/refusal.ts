/** SQLSTATE of polypay_refuse (migration 018). */
const REFUSED = 'PY001';

/**
 * The reason a PostgreSQL statement gave when it aborted itself through polypay_refuse (its message),
 * or undefined for any other error.
 */
export function refusalReason(error: unknown): string | undefined {
  const refused = error as { code?: unknown; message?: unknown } | null;
  return refused?.code === REFUSED && typeof refused.message === 'string' ? refused.message : undefined;
}
