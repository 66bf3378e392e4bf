/**
 * Reports (spec "# Reports", README "Reports"): realtime numbers from the live conversations
 * (partial index over the open ones) and today's rollup hours; range reports from the rollups.
 * Every read is one or two statements on the pg pool (SqlReader), never Prisma's engine.
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { SqlReader } from '../../db/read.js';
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '../../engine/calendar/index.js';
import { formatDate, formatDuration, parseFilter, parseSiteId, type Filter, type RangeParams, type Zone } from './params.js';
import { Temporal } from 'temporal-polyfill';
import { channelSql, channelTotalsSql, rangeSql, spanSql, type DaySpan, type Span } from './queries.js';

const raw = Prisma.raw;

export async function siteTimeZone(reader: SqlReader): Promise<string> {
  const [row] = await reader.query<{ timeZone: string }>(Prisma.sql`SELECT "timeZone" FROM "WorkingTimeSetting" WHERE "id" = 1`);
  return (row && canonicalTimeZone(row.timeZone)) ?? DEFAULT_TIME_ZONE;
}

/** Buckets of JSON reports: the site zone; of exports: the timeOffset when given. */
export async function zoneOf(reader: SqlReader, p: Pick<RangeParams, 'timeOffset'>): Promise<Zone> {
  return p.timeOffset !== null ? { kind: 'offset', minutes: p.timeOffset } : { kind: 'tz', name: await siteTimeZone(reader) };
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part * 10_000) / whole) / 100 : 0);
const avg = (sum: number, count: number): number | null => (count > 0 ? sum / count : null);
const round2 = (v: number | null) => (v === null ? 0 : Math.round(v * 100) / 100);
const hours = (ms: number | null) => (ms === null ? 0 : Math.round((ms / 3_600_000) * 100) / 100);
/** Dimension value as answered: null for "none" (0 or ''), the channel name, or the integer id. */
const idOf = (d: unknown, byTime: boolean, n: number): number | string | null => (byTime ? n : d === 0 || d === '' || d === null ? null : typeof d === 'string' ? d : Number(d));

// ─── Realtime ─────────────────────────────────────────────────────────────

const LIVE_COUNTS = raw(`
  count(*) FILTER (WHERE "assignedAgentId" IS NULL)::int AS "unassignedConversations",
  count(*)::int AS "openConversations",
  count(*) FILTER (WHERE "status" = 'new')::int AS "newConversations",
  count(*) FILTER (WHERE "status" = 'pendingInternal')::int AS "pendingInternalConversations",
  count(*) FILTER (WHERE "status" = 'pendingExternal')::int AS "pendingExternalConversations",
  count(*) FILTER (WHERE "status" = 'onHold')::int AS "onHoldConversations",
  count(*) FILTER (WHERE "priority" = 'urgent')::int AS "urgentConversations",
  count(*) FILTER (WHERE "priority" = 'high')::int AS "highConversations"`);
const LIVE_OPEN = raw(`"deletedTime" IS NULL AND "status" <> 'closed'`);

const LIVE_FILTER_COLUMN: Record<Filter['type'], string> = { agent: 'assignedAgentId', department: 'assignedDepartmentId', account: 'receivedBy', channel: 'channel' };
function liveFilter(filter: Filter | null): Prisma.Sql {
  if (!filter) return Prisma.sql`TRUE`;
  const value = filter.type === 'account' ? String(filter.value) : filter.value;
  return Prisma.sql`${raw(`"${LIVE_FILTER_COLUMN[filter.type]}"`)} = ${value}`;
}
const ROLLUP_FILTER_COLUMN: Record<Filter['type'], string> = { agent: 'agentId', department: 'departmentId', account: 'accountId', channel: 'channel' };
function rollupFilter(filter: Filter | null): Prisma.Sql {
  if (!filter) return Prisma.sql`TRUE`;
  return Prisma.sql`${raw(`"${ROLLUP_FILTER_COLUMN[filter.type]}"`)} = ${filter.value}`;
}

export interface LiveCounts {
  unassignedConversations: number;
  openConversations: number;
  newConversations: number;
  pendingInternalConversations: number;
  pendingExternalConversations: number;
  onHoldConversations: number;
  urgentConversations: number;
  highConversations: number;
}

/** Local midnight (site zone) as a UTC timestamp expression. */
const todayStart = (zone: string) => Prisma.sql`(date_trunc('day', now() AT TIME ZONE ${zone}::text) AT TIME ZONE ${zone}::text AT TIME ZONE 'UTC')`;

export async function realtimeNow(reader: SqlReader, siteId?: unknown): Promise<LiveCounts> {
  parseSiteId(siteId);
  const [row] = await reader.query<LiveCounts>(Prisma.sql`SELECT ${LIVE_COUNTS} FROM "Conversation" WHERE ${LIVE_OPEN}`);
  return row!;
}

export interface TodayCounts {
  createdConversations: number;
  closedConversations: number;
  repliedConversations: number;
  reopenedConversations: number;
}

export async function realtimeToday(reader: SqlReader, siteId?: unknown): Promise<TodayCounts> {
  parseSiteId(siteId);
  const zone = await siteTimeZone(reader);
  const [row] = await reader.query<TodayCounts>(Prisma.sql`
    SELECT coalesce(sum("created"), 0)::int AS "createdConversations", coalesce(sum("closed"), 0)::int AS "closedConversations",
      coalesce(sum("replied"), 0)::int AS "repliedConversations", coalesce(sum("reopened"), 0)::int AS "reopenedConversations"
    FROM "ReportHour" WHERE "hour" >= ${todayStart(zone)}`);
  return row!;
}

export type RealtimeRow = LiveCounts & { id: number | null; todayRepliedConversations: number; todayClosedConversations: number };

/**
 * Per department or agent: live counts of its open conversations and today's replied / closed,
 * every department (agent) listed, plus a row with id null for conversations without one.
 */
export async function realtimeBy(reader: SqlReader, by: 'department' | 'agent', raw: { siteId?: unknown; filterType?: unknown; filterValue?: unknown }): Promise<RealtimeRow[]> {
  parseSiteId(raw.siteId);
  const filter = by === 'agent' ? parseFilter(raw.filterType, raw.filterValue) : null;
  const zone = await siteTimeZone(reader);
  const live = by === 'department' ? Prisma.raw('"assignedDepartmentId"') : Prisma.raw('"assignedAgentId"');
  const rolled = by === 'department' ? Prisma.raw('"departmentId"') : Prisma.raw('"agentId"');
  const people =
    by === 'department'
      ? Prisma.sql`SELECT "id" FROM "Department"`
      : filter?.type === 'agent'
        ? Prisma.sql`SELECT "id" FROM "Agent" WHERE "id" = ${filter.value}`
        : Prisma.sql`SELECT "id" FROM "Agent"`;
  const rows = await reader.query<Record<string, unknown>>(Prisma.sql`
    WITH live AS (SELECT ${live} AS lid, ${LIVE_COUNTS} FROM "Conversation" WHERE ${LIVE_OPEN} AND ${liveFilter(filter)} GROUP BY 1),
    today AS (
      SELECT nullif(${rolled}, 0) AS id, sum("replied")::int AS replied, sum("closed")::int AS closed
      FROM "ReportHour" WHERE "hour" >= ${todayStart(zone)} AND ${rollupFilter(filter)} GROUP BY 1),
    ids AS (${people} UNION SELECT lid FROM live UNION SELECT id FROM today)
    SELECT ids.id, live.*, coalesce(today.replied, 0) AS "todayRepliedConversations", coalesce(today.closed, 0) AS "todayClosedConversations"
    FROM ids LEFT JOIN live ON live.lid IS NOT DISTINCT FROM ids.id LEFT JOIN today ON today.id IS NOT DISTINCT FROM ids.id
    ORDER BY ids.id NULLS LAST`);
  const out: RealtimeRow[] = [];
  for (const row of rows) {
    const r: RealtimeRow = {
      id: row.id === null ? null : Number(row.id),
      unassignedConversations: num(row.unassignedConversations),
      openConversations: num(row.openConversations),
      newConversations: num(row.newConversations),
      pendingInternalConversations: num(row.pendingInternalConversations),
      pendingExternalConversations: num(row.pendingExternalConversations),
      onHoldConversations: num(row.onHoldConversations),
      urgentConversations: num(row.urgentConversations),
      highConversations: num(row.highConversations),
      todayRepliedConversations: num(row.todayRepliedConversations),
      todayClosedConversations: num(row.todayClosedConversations),
    };
    // The "none" row only when something is in it.
    if (r.id === null && !r.openConversations && !r.todayClosedConversations && !r.todayRepliedConversations) continue;
    out.push(r);
  }
  return out;
}

// ─── Range reports ────────────────────────────────────────────────────────

interface Plan {
  zone: Zone;
  span: Span;
  days: DaySpan | null;
}

/**
 * Where a range report reads: its zone, the rollup's span, and the whole local days ReportDay can
 * answer (day/week/month buckets in the zone ReportDay is cut in, local midnights on the hour).
 */
async function planOf(reader: SqlReader, p: RangeParams): Promise<Plan> {
  const [zone, rows] = await Promise.all([zoneOf(reader, p), reader.query<Span & { dayZone: string | null }>(spanSql)]);
  const span = rows[0] ?? { minHour: null, maxHour: null, dayZone: null };
  let days: DaySpan | null = null;
  if (p.timeUnit !== 'hour' && zone.kind === 'tz' && span.dayZone === zone.name) {
    const startLocal = Temporal.Instant.fromEpochMilliseconds(p.start.getTime()).toZonedDateTimeISO(zone.name);
    const startDay = startLocal.toPlainDate();
    const first = startLocal.startOfDay().epochMilliseconds === p.start.getTime() ? startDay : startDay.add({ days: 1 });
    const end = Temporal.Instant.fromEpochMilliseconds(p.end.getTime()).toZonedDateTimeISO(zone.name).toPlainDate();
    const firstUtc = first.toZonedDateTime(zone.name).epochMilliseconds;
    const endUtc = end.toZonedDateTime(zone.name).epochMilliseconds;
    if (Temporal.PlainDate.compare(first, end) < 0 && firstUtc % 3_600_000 === 0 && endUtc % 3_600_000 === 0) {
      days = { first: first.toString(), end: end.toString(), firstUtc: new Date(firstUtc), endUtc: new Date(endUtc) };
    }
  }
  return { zone, span, days };
}

export interface VolumeRow {
  id: number | string | null;
  createdConversations: number;
  createdConversationsPercentage: number;
  closedConversations: number;
  closedConversationsPercentage: number;
  repliedConversations: number;
  repliedConversationsPercentage: number;
  reopenedConversations: number;
  reopenedConversationsPercentage: number;
  openConversations: number;
  openConversationsPercentage: number;
  startTime: Date;
  endTime: Date;
}

function volumeRow(row: Record<string, unknown>, byTime: boolean): VolumeRow {
  const v = (k: string) => num(row[k]);
  return {
    id: idOf(row.d, byTime, v('n')),
    createdConversations: v('created'),
    createdConversationsPercentage: pct(v('created'), v('createdTotal')),
    closedConversations: v('closed'),
    closedConversationsPercentage: pct(v('closed'), v('closedTotal')),
    repliedConversations: v('replied'),
    repliedConversationsPercentage: pct(v('replied'), v('repliedTotal')),
    reopenedConversations: v('reopened'),
    reopenedConversationsPercentage: pct(v('reopened'), v('reopenedTotal')),
    openConversations: v('open'),
    openConversationsPercentage: pct(v('open'), v('openTotal')),
    startTime: row.bstart as Date,
    endTime: row.bend as Date,
  };
}

export interface EfficiencyRow {
  id: number | string | null;
  avgAgentResponseTime: string;
  avgFirstResponseTime: string;
  avgConversationTime: string;
  avgContactMessages: number;
  avgAgentMessages: number;
  avgAgentResponseSeconds: number | null;
  avgFirstResponseSeconds: number | null;
  avgConversationSeconds: number | null;
  startTime: Date;
  endTime: Date;
}

interface EfficiencySums {
  replied: number;
  responseMs: number;
  firstResponses: number;
  firstResponseMs: number;
  closed: number;
  conversationMs: number;
  closedContactMessages: number;
  closedAgentMessages: number;
}

const efficiencySums = (row: Record<string, unknown>): EfficiencySums => ({
  replied: num(row.replied),
  responseMs: num(row.responseMs),
  firstResponses: num(row.firstResponses),
  firstResponseMs: num(row.firstResponseMs),
  closed: num(row.closed),
  conversationMs: num(row.conversationMs),
  closedContactMessages: num(row.closedContactMessages),
  closedAgentMessages: num(row.closedAgentMessages),
});

function efficiencyFigures(s: EfficiencySums) {
  const response = avg(s.responseMs, s.replied);
  const first = avg(s.firstResponseMs, s.firstResponses);
  const conversation = avg(s.conversationMs, s.closed);
  return {
    avgAgentResponseTime: formatDuration(response),
    avgFirstResponseTime: formatDuration(first),
    avgConversationTime: formatDuration(conversation),
    avgContactMessages: round2(avg(s.closedContactMessages, s.closed)),
    avgAgentMessages: round2(avg(s.closedAgentMessages, s.closed)),
    avgAgentResponseSeconds: response === null ? null : response / 1000,
    avgFirstResponseSeconds: first === null ? null : first / 1000,
    avgConversationSeconds: conversation === null ? null : conversation / 1000,
  };
}

function efficiencyRow(row: Record<string, unknown>, byTime: boolean): EfficiencyRow {
  return { id: idOf(row.d, byTime, num(row.n)), ...efficiencyFigures(efficiencySums(row)), startTime: row.bstart as Date, endTime: row.bend as Date };
}

export interface SlaRow {
  id: number | null;
  firstRespondTimeAchievedPercentage: number;
  avgFirstRespondTime: number;
  nextRespondTimeAchievedPercentage: number;
  avgNextRespondTime: number;
  ResolveTimeAchievedPercentage: number;
  avgResolveTime: number;
  breachedTickets: number;
  startTime: Date;
  endTime: Date;
}

function slaRow(row: Record<string, unknown>): SlaRow {
  const v = (k: string) => num(row[k]);
  return {
    id: idOf(row.d, false, 0) as number | null,
    firstRespondTimeAchievedPercentage: pct(v('slaFirstAchieved'), v('slaFirstAchieved') + v('slaFirstBreached')),
    avgFirstRespondTime: hours(avg(v('firstResponseMs'), v('firstResponses'))),
    nextRespondTimeAchievedPercentage: pct(v('slaNextAchieved'), v('slaNextAchieved') + v('slaNextBreached')),
    avgNextRespondTime: hours(avg(v('responseMs') - v('firstResponseMs'), v('replied') - v('firstResponses'))),
    ResolveTimeAchievedPercentage: pct(v('slaResolveAchieved'), v('slaResolveAchieved') + v('slaResolveBreached')),
    avgResolveTime: hours(avg(v('conversationMs'), v('closed'))),
    breachedTickets: v('slaBreachedTickets'),
    startTime: row.bstart as Date,
    endTime: row.bend as Date,
  };
}

export interface VolumeReport {
  dataList: VolumeRow[];
  totalCreatedConversations: number;
  totalClosedConversations: number;
  totalRepliedConversations: number;
  totalReopenedConversations: number;
  totalOpenConversations: number;
}

export async function volumeReport(reader: SqlReader, p: RangeParams): Promise<VolumeReport> {
  const { zone, span, days } = await planOf(reader, p);
  const rows = await reader.query<Record<string, unknown>>(rangeSql('volume', p, zone, span, days));
  const byTime = p.dimension === 'byTime';
  const dataList = rows.map((row) => volumeRow(row, byTime));
  const sum = (k: keyof VolumeRow) => dataList.reduce((a, r) => a + (r[k] as number), 0);
  const lastBucket = rows.length ? num(rows[rows.length - 1]!.n) : 0;
  return {
    dataList,
    totalCreatedConversations: sum('createdConversations'),
    totalClosedConversations: sum('closedConversations'),
    totalRepliedConversations: sum('repliedConversations'),
    totalReopenedConversations: sum('reopenedConversations'),
    // Open at the end of the range: the last bucket's rows.
    totalOpenConversations: rows.filter((r) => num(r.n) === lastBucket).reduce((a, r) => a + num(r.open), 0),
  };
}

export interface EfficiencyReport {
  dataList: EfficiencyRow[];
  totalAvgAgentResponseTime: string;
  totalAvgFirstResponseTime: string;
  totalAvgConversationTime: string;
  totalAvgContactMessages: number;
  totalAvgAgentMessages: number;
  totalAvgAgentResponseSeconds: number | null;
  totalAvgFirstResponseSeconds: number | null;
  totalAvgConversationSeconds: number | null;
}

export async function efficiencyReport(reader: SqlReader, p: RangeParams): Promise<EfficiencyReport> {
  const { zone, span, days } = await planOf(reader, p);
  const rows = await reader.query<Record<string, unknown>>(rangeSql('efficiency', p, zone, span, days));
  const byTime = p.dimension === 'byTime';
  const total = rows.map(efficiencySums).reduce(
    (a, s) => {
      for (const k of Object.keys(a) as (keyof EfficiencySums)[]) a[k] += s[k];
      return a;
    },
    { replied: 0, responseMs: 0, firstResponses: 0, firstResponseMs: 0, closed: 0, conversationMs: 0, closedContactMessages: 0, closedAgentMessages: 0 },
  );
  const t = efficiencyFigures(total);
  return {
    dataList: rows.map((row) => efficiencyRow(row, byTime)),
    totalAvgAgentResponseTime: t.avgAgentResponseTime,
    totalAvgFirstResponseTime: t.avgFirstResponseTime,
    totalAvgConversationTime: t.avgConversationTime,
    totalAvgContactMessages: t.avgContactMessages,
    totalAvgAgentMessages: t.avgAgentMessages,
    totalAvgAgentResponseSeconds: t.avgAgentResponseSeconds,
    totalAvgFirstResponseSeconds: t.avgFirstResponseSeconds,
    totalAvgConversationSeconds: t.avgConversationSeconds,
  };
}

export async function slaReport(reader: SqlReader, p: RangeParams): Promise<{ dataList: SlaRow[] }> {
  const { zone, span, days } = await planOf(reader, p);
  const rows = await reader.query<Record<string, unknown>>(rangeSql('sla', p, zone, span, days));
  return { dataList: rows.map(slaRow) };
}

export interface ChannelShare {
  channelId: string;
  channelName: string;
  channelPercentage: number;
}
export interface ChannelRow {
  id: number | string | null;
  name: string;
  channelEfficiencies: ChannelShare[];
  startTime: Date;
  endTime: Date;
}
export interface ChannelTotal {
  channelId: string;
  channelName: string;
  totalNumber: number;
}

/** A channel's display name: its id with a capital (`email` → `Email`). */
export const channelName = (id: string) => (id ? id[0]!.toUpperCase() + id.slice(1) : 'None');

export async function channelReport(reader: SqlReader, p: RangeParams): Promise<{ dataList: ChannelRow[]; channelTotalNumbers: ChannelTotal[] }> {
  const { zone, days } = await planOf(reader, p);
  const [rows, totals] = await Promise.all([reader.query<Record<string, unknown>>(channelSql(p, zone, days)), reader.query<{ channel: string; number: unknown }>(channelTotalsSql(p, zone, days))]);
  const byTime = p.dimension === 'byTime';
  const dataList: ChannelRow[] = [];
  let current: ChannelRow | undefined;
  let key = '';
  for (const row of rows) {
    const k = `${String(row.n)}|${String(row.d)}`;
    if (!current || k !== key) {
      const id = idOf(row.d, byTime, num(row.n));
      current = { id, name: byTime ? formatDate(row.bstart as Date, 'YYYY-MM-DD HH:mm', 0) : id === null ? 'None' : String(id), channelEfficiencies: [], startTime: row.bstart as Date, endTime: row.bend as Date };
      key = k;
      dataList.push(current);
    }
    if (row.channel !== null && row.channel !== undefined) {
      current.channelEfficiencies.push({ channelId: String(row.channel), channelName: channelName(String(row.channel)), channelPercentage: pct(num(row.number), num(row.rowTotal)) });
    }
  }
  return { dataList, channelTotalNumbers: totals.map((t) => ({ channelId: t.channel, channelName: channelName(t.channel), totalNumber: num(t.number) })) };
}

// ─── Exports ──────────────────────────────────────────────────────────────

export interface ExportPlan {
  filename: string;
  header: string[];
  rows: AsyncIterable<unknown[]>;
}

/**
 * The export of a report: the same statement as the JSON report, read through a cursor and turned
 * into CSV records one by one (constant memory, no row cap). Dates in dateFormat at timeOffset, or
 * without one in the site zone (its offset at each date).
 */
export async function exportPlan(reader: SqlReader, p: RangeParams): Promise<ExportPlan> {
  const { zone, span, days } = await planOf(reader, p);
  const tz = zone.kind === 'tz' ? zone.name : null;
  // Bucket boundaries repeat on every row of a bucket: the zone's offset is looked up once per instant.
  const offsets = new Map<number, number>();
  const offsetAt = (date: Date) => {
    if (zone.kind === 'offset') return zone.minutes;
    let minutes = offsets.get(date.getTime());
    if (minutes === undefined) {
      if (offsets.size > 100_000) offsets.clear();
      minutes = zoneOffsetMinutes(tz!, date);
      offsets.set(date.getTime(), minutes);
    }
    return minutes;
  };
  const date = (d: Date) => formatDate(d, p.dateFormat, offsetAt(d));
  const byTime = p.dimension === 'byTime';
  const filename = exportFilename(p);
  const idHeader = byTime ? 'bucket' : p.dimension.replace(/^by/, '').toLowerCase() + 'Id';
  if (p.kind === 'channel') {
    const rows = reader.stream<Record<string, unknown>>(channelSql(p, zone, days));
    return {
      filename,
      header: [idHeader, 'startTime', 'endTime', 'channelId', 'channelName', 'totalNumber', 'channelPercentage'],
      rows: mapRows(rows, (r) => [idOf(r.d, byTime, num(r.n)) ?? '', date(r.bstart as Date), date(r.bend as Date), r.channel ?? '', r.channel ? channelName(String(r.channel)) : '', num(r.number), pct(num(r.number), num(r.rowTotal))]),
    };
  }
  if (p.kind === 'volume') {
    const rows = reader.stream<Record<string, unknown>>(rangeSql('volume', p, zone, span, days));
    return {
      filename,
      header: [idHeader, 'startTime', 'endTime', 'createdConversations', 'createdConversationsPercentage', 'closedConversations', 'closedConversationsPercentage', 'repliedConversations', 'repliedConversationsPercentage', 'reopenedConversations', 'reopenedConversationsPercentage', 'openConversations', 'openConversationsPercentage'],
      rows: mapRows(rows, (r) => {
        const v = volumeRow(r, byTime);
        return [v.id ?? '', date(v.startTime), date(v.endTime), v.createdConversations, v.createdConversationsPercentage, v.closedConversations, v.closedConversationsPercentage, v.repliedConversations, v.repliedConversationsPercentage, v.reopenedConversations, v.reopenedConversationsPercentage, v.openConversations, v.openConversationsPercentage];
      }),
    };
  }
  if (p.kind === 'efficiency') {
    const rows = reader.stream<Record<string, unknown>>(rangeSql('efficiency', p, zone, span, days));
    return {
      filename,
      header: [idHeader, 'startTime', 'endTime', 'avgAgentResponseTime', 'avgFirstResponseTime', 'avgConversationTime', 'avgContactMessages', 'avgAgentMessages'],
      rows: mapRows(rows, (r) => {
        const v = efficiencyRow(r, byTime);
        return [v.id ?? '', date(v.startTime), date(v.endTime), v.avgAgentResponseTime, v.avgFirstResponseTime, v.avgConversationTime, v.avgContactMessages, v.avgAgentMessages];
      }),
    };
  }
  const rows = reader.stream<Record<string, unknown>>(rangeSql('sla', p, zone, span, days));
  return {
    filename,
    header: [p.dimension === 'slaPolicies' ? 'slaPolicyId' : `${p.dimension}Id`, 'startTime', 'endTime', 'firstRespondTimeAchievedPercentage', 'avgFirstRespondTime', 'nextRespondTimeAchievedPercentage', 'avgNextRespondTime', 'ResolveTimeAchievedPercentage', 'avgResolveTime', 'breachedTickets'],
    rows: mapRows(rows, (r) => {
      const v = slaRow(r);
      return [v.id ?? '', date(v.startTime), date(v.endTime), v.firstRespondTimeAchievedPercentage, v.avgFirstRespondTime, v.nextRespondTimeAchievedPercentage, v.avgNextRespondTime, v.ResolveTimeAchievedPercentage, v.avgResolveTime, v.breachedTickets];
    }),
  };
}

/** `volume-report-2026-01-01-2026-02-01.csv` (UTC dates of the range). */
export const exportFilename = (p: Pick<RangeParams, 'kind' | 'start' | 'end'>) => `${p.kind}-report-${p.start.toISOString().slice(0, 10)}-${p.end.toISOString().slice(0, 10)}.csv`;

async function* mapRows<T>(rows: AsyncIterable<T>, map: (row: T) => unknown[]): AsyncIterable<unknown[]> {
  for await (const row of rows) yield map(row);
}

/** Minutes east of UTC of `timeZone` at `date`. */
const formatters = new Map<string, Intl.DateTimeFormat>();
export function zoneOffsetMinutes(timeZone: string, date: Date): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}
