/**
 * The site calendar: the site time zone, working time per weekday (several periods a day) and
 * holidays (whole days in the site time zone), and business-time arithmetic over it.
 *
 * Time zone arithmetic goes through the Temporal API (the `temporal-polyfill` package): it is the
 * standard that replaces Date, gives exact zone transitions (`getTimeZoneTransition`) so DST
 * changes are found instead of guessed, and the polyfill can be dropped once Node ships Temporal.
 *
 * Meaning of working time (the wall clock decides): an instant is working time when the site's
 * wall clock at that instant reads a time inside one of the periods of that day's weekday, and the
 * day is not a holiday. So the hour skipped when clocks spring forward is never worked, and an hour
 * repeated when clocks fall back is worked twice if it lies inside a period. Periods are half-open
 * [start, end); end 24:00 reaches midnight, and Monday 22:00–24:00 followed by Tuesday 00:00–06:00
 * is one continuous stretch (no minute lost at midnight).
 *
 * All instants are epoch milliseconds. `BusinessClock` counts working time; `CALENDAR_CLOCK`
 * counts every millisecond; both skip "stops" (pauses) given as half-open intervals.
 */
import { Temporal } from 'temporal-polyfill';

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One working period of a weekday, in minutes after local midnight: [startMinute, endMinute). */
export interface WorkingPeriod {
  /** 0 = Sunday … 6 = Saturday. */
  dayOfWeek: number;
  startMinute: number;
  /** Up to 1440 (24:00). */
  endMinute: number;
}

export interface SiteCalendar {
  /** IANA time zone name, e.g. Europe/London. */
  timeZone: string;
  periods: readonly WorkingPeriod[];
  /** Local dates YYYY-MM-DD that are not worked. */
  holidays: readonly string[];
}

export const DEFAULT_TIME_ZONE = 'UTC';

/** Monday to Friday, 09:00–17:00, UTC: the calendar of a site that never set one. */
export const DEFAULT_CALENDAR: SiteCalendar = {
  timeZone: DEFAULT_TIME_ZONE,
  periods: [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, startMinute: 9 * 60, endMinute: 17 * 60 })),
  holidays: [],
};

/** Half-open interval of epoch milliseconds; `end` may be Infinity (a stop still going on). */
export type Interval = readonly [start: number, end: number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far the clock searches for working time before it says "never" (an empty week). */
const SEARCH_DAYS = 3660;

/** The canonical name of an IANA time zone, or null when it is not one. */
export function canonicalTimeZone(name: string): string | null {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100) return null;
  try {
    return Temporal.Now.zonedDateTimeISO(name.trim()).timeZoneId;
  } catch {
    return null;
  }
}

/** Days since 1970-01-01 of a local date. */
function epochDayOf(date: Temporal.PlainDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / DAY);
}

function isoDateOfEpochDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The site's local date (as an epoch day) of an instant. */
export function localEpochDay(timeZone: string, at: number): number {
  const zoned = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone);
  return epochDayOf(zoned.toPlainDate());
}

/** The local date YYYY-MM-DD of an instant in the site time zone (reports bucket by it). */
export function localDateOf(timeZone: string, at: Date | number): string {
  return isoDateOfEpochDay(localEpochDay(timeZone, typeof at === 'number' ? at : at.getTime()));
}

/** The instant local midnight of `isoDate` begins in the zone (the first instant of that day). */
export function startOfLocalDay(timeZone: string, isoDate: string): Date {
  return new Date(Temporal.PlainDate.from(isoDate).toZonedDateTime(timeZone).epochMilliseconds);
}

/** Sorted, non-overlapping, non-adjacent union of intervals. */
export function mergeIntervals(intervals: Iterable<Interval>): Interval[] {
  const sorted = [...intervals].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Pieces of [a, b) not covered by `stops` (sorted, merged). */
function subtract(a: number, b: number, stops: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let cursor = a;
  for (const [s, e] of stops) {
    if (e <= cursor) continue;
    if (s >= b) break;
    if (s > cursor) out.push([cursor, Math.min(s, b)]);
    cursor = Math.max(cursor, e);
    if (cursor >= b) break;
  }
  if (cursor < b) out.push([cursor, b]);
  return out;
}

/** A way of counting time: working time of a calendar, or all time. */
export interface Clock {
  /** Milliseconds counted in [from, to), skipping `stops`. */
  elapsed(from: number, to: number, stops?: readonly Interval[]): number;
  /**
   * The instant at which `amount` milliseconds have been counted from `from`, skipping `stops`;
   * null when that never happens (a stop without end comes first, or no working time at all).
   */
  add(from: number, amount: number, stops?: readonly Interval[]): number | null;
}

/** Every millisecond counts (a policy in calendar hours). */
export const CALENDAR_CLOCK: Clock = {
  elapsed(from, to, stops = []) {
    if (to <= from) return 0;
    return subtract(from, to, mergeIntervals(stops)).reduce((sum, [a, b]) => sum + (b - a), 0);
  },
  add(from, amount, stops = []) {
    let left = amount;
    let cursor = from;
    for (const [s, e] of mergeIntervals(stops)) {
      if (e <= cursor) continue;
      if (s - cursor >= left) break;
      left -= Math.max(0, s - cursor);
      cursor = Math.max(cursor, e);
      if (cursor === Infinity) return null;
    }
    return cursor + left;
  },
};

/** Working time of a site calendar, with each local day's working intervals cached. */
export class BusinessClock implements Clock {
  readonly timeZone: string;
  private readonly periodsByDay: [number, number][][];
  private readonly holidays: ReadonlySet<string>;
  private readonly days = new Map<number, Interval[]>();
  private readonly hasWork: boolean;

  constructor(calendar: SiteCalendar) {
    this.timeZone = calendar.timeZone;
    this.periodsByDay = WEEKDAYS.map((_, day) =>
      mergeIntervals(calendar.periods.filter((p) => p.dayOfWeek === day).map((p) => [p.startMinute, p.endMinute] as Interval)) as [number, number][],
    );
    this.holidays = new Set(calendar.holidays);
    this.hasWork = this.periodsByDay.some((periods) => periods.length > 0);
  }

  /**
   * The instants of local day `day` (epoch day) whose wall-clock reading lies in a working period:
   * the day's periods as readings, mapped back through each stretch of constant UTC offset.
   */
  workingIntervals(day: number): Interval[] {
    const cached = this.days.get(day);
    if (cached) return cached;
    const periods = this.periodsByDay[(((day + 4) % 7) + 7) % 7]!;
    let result: Interval[] = [];
    if (periods.length && !this.holidays.has(isoDateOfEpochDay(day))) {
      const midnightReading = day * DAY;
      // Instants whose reading falls on this date lie within [midnight - 14 h, midnight + 24 h + 12 h].
      const windowStart = midnightReading - 15 * HOUR;
      const windowEnd = midnightReading + DAY + 15 * HOUR;
      const pieces: Interval[] = [];
      let zoned = Temporal.Instant.fromEpochMilliseconds(windowStart).toZonedDateTimeISO(this.timeZone);
      let segmentStart = windowStart;
      while (segmentStart < windowEnd) {
        const offset = zoned.offsetNanoseconds / 1e6;
        const next = zoned.getTimeZoneTransition('next');
        const segmentEnd = next ? Math.min(next.epochMilliseconds, windowEnd) : windowEnd;
        for (const [s, e] of periods) {
          const a = Math.max(midnightReading + s * MINUTE - offset, segmentStart);
          const b = Math.min(midnightReading + e * MINUTE - offset, segmentEnd);
          if (b > a) pieces.push([a, b]);
        }
        if (!next || next.epochMilliseconds >= windowEnd) break;
        segmentStart = next.epochMilliseconds;
        zoned = next;
      }
      result = mergeIntervals(pieces);
    }
    if (this.days.size > 20_000) this.days.clear();
    this.days.set(day, result);
    return result;
  }

  /** Working intervals overlapping [from, …), in order, day by day (adjacent days may touch). */
  private *intervalsFrom(from: number, maxDays = SEARCH_DAYS): Generator<Interval> {
    // The reading at `from` may belong to the previous local day's late periods (offsets up to ±14 h).
    const first = localEpochDay(this.timeZone, from) - 1;
    let pending: [number, number] | null = null;
    for (let day = first; day <= first + maxDays; day++) {
      for (const [a, b] of this.workingIntervals(day)) {
        if (b <= from) continue;
        const start = Math.max(a, from);
        if (pending && start <= pending[1]) {
          pending[1] = Math.max(pending[1], b);
          continue;
        }
        if (pending) yield pending;
        pending = [start, b];
      }
    }
    if (pending) yield pending;
  }

  elapsed(from: number, to: number, stops: readonly Interval[] = []): number {
    if (to <= from) return 0;
    const merged = mergeIntervals(stops);
    let total = 0;
    const days = Math.ceil((to - from) / DAY) + 3;
    for (const [a, b] of this.intervalsFrom(from, days)) {
      if (a >= to) break;
      for (const [x, y] of subtract(a, Math.min(b, to), merged)) total += y - x;
    }
    return total;
  }

  add(from: number, amount: number, stops: readonly Interval[] = []): number | null {
    if (amount <= 0) return from;
    if (!this.hasWork) return null;
    const merged = mergeIntervals(stops);
    let left = amount;
    for (const [a, b] of this.intervalsFrom(from)) {
      for (const [x, y] of subtract(a, b, merged)) {
        if (y - x >= left) return x + left;
        left -= y - x;
      }
      // A stop without end swallows everything after it.
      if (merged.length && merged[merged.length - 1]![1] === Infinity && merged[merged.length - 1]![0] <= b) return null;
    }
    return null;
  }
}

/** The clock a policy counts in. */
export function clockFor(businessHours: boolean, calendar: SiteCalendar): Clock {
  return businessHours ? new BusinessClock(calendar) : CALENDAR_CLOCK;
}
