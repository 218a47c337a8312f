/**
 * Period windows of an agreement's limits. Bybit states its times in UTC+8 (webhook `notifyTime` carries
 * +08:00), so a DAY runs from 00:00 to 24:00 in UTC+8, a WEEK starts on Monday, a MONTH and a YEAR on the
 * first (inferred: the docs do not say which time zone bounds a period).
 */

export const PERIOD_TYPES = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Epoch milliseconds at which the period holding `at` began. */
export function periodStart(type: PeriodType, at: number): number {
  const local = new Date(at + OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  let startLocal: number;
  switch (type) {
    case 'DAY':
      startLocal = Date.UTC(y, m, d);
      break;
    case 'WEEK': {
      const sinceMonday = (local.getUTCDay() + 6) % 7;
      startLocal = Date.UTC(y, m, d) - sinceMonday * DAY_MS;
      break;
    }
    case 'MONTH':
      startLocal = Date.UTC(y, m, 1);
      break;
    case 'YEAR':
      startLocal = Date.UTC(y, 0, 1);
      break;
  }
  return startLocal - OFFSET_MS;
}

/** `yyyy-MM-dd HH:mm:ss` in UTC+8, the webhooks' time format. */
export function bybitLocalTime(at: number): string {
  return new Date(at + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** ISO 8601 with +08:00, as `notifyTime` is written. */
export function bybitIsoTime(at: number): string {
  return `${new Date(at + OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}
