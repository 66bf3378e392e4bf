/**
 * Working time and holidays (spec "# WorkingTime&Holiday") and the site calendar built from them.
 *
 *  - Working time: the site time zone (IANA name, default UTC) and working periods per weekday;
 *    several entries per `dayOfWeek` (split shifts). An entry with `isBusinessDay: false` marks the
 *    day not worked (it adds no period). Overlapping periods of one day, end before (or at) start,
 *    hour outside 0..24, minute outside 0..59, an unknown day or time zone: 400 naming the field.
 *    `PUT` replaces the whole list in one transaction. Never set: Monday–Friday 09:00–17:00 UTC.
 *  - slaPausedStatuses: the open statuses in which every SLA clock stops (default pendingExternal
 *    and onHold; closed always stops them); part of the same PUT, kept when left out.
 *  - Holidays: whole local days (site time zone), one per date (a second one on a date is a 400).
 *  - loadSiteCalendar(db): the calendar the SLA clocks count in (src/engine/calendar).
 */
import { DEFAULT_CALENDAR, WEEKDAYS, canonicalTimeZone, type SiteCalendar, type WorkingPeriod } from '../../engine/calendar/index.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { invalidField, notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';
import { CONVERSATION_STATUSES } from '../../engine/conditions/system-fields.js';
import { PAUSED_STATUSES } from '../sla-policies/clocks.js';
import { enqueueSlaRecompute } from '../sla-policies/recompute.js';

type Db = Tx | ServiceContext['prisma'];

export interface WorkingTimeEntry {
  dayOfWeek: string;
  isBusinessDay: boolean;
  startHour: number;
  startMin: number;
  endHour: number;
  endMin: number;
}

export interface WorkingTimeSettings {
  timeZone: string;
  workingTimes: WorkingTimeEntry[];
  /** Statuses in which the SLA clocks stop (closed always stops them). */
  slaPausedStatuses: string[];
}

/** Statuses that may pause the SLA clocks: every open status (closed stops them anyway). */
export const PAUSABLE_STATUSES = CONVERSATION_STATUSES.filter((status) => status !== 'closed');

const SETTING_ID = 1;

function entryOf(period: WorkingPeriod): WorkingTimeEntry {
  return {
    dayOfWeek: WEEKDAYS[period.dayOfWeek]!,
    isBusinessDay: true,
    startHour: Math.floor(period.startMinute / 60),
    startMin: period.startMinute % 60,
    endHour: Math.floor(period.endMinute / 60),
    endMin: period.endMinute % 60,
  };
}

/** The settings as the API shows them: every period in day order, and each day without one as `isBusinessDay: false`. */
export function settingsOf(calendar: Pick<SiteCalendar, 'timeZone' | 'periods'>, slaPausedStatuses: readonly string[]): WorkingTimeSettings {
  const workingTimes: WorkingTimeEntry[] = [];
  for (let day = 0; day < 7; day++) {
    const periods = calendar.periods.filter((p) => p.dayOfWeek === day).sort((a, b) => a.startMinute - b.startMinute);
    if (periods.length) workingTimes.push(...periods.map(entryOf));
    else workingTimes.push({ dayOfWeek: WEEKDAYS[day]!, isBusinessDay: false, startHour: 0, startMin: 0, endHour: 0, endMin: 0 });
  }
  return { timeZone: calendar.timeZone, workingTimes, slaPausedStatuses: [...slaPausedStatuses] };
}

async function loadWorkingTime(db: Db): Promise<Pick<SiteCalendar, 'timeZone' | 'periods'>> {
  const setting = await db.workingTimeSetting.findUnique({ where: { id: SETTING_ID } });
  if (!setting) return DEFAULT_CALENDAR;
  const periods = await db.workingPeriod.findMany({ orderBy: [{ dayOfWeek: 'asc' }, { startMinute: 'asc' }] });
  return { timeZone: setting.timeZone, periods: periods.map((p) => ({ dayOfWeek: p.dayOfWeek, startMinute: p.startMinute, endMinute: p.endMinute })) };
}

export async function getWorkingTime(db: Db): Promise<WorkingTimeSettings> {
  const [workingTime, paused] = await Promise.all([loadWorkingTime(db), loadPausedStatuses(db)]);
  return settingsOf(workingTime, paused);
}

/** The statuses in which every SLA clock stops (the default list until the site sets one). */
export async function loadPausedStatuses(db: Db): Promise<readonly string[]> {
  const setting = await db.workingTimeSetting.findUnique({ where: { id: SETTING_ID }, select: { slaPausedStatuses: true } });
  return setting?.slaPausedStatuses ?? PAUSED_STATUSES;
}

/** The site calendar: time zone, working periods and holiday dates (three small reads). */
export async function loadSiteCalendar(db: Db): Promise<SiteCalendar> {
  const [workingTime, holidays] = await Promise.all([loadWorkingTime(db), db.holiday.findMany({ select: { date: true } })]);
  return { ...workingTime, holidays: holidays.map((h) => h.date.toISOString().slice(0, 10)) };
}

const DAY_NAMES = new Map<string, number>(
  WEEKDAYS.flatMap((name, index) => [[name.toLowerCase(), index], [name.slice(0, 3).toLowerCase(), index]] as [string, number][]),
);

function dayOf(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 6) return value;
  if (typeof value === 'string') {
    const day = DAY_NAMES.get(value.trim().toLowerCase()) ?? (/^[0-6]$/.test(value.trim()) ? Number(value.trim()) : undefined);
    if (day !== undefined) return day;
  }
  throw invalidField(field, `must be a day of the week (Sunday … Saturday), got ${JSON.stringify(value)}`);
}

function integerIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidField(field, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export interface WorkingTimeInput {
  timeZone?: unknown;
  workingTimes?: unknown;
  slaPausedStatuses?: unknown;
}

/** `slaPausedStatuses`: open statuses, each once, kept in workflow order; left out (undefined/null): unchanged. */
export function parsePausedStatuses(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidField('slaPausedStatuses', `must be a list of statuses (${PAUSABLE_STATUSES.join(', ')})`);
  value.forEach((status, index) => {
    if (typeof status !== 'string' || !(PAUSABLE_STATUSES as readonly string[]).includes(status)) {
      const hint = status === 'closed' ? ' (closed always stops the clocks)' : '';
      throw invalidField(`slaPausedStatuses[${index}]`, `must be one of ${PAUSABLE_STATUSES.join(', ')}${hint}, got ${JSON.stringify(status)}`);
    }
  });
  return PAUSABLE_STATUSES.filter((status) => value.includes(status));
}

/** Validates the whole input (400 naming the field, e.g. `workingTimes[2].endHour`) before anything is written. */
export function parseWorkingTime(input: WorkingTimeInput, currentTimeZone: string): { timeZone: string; periods: WorkingPeriod[] } {
  let timeZone = currentTimeZone;
  if (input.timeZone !== undefined && input.timeZone !== null) {
    const canonical = typeof input.timeZone === 'string' ? canonicalTimeZone(input.timeZone) : null;
    if (!canonical) throw invalidField('timeZone', `must be an IANA time zone name such as Europe/London, got ${JSON.stringify(input.timeZone)}`);
    timeZone = canonical;
  }
  if (!Array.isArray(input.workingTimes)) throw invalidField('workingTimes', 'is required (a list of working time entries)');
  if (input.workingTimes.length > 7 * 48) throw invalidField('workingTimes', `must list at most ${7 * 48} entries`);
  const periods: (WorkingPeriod & { at: number })[] = [];
  input.workingTimes.forEach((raw, at) => {
    const field = `workingTimes[${at}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalidField(field, 'must be a working time object');
    const entry = raw as Record<string, unknown>;
    const dayOfWeek = dayOf(entry.dayOfWeek, `${field}.dayOfWeek`);
    const isBusinessDay = entry.isBusinessDay ?? true;
    if (typeof isBusinessDay !== 'boolean') throw invalidField(`${field}.isBusinessDay`, `must be true or false, got ${JSON.stringify(entry.isBusinessDay)}`);
    if (!isBusinessDay) return;
    const startHour = integerIn(entry.startHour, `${field}.startHour`, 0, 23);
    const startMin = integerIn(entry.startMin ?? 0, `${field}.startMin`, 0, 59);
    const endHour = integerIn(entry.endHour, `${field}.endHour`, 0, 24);
    const endMin = integerIn(entry.endMin ?? 0, `${field}.endMin`, 0, 59);
    if (endHour === 24 && endMin !== 0) throw invalidField(`${field}.endMin`, 'must be 0 when endHour is 24 (midnight)');
    const startMinute = startHour * 60 + startMin;
    const endMinute = endHour * 60 + endMin;
    if (endMinute <= startMinute) throw invalidField(`${field}.endHour`, `must be after the start (${startHour}:${String(startMin).padStart(2, '0')}); a period crossing midnight is two entries, one ending at 24:00`);
    periods.push({ dayOfWeek, startMinute, endMinute, at });
  });
  for (const p of periods) {
    const other = periods.find((q) => q !== p && q.dayOfWeek === p.dayOfWeek && q.at < p.at && q.startMinute < p.endMinute && p.startMinute < q.endMinute);
    if (other) throw invalidField(`workingTimes[${p.at}]`, `overlaps workingTimes[${other.at}] (both on ${WEEKDAYS[p.dayOfWeek]})`);
  }
  return { timeZone, periods: periods.map(({ dayOfWeek, startMinute, endMinute }) => ({ dayOfWeek, startMinute, endMinute })) };
}

export async function updateWorkingTime(ctx: ServiceContext, input: WorkingTimeInput): Promise<WorkingTimeSettings> {
  return inTransaction(ctx, async (tx, emit) => {
    await tx.$executeRaw`INSERT INTO "WorkingTimeSetting" ("id", "timeZone", "updatedTime") VALUES (${SETTING_ID}, 'UTC', now()) ON CONFLICT ("id") DO NOTHING`;
    const [current] = await tx.$queryRaw<{ timeZone: string; slaPausedStatuses: string[] }[]>`
      SELECT "timeZone", "slaPausedStatuses" FROM "WorkingTimeSetting" WHERE id = ${SETTING_ID} FOR UPDATE`;
    const parsed = parseWorkingTime(input, current!.timeZone);
    const paused = parsePausedStatuses(input.slaPausedStatuses) ?? current!.slaPausedStatuses;
    await tx.workingTimeSetting.update({ where: { id: SETTING_ID }, data: { timeZone: parsed.timeZone, slaPausedStatuses: paused, updatedTime: new Date() } });
    await tx.workingPeriod.deleteMany({});
    if (parsed.periods.length) await tx.workingPeriod.createMany({ data: parsed.periods });
    emit({ type: 'sla.calendarChanged', conversationId: null, payload: { what: 'workingTime', timeZone: parsed.timeZone } });
    await enqueueSlaRecompute(tx);
    return settingsOf(parsed, paused);
  });
}

// ─── Holidays ──────────────────────────────────────────────────────────────

export interface HolidayRow {
  id: number;
  title: string;
  /** YYYY-MM-DD, a local date of the site time zone. */
  date: string;
}

const holidayOf = (row: { id: number; title: string; date: Date }): HolidayRow => ({ id: row.id, title: row.title, date: row.date.toISOString().slice(0, 10) });

export async function listHolidays(db: Db): Promise<HolidayRow[]> {
  return (await db.holiday.findMany({ orderBy: [{ date: 'asc' }, { id: 'asc' }] })).map(holidayOf);
}

export async function findHoliday(db: Db, id: unknown): Promise<HolidayRow> {
  const holidayId = intId('Holiday', id as string, 'id');
  const row = await db.holiday.findUnique({ where: { id: holidayId } });
  if (!row) throw notFound('holiday', id);
  return holidayOf(row);
}

/**
 * A holiday's date: `YYYY-MM-DD`, or a datetime whose date part is taken as the local date
 * (`2026-12-25T00:00:00Z` is 25 December, whatever the site time zone).
 */
function parseHolidayDate(value: unknown): Date {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim()) : null;
  if (match) {
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1970 && y <= 9999) return date;
  }
  throw invalidField('date', `must be a date YYYY-MM-DD (or a datetime whose date is taken), got ${JSON.stringify(value)}`);
}

function parseTitle(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidField('title', 'is required');
  if (value.length > 200) throw invalidField('title', 'must be at most 200 characters');
  return value.trim();
}

export interface HolidayInput {
  title?: unknown;
  date?: unknown;
}

async function refuseDuplicateDate(tx: Tx, date: Date, exceptId: number | null) {
  const other = await tx.holiday.findUnique({ where: { date } });
  if (other && other.id !== exceptId) throw invalidField('date', `already has the holiday ${JSON.stringify(other.title)} (id ${other.id})`);
}

/** Serializes holiday writes (the unique date check and insert). */
const lockHolidays = (tx: Tx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('Holiday'))`;

export async function createHoliday(ctx: ServiceContext, input: HolidayInput): Promise<HolidayRow> {
  const title = parseTitle(input.title);
  const date = parseHolidayDate(input.date);
  return inTransaction(ctx, async (tx, emit) => {
    await lockHolidays(tx);
    await refuseDuplicateDate(tx, date, null);
    const row = await tx.holiday.create({ data: { title, date } });
    emit({ type: 'sla.calendarChanged', conversationId: null, payload: { what: 'holiday', id: row.id } });
    await enqueueSlaRecompute(tx);
    return holidayOf(row);
  });
}

export async function updateHoliday(ctx: ServiceContext, id: unknown, input: HolidayInput): Promise<HolidayRow> {
  const title = input.title !== undefined && input.title !== null ? parseTitle(input.title) : undefined;
  const date = input.date !== undefined && input.date !== null ? parseHolidayDate(input.date) : undefined;
  return inTransaction(ctx, async (tx, emit) => {
    await lockHolidays(tx);
    const existing = await findHoliday(tx, id);
    if (date) await refuseDuplicateDate(tx, date, existing.id);
    const row = await tx.holiday.update({ where: { id: existing.id }, data: { ...(title ? { title } : {}), ...(date ? { date } : {}) } });
    emit({ type: 'sla.calendarChanged', conversationId: null, payload: { what: 'holiday', id: row.id } });
    await enqueueSlaRecompute(tx);
    return holidayOf(row);
  });
}

export async function deleteHoliday(ctx: ServiceContext, id: unknown): Promise<HolidayRow> {
  if (id === undefined || id === null || id === '') throw invalidField('id', 'is required (in the query string or the body)');
  return inTransaction(ctx, async (tx, emit) => {
    await lockHolidays(tx);
    const existing = await findHoliday(tx, id);
    await tx.holiday.delete({ where: { id: existing.id } });
    emit({ type: 'sla.calendarChanged', conversationId: null, payload: { what: 'holiday', id: existing.id } });
    await enqueueSlaRecompute(tx);
    return existing;
  });
}
