/**
 * Report parameters, read strictly: every bad value is a 400 naming the parameter (README "Reports").
 * One parser for REST (query-string strings) and GraphQL (typed arguments).
 */
import { badInput, invalidField } from '../../graphql/errors.js';

export const TIME_UNITS = ['hour', 'day', 'week', 'month'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];
export const SLA_TIME_UNITS = ['day', 'week', 'month'] as const;
export const DIMENSIONS = ['byTime', 'byAgent', 'byDepartment', 'byChannel'] as const;
export const SLA_DIMENSIONS = ['slaPolicies', 'agent', 'department'] as const;
export type Dimension = (typeof DIMENSIONS)[number] | (typeof SLA_DIMENSIONS)[number];
export const FILTER_TYPES = ['site', 'agent', 'department', 'account', 'channel'] as const;
export type FilterType = (typeof FILTER_TYPES)[number];

export type ReportKind = 'volume' | 'channel' | 'efficiency' | 'sla';

export interface Filter {
  type: Exclude<FilterType, 'site'>;
  value: number | string;
}

/** Where buckets are cut: the site time zone (IANA) or a fixed offset in minutes east of UTC. */
export type Zone = { kind: 'tz'; name: string } | { kind: 'offset'; minutes: number };

export interface RangeParams {
  kind: ReportKind;
  /** Hour-aligned [start, end). */
  start: Date;
  end: Date;
  timeUnit: TimeUnit;
  dimension: Dimension;
  filter: Filter | null;
  /** Minutes east of UTC for the export's bucket boundaries and dates; null: the site zone. */
  timeOffset: number | null;
  dateFormat: string;
}

/** What callers hand in: REST passes strings, GraphQL its typed values. */
export interface RawRangeParams {
  siteId?: unknown;
  startTime?: unknown;
  endTime?: unknown;
  timeUnit?: unknown;
  dimensionType?: unknown;
  filterType?: unknown;
  filterValue?: unknown;
  timeOffset?: unknown;
  dateFormat?: unknown;
}

const HOUR = 3_600_000;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/** An ISO-8601 instant; without an offset it is UTC (README "REST conventions"). */
export function parseTime(name: string, raw: unknown, required: boolean): Date | undefined {
  if (!present(raw)) {
    if (required) throw invalidField(name, 'is required (an ISO-8601 time)');
    return undefined;
  }
  if (raw instanceof Date) return raw;
  const text = String(raw).trim();
  if (!ISO.test(text)) throw invalidField(name, `must be an ISO-8601 time, got ${JSON.stringify(text)}`);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const withZone = dateOnly ? `${text}T00:00:00Z` : /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`;
  const date = new Date(withZone);
  // Reject impossible dates (2026-02-30) that Date would roll over.
  if (Number.isNaN(date.getTime()) || (dateOnly || !/[+-]\d{2}:?\d{2}$/.test(text) ? !sameCalendarDay(text, date) : false)) {
    throw invalidField(name, `must be a valid ISO-8601 time, got ${JSON.stringify(text)}`);
  }
  return date;
}

function sameCalendarDay(text: string, date: Date): boolean {
  return date.toISOString().slice(0, 10) === text.slice(0, 10);
}

function oneOf<T extends string>(name: string, raw: unknown, allowed: readonly T[], fallback: T): T {
  if (!present(raw)) return fallback;
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
    throw invalidField(name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return raw as T;
}

function integerOf(name: string, raw: unknown): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw invalidField(name, `must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** `siteId`: one site; any integer is accepted. */
export function parseSiteId(raw: unknown): void {
  if (present(raw)) integerOf('siteId', raw);
}

/** filterType / filterValue: agent, department and account take an integer id, channel its name. */
export function parseFilter(rawType: unknown, rawValue: unknown): Filter | null {
  const type = oneOf('filterType', rawType, FILTER_TYPES, 'site');
  if (type === 'site') return null;
  if (!present(rawValue)) throw invalidField('filterValue', `is required with filterType ${type}`);
  if (type === 'channel') {
    if (typeof rawValue !== 'string' && typeof rawValue !== 'number') throw invalidField('filterValue', 'must be a channel name');
    return { type, value: String(rawValue) };
  }
  const value = integerOf('filterValue', rawValue);
  if (value < 1 || value > 2_147_483_647) throw invalidField('filterValue', `must be a positive ${type} id, got ${value}`);
  return { type, value };
}

const DATE_TOKENS = /YYYY|YY|MM|M|DD|D|HH|H|mm|m|ss|s|SSS/g;
/** Default `dateFormat` of exports. */
export const DEFAULT_DATE_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** `dateFormat`: tokens YYYY YY MM M DD D HH H mm m ss s SSS, separated by - / . : , space, T or _. */
export function parseDateFormat(raw: unknown): string {
  if (!present(raw)) return DEFAULT_DATE_FORMAT;
  if (typeof raw !== 'string' || raw.length > 64) throw invalidField('dateFormat', 'must be a date pattern such as YYYY-MM-DD HH:mm:ss');
  const rest = raw.replace(DATE_TOKENS, '');
  if (!/^[-/.:, T_]*$/.test(rest) || rest.length === raw.length) {
    throw invalidField('dateFormat', `is not understood: ${JSON.stringify(raw)} (tokens YYYY YY MM M DD D HH H mm m ss s SSS; separators - / . : , space T _)`);
  }
  return raw;
}

/** Formats `date` (UTC instant) with `pattern`, shifted by `offsetMinutes` (or rendered in `timeZone`). */
export function formatDate(date: Date, pattern: string, offsetMinutes: number): string {
  const d = new Date(date.getTime() + offsetMinutes * 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const parts: Record<string, string> = {
    YYYY: pad(d.getUTCFullYear(), 4),
    YY: pad(d.getUTCFullYear() % 100),
    MM: pad(d.getUTCMonth() + 1),
    M: String(d.getUTCMonth() + 1),
    DD: pad(d.getUTCDate()),
    D: String(d.getUTCDate()),
    HH: pad(d.getUTCHours()),
    H: String(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    m: String(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
    s: String(d.getUTCSeconds()),
    SSS: pad(d.getUTCMilliseconds(), 3),
  };
  return pattern.replace(DATE_TOKENS, (token) => parts[token]!);
}

/** `timeOffset`: minutes east of UTC, -720 … 840. */
export function parseTimeOffset(raw: unknown): number | null {
  if (!present(raw)) return null;
  const value = integerOf('timeOffset', raw);
  if (value < -720 || value > 840) throw invalidField('timeOffset', `must be minutes east of UTC from -720 to 840, got ${value}`);
  return value;
}

export function parseRangeParams(kind: ReportKind, raw: RawRangeParams, options: { maxRangeDays: number; export: boolean }): RangeParams {
  parseSiteId(raw.siteId);
  const startRaw = parseTime('startTime', raw.startTime, true)!;
  const endRaw = parseTime('endTime', raw.endTime, true)!;
  if (endRaw.getTime() <= startRaw.getTime()) {
    throw badInput(`endTime must be after startTime`, [{ field: 'endTime', message: 'must be after startTime' }]);
  }
  const start = new Date(Math.floor(startRaw.getTime() / HOUR) * HOUR);
  const end = new Date(Math.ceil(endRaw.getTime() / HOUR) * HOUR);
  if (end.getTime() - start.getTime() > options.maxRangeDays * 24 * HOUR) {
    throw badInput(`endTime is more than ${options.maxRangeDays} days after startTime (REPORT_MAX_RANGE_DAYS)`, [
      { field: 'endTime', message: `range over ${options.maxRangeDays} days` },
    ]);
  }
  const sla = kind === 'sla';
  const timeUnit = oneOf('timeUnit', raw.timeUnit, sla ? SLA_TIME_UNITS : TIME_UNITS, 'day');
  const dimension = sla ? oneOf('dimensionType', raw.dimensionType, SLA_DIMENSIONS, 'slaPolicies') : oneOf('dimensionType', raw.dimensionType, DIMENSIONS, 'byTime');
  // The SLA report takes no filter (spec): filterType / filterValue are ignored there.
  const filter = sla ? null : parseFilter(raw.filterType, raw.filterValue);
  const timeOffset = options.export ? parseTimeOffset(raw.timeOffset) : null;
  const dateFormat = options.export ? parseDateFormat(raw.dateFormat) : DEFAULT_DATE_FORMAT;
  return { kind, start, end, timeUnit, dimension, filter, timeOffset, dateFormat };
}

/** `HH:MM:SS` of a duration in ms (hours not capped at 24; rounded to the second; 00:00:00 for none). */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms <= 0) return '00:00:00';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
