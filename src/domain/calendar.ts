/**
 * Local-calendar rules ("same day", "within 60 days", daily cut-offs) in a named IANA time zone. Deterministic:
 * the answer depends only on the arguments and the ICU time-zone data, never on the host's zone.
 */

/** Shouqianba's and most of our merchants' business day is China Standard Time. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

// Building a DateTimeFormat is costly; one per zone is enough and the cache only ever grows by zone name.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// formatToParts costs several microseconds and a busy gateway asks for the same second many times
// (each charge's business day): the last answer per zone is kept, exact since it has no milliseconds.
const lastClock = new Map<string, { second: number; clock: WallClock }>();

function wallClock(epochMs: number, timeZone: string): WallClock {
  const second = Math.floor(epochMs / 1000);
  const last = lastClock.get(timeZone);
  if (last?.second === second) return last.clock;
  const clock = readWallClock(epochMs, timeZone);
  lastClock.set(timeZone, { second, clock });
  return clock;
}

function readWallClock(epochMs: number, timeZone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 0,
    month: fields.month ?? 0,
    day: fields.day ?? 0,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** True for a zone name this runtime's ICU data knows, e.g. 'Asia/Hong_Kong'. Use it to validate config. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** 'YYYY-MM-DD' of the instant in the zone. Throws RangeError for an unknown zone (a config bug). */
export function localDate(epochMs: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const { year, month, day } = wallClock(epochMs, timeZone);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function isSameLocalDay(a: number, b: number, timeZone: string = DEFAULT_TIME_ZONE): boolean {
  return localDate(a, timeZone) === localDate(b, timeZone);
}

/** Whole calendar days from local date `from` to local date `to` ('YYYY-MM-DD'); negative if `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / DAY_MS);
}

/** The local date `days` after `date` (both 'YYYY-MM-DD'). */
export function addDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Offset of the zone from UTC at that instant, in ms (+8 h for Asia/Shanghai). */
export function utcOffsetMs(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant at which the zone's wall clock reads `date` `time` ('HH:MM'). Ambiguous or skipped times
 * (DST) resolve like Temporal's 'compatible': the earlier of two, or pushed forward past a gap.
 */
export function zonedTimeToEpoch(date: string, time: string, timeZone: string = DEFAULT_TIME_ZONE): number {
  const match = LOCAL_TIME.exec(time);
  if (!match) throw new RangeError(`local time must be HH:MM, got ${JSON.stringify(time)}`);
  const wall = dateToUtcMs(date) + Number(match[1]) * 3_600_000 + Number(match[2]) * 60_000;
  // Offsets a day either side bracket any single transition; try both and keep the earliest that fits.
  const before = wall - utcOffsetMs(wall - DAY_MS, timeZone);
  const after = wall - utcOffsetMs(wall + DAY_MS, timeZone);
  const fits = [before, after].filter((t) => t + utcOffsetMs(t, timeZone) === wall);
  if (fits.length > 0) return Math.min(...fits);
  // In a gap: shifting by the pre-transition offset lands just as far past the gap as the time was into it.
  return before;
}

/** Start (inclusive) and end (exclusive) instants of the local day containing `epochMs`. */
export function localDayBounds(
  epochMs: number,
  timeZone: string = DEFAULT_TIME_ZONE,
): { readonly start: number; readonly end: number } {
  const date = localDate(epochMs, timeZone);
  return {
    start: zonedTimeToEpoch(date, '00:00', timeZone),
    end: zonedTimeToEpoch(addDays(date, 1), '00:00', timeZone),
  };
}

/**
 * Epoch ms of the first daily cut-off strictly after `epochMs` (strictly, so a job scheduled "at the next
 * cut-off" from a cut-off instant moves on to the following day instead of firing twice).
 */
export function nextCutoff(
  epochMs: number,
  timeZone: string = DEFAULT_TIME_ZONE,
  cutoffLocalTime = '00:00',
): number {
  const today = localDate(epochMs, timeZone);
  for (const date of [today, addDays(today, 1), addDays(today, 2)]) {
    const cutoff = zonedTimeToEpoch(date, cutoffLocalTime, timeZone);
    if (cutoff > epochMs) return cutoff;
  }
  // Unreachable: the cut-off two local days ahead is always later than now.
  throw new Error('nextCutoff: no cut-off found');
}

function dateToUtcMs(date: string): number {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new RangeError(`local date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  if (new Date(ms).getUTCDate() !== day) throw new RangeError(`no such date: ${date}`);
  return ms;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
