import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  DEFAULT_TIME_ZONE,
  daysBetween,
  isSameLocalDay,
  isTimeZone,
  localDate,
  localDayBounds,
  nextCutoff,
  utcOffsetMs,
  zonedTimeToEpoch,
} from './calendar.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Manila', 'America/New_York', 'Europe/London', 'UTC'];

describe('localDate', () => {
  it('defaults to Asia/Shanghai', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai');
    expect(localDate(at('2024-01-01T15:59:59.999Z'))).toBe('2024-01-01');
    expect(localDate(at('2024-01-01T16:00:00Z'))).toBe('2024-01-02');
  });

  it('depends on the zone, not the host', () => {
    const t = at('2024-06-30T23:30:00Z');
    expect(localDate(t, 'UTC')).toBe('2024-06-30');
    expect(localDate(t, 'Asia/Shanghai')).toBe('2024-07-01');
    expect(localDate(t, 'America/New_York')).toBe('2024-06-30');
  });

  it('answers the same as a fresh formatter for any instant, asked in any order (the last second is kept)', () => {
    const fresh = (t: number, zone: string) => {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).formatToParts(t);
      const get = (type: string) => parts.find((p) => p.type === type)!.value;
      return `${get('year')}-${get('month')}-${get('day')}`;
    };
    const midnight = at('2024-01-01T16:00:00Z');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -3_000, max: 3_000 }), fc.constantFrom(...ZONES)), {
          minLength: 2,
        }),
        (asks) => {
          for (const [offsetMs, zone] of asks) {
            expect(localDate(midnight + offsetMs, zone)).toBe(fresh(midnight + offsetMs, zone));
          }
        },
      ),
    );
  });

  it('rejects unknown zones', () => {
    expect(isTimeZone('Asia/Hong_Kong')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(() => localDate(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('isSameLocalDay', () => {
  it('compares local calendar days', () => {
    const a = at('2024-01-01T15:00:00Z'); // 23:00 in Shanghai
    const b = at('2024-01-01T17:00:00Z'); // 01:00 next day in Shanghai
    expect(isSameLocalDay(a, b)).toBe(false);
    expect(isSameLocalDay(a, b, 'UTC')).toBe(true);
    expect(isSameLocalDay(at('2024-01-01T16:00:00Z'), at('2024-01-02T15:59:59Z'))).toBe(true);
  });
});

describe('daysBetween / addDays', () => {
  it('counts calendar days, leap years included', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-03-01', '2024-01-01')).toBe(-60);
    expect(daysBetween('2024-01-01', '2024-01-01')).toBe(0);
  });

  it('adds days across months and years', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-01-01', 60)).toBe('2024-03-01');
  });

  it('refuses malformed dates', () => {
    expect(() => daysBetween('2024-1-1', '2024-01-02')).toThrow(RangeError);
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
  });

  it('addDays and daysBetween agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -3_000, max: 3_000 }), (d, n) => {
        const date = addDays('1990-01-01', d);
        expect(daysBetween(date, addDays(date, n))).toBe(n);
      }),
    );
  });
});

describe('zoned times and DST', () => {
  it('knows offsets', () => {
    expect(utcOffsetMs(0, 'Asia/Shanghai')).toBe(8 * HOUR);
    expect(utcOffsetMs(at('2024-01-15T00:00:00Z'), 'Asia/Kathmandu')).toBe(5.75 * HOUR);
    expect(utcOffsetMs(at('2024-07-01T12:00:00Z'), 'America/New_York')).toBe(-4 * HOUR);
  });

  it('converts wall time to an instant', () => {
    expect(zonedTimeToEpoch('2024-05-01', '09:30')).toBe(at('2024-05-01T09:30:00+08:00'));
  });

  it('pushes a skipped time past the gap and picks the earlier of a repeated one', () => {
    expect(zonedTimeToEpoch('2024-03-10', '02:30', 'America/New_York')).toBe(at('2024-03-10T03:30:00-04:00'));
    expect(zonedTimeToEpoch('2024-11-03', '01:30', 'America/New_York')).toBe(at('2024-11-03T01:30:00-04:00'));
  });

  it('gives local day bounds, 23 h on a spring-forward day', () => {
    const { start, end } = localDayBounds(at('2024-03-10T12:00:00-04:00'), 'America/New_York');
    expect(start).toBe(at('2024-03-10T00:00:00-05:00'));
    expect(end - start).toBe(23 * HOUR);
    const sh = localDayBounds(at('2024-05-01T12:00:00+08:00'));
    expect(sh).toEqual({ start: at('2024-05-01T00:00:00+08:00'), end: at('2024-05-02T00:00:00+08:00') });
  });

  it('refuses malformed times', () => {
    expect(() => zonedTimeToEpoch('2024-01-01', '24:00')).toThrow(RangeError);
    expect(() => zonedTimeToEpoch('2024-01-01', '9:00')).toThrow(RangeError);
  });
});

describe('nextCutoff', () => {
  it('defaults to the next local midnight in Shanghai', () => {
    expect(nextCutoff(at('2024-01-01T10:00:00+08:00'))).toBe(at('2024-01-02T00:00:00+08:00'));
  });

  it('uses the given cut-off time, later today when still ahead', () => {
    expect(nextCutoff(at('2024-01-01T10:00:00+08:00'), 'Asia/Shanghai', '23:00')).toBe(
      at('2024-01-01T23:00:00+08:00'),
    );
    expect(nextCutoff(at('2024-01-01T23:30:00+08:00'), 'Asia/Shanghai', '23:00')).toBe(
      at('2024-01-02T23:00:00+08:00'),
    );
  });

  it('is strictly after the instant', () => {
    const cutoff = at('2024-01-02T00:00:00+08:00');
    expect(nextCutoff(cutoff)).toBe(at('2024-01-03T00:00:00+08:00'));
    expect(nextCutoff(cutoff - 1)).toBe(cutoff);
  });

  it('follows DST in zones that have it', () => {
    expect(nextCutoff(at('2024-03-09T12:00:00-05:00'), 'America/New_York', '02:30')).toBe(
      at('2024-03-10T03:30:00-04:00'),
    );
  });

  it('is always within two days ahead, at the cut-off wall time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') }),
        fc.constantFrom(...ZONES),
        fc.constantFrom('00:00', '06:00', '23:30'),
        (t, zone, time) => {
          const next = nextCutoff(t, zone, time);
          expect(next).toBeGreaterThan(t);
          expect(next - t).toBeLessThanOrEqual(25 * HOUR);
          const { start, end } = localDayBounds(t, zone);
          expect(start <= t && t < end).toBe(true);
          expect(localDate(zonedTimeToEpoch(localDate(t, zone), '12:00', zone), zone)).toBe(
            localDate(t, zone),
          );
        },
      ),
    );
  });
});
