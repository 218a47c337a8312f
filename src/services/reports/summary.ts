import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import type { Caller } from '../caller.js';

/** Charges that were paid (whatever happened after: refunds keep them counted as paid volume). */
const PAID = new Set(['PAID', 'PARTIAL_REFUNDED', 'REFUNDED', 'REFUND_ERROR']);
const DAY_MS = 86_400_000;

export interface DaySummary {
  readonly day: string;
  readonly volume: number;
  readonly count: number;
  readonly succeeded: number;
  readonly refunded: number;
  readonly by_status: Record<string, number>;
  readonly by_channel: Record<string, number>;
}

export interface Summary {
  readonly object: 'summary';
  readonly currency: string;
  readonly time_zone: string;
  readonly days: number;
  readonly today: {
    readonly day: string;
    readonly volume: number;
    readonly count: number;
    readonly succeeded: number;
    readonly success_rate_bps: number | null;
    readonly refunded: number;
  };
  readonly series: DaySummary[];
}

/**
 * Today's figures and one entry per day of the last `days` days, in the merchant's time zone, for one
 * currency. Volume is what was paid, in minor units; refunds count on the day they succeeded. The rows
 * are summed here rather than grouped in SQL: day boundaries in a time zone are not portable SQL, and
 * a window of at most 31 days of one app is a bounded read.
 */
export async function summarize(
  db: Kysely<Database>,
  caller: Caller,
  input: { readonly days: number; readonly currency: string; readonly now: number },
): Promise<Summary> {
  const dayOf = dayKeyIn(caller.timeZone);
  const keys: string[] = [];
  for (let i = input.days - 1; i >= 0; i--) {
    const key = dayOf(input.now - i * DAY_MS);
    if (keys.at(-1) !== key) keys.push(key);
  }
  // One extra day back covers the offset between UTC and the merchant's zone.
  const since = input.now - (input.days + 1) * DAY_MS;
  const series = new Map<string, DaySummary>(
    keys.map((day) => [
      day,
      { day, volume: 0, count: 0, succeeded: 0, refunded: 0, by_status: {}, by_channel: {} },
    ]),
  );
  const charges = await db
    .selectFrom('charges')
    .select(['amount', 'status', 'channel', 'created_at'])
    .where('app_id', '=', caller.appId)
    .where('currency', '=', input.currency)
    .where('created_at', '>=', since)
    .execute();
  for (const charge of charges) {
    const entry = series.get(dayOf(Number(charge.created_at)));
    if (!entry) continue;
    const mutable = entry as { -readonly [K in keyof DaySummary]: DaySummary[K] };
    mutable.count += 1;
    mutable.by_status[charge.status] = (entry.by_status[charge.status] ?? 0) + 1;
    if (PAID.has(charge.status)) {
      const channel = charge.channel ?? 'unrouted';
      mutable.succeeded += 1;
      mutable.volume += Number(charge.amount);
      mutable.by_channel[channel] = (entry.by_channel[channel] ?? 0) + Number(charge.amount);
    }
  }
  const refunds = await db
    .selectFrom('refunds as r')
    .innerJoin('charges as c', 'c.id', 'r.charge_id')
    .select(['r.amount', 'r.succeeded_at'])
    .where('r.app_id', '=', caller.appId)
    .where('c.currency', '=', input.currency)
    .where('r.status', '=', 'SUCCEEDED')
    .where('r.succeeded_at', '>=', since)
    .execute();
  for (const refund of refunds) {
    const entry = series.get(dayOf(Number(refund.succeeded_at)));
    if (entry) (entry as { refunded: number }).refunded += Number(refund.amount);
  }
  const today = series.get(dayOf(input.now))!;
  return {
    object: 'summary',
    currency: input.currency,
    time_zone: caller.timeZone,
    days: input.days,
    today: {
      day: today.day,
      volume: today.volume,
      count: today.count,
      succeeded: today.succeeded,
      success_rate_bps: today.count === 0 ? null : Math.floor((today.succeeded * 10_000) / today.count),
      refunded: today.refunded,
    },
    series: [...series.values()],
  };
}

function dayKeyIn(timeZone: string): (epochMs: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (epochMs) => format.format(epochMs);
}
