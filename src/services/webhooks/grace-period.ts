/** How long an endpoint's previous signing secret still signs after a rotation (a light module: the CLI's help reads it). */
export const DEFAULT_GRACE_PERIOD_SECONDS = 24 * 3600;
export const MAX_GRACE_PERIOD_SECONDS = 7 * 24 * 3600;
