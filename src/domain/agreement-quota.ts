/**
 * The pure half of agreement quotas: where a period begins in the agreement's time zone, and whether a
 * deduction fits. Amounts are bigints of minimum units (crypto amounts pass 2^53).
 */

export const PERIOD_TYPES = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export interface PeriodLimit {
  readonly periodType: PeriodType;
  readonly amount: bigint;
}

export interface CountedDeduction {
  readonly createdAt: number;
  /** Amount less what refunds gave back. */
  readonly net: bigint;
}

const DAY_MS = 86_400_000;

/** Wall-clock parts of `at` in `timeZone`. */
function localParts(at: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    y: get('year'),
    m: get('month') - 1,
    d: get('day'),
    h: get('hour'),
    min: get('minute'),
    s: get('second'),
  };
}

/** Epoch ms of a local wall-clock midnight (the zone's offset found by two refinements). */
function localMidnight(y: number, m: number, d: number, timeZone: string): number {
  const wall = Date.UTC(y, m, d);
  let guess = wall;
  for (let i = 0; i < 2; i += 1) {
    const p = localParts(guess, timeZone);
    const offset = Date.UTC(p.y, p.m, p.d, p.h, p.min, p.s) - guess;
    guess = wall - offset;
  }
  return guess;
}

/** When the period holding `at` began, in `timeZone` (weeks start on Monday). */
export function periodStartIn(type: PeriodType, at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  switch (type) {
    case 'DAY':
      return localMidnight(p.y, p.m, p.d, timeZone);
    case 'WEEK': {
      const weekday = new Date(Date.UTC(p.y, p.m, p.d)).getUTCDay();
      const monday = new Date(Date.UTC(p.y, p.m, p.d) - ((weekday + 6) % 7) * DAY_MS);
      return localMidnight(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate(), timeZone);
    }
    case 'MONTH':
      return localMidnight(p.y, p.m, 1, timeZone);
    case 'YEAR':
      return localMidnight(p.y, 0, 1, timeZone);
  }
}

export function usedInPeriod(
  deductions: readonly CountedDeduction[],
  type: PeriodType,
  at: number,
  timeZone: string,
): bigint {
  const from = periodStartIn(type, at, timeZone);
  return deductions
    .filter((d) => d.createdAt >= from && d.createdAt <= at)
    .reduce((sum, d) => sum + d.net, 0n);
}

/** The first period limit a new deduction of `amount` would pass, with what is used of it. */
export function exceededPeriod(
  limits: readonly PeriodLimit[],
  deductions: readonly CountedDeduction[],
  amount: bigint,
  at: number,
  timeZone: string,
): { limit: PeriodLimit; used: bigint } | undefined {
  for (const limit of limits) {
    const used = usedInPeriod(deductions, limit.periodType, at, timeZone);
    if (used + amount > limit.amount) return { limit, used };
  }
  return undefined;
}
