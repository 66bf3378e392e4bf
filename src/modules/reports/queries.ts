/**
 * The SQL of the range reports, over the rollups (ReportHour, ReportOpenTotal): one statement per
 * report, buckets cut in PostgreSQL (date_trunc in the zone, so DST days have 23 or 25 hours),
 * the same statement for the JSON answer and the streamed CSV export.
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { Dimension, Filter, RangeParams, TimeUnit, Zone } from './params.js';

const raw = Prisma.raw;

/** Rollup column of a dimension; byTime has none (one constant group). */
export function dimensionColumn(dimension: Dimension): string | null {
  switch (dimension) {
    case 'byAgent':
    case 'agent':
      return 'agentId';
    case 'byDepartment':
    case 'department':
      return 'departmentId';
    case 'byChannel':
      return 'channel';
    case 'slaPolicies':
      return 'slaPolicyId';
    default:
      return null;
  }
}

const FILTER_COLUMN: Record<Filter['type'], string> = { agent: 'agentId', department: 'departmentId', account: 'accountId', channel: 'channel' };

export function filterSql(filter: Filter | null, extra: Prisma.Sql[] = []): Prisma.Sql {
  const parts = [...extra];
  if (filter) parts.push(Prisma.sql`${raw(`"${FILTER_COLUMN[filter.type]}"`)} = ${filter.value}`);
  return parts.length ? Prisma.join(parts, ' AND ', '', '') : Prisma.sql`TRUE`;
}

/** PostgreSQL time zone operand: the IANA name, or the offset as an interval (east of UTC). */
function zoneSql(zone: Zone): Prisma.Sql {
  return zone.kind === 'tz' ? Prisma.sql`${zone.name}::text` : Prisma.sql`make_interval(mins => ${zone.minutes}::int)`;
}

/** Local wall time of a UTC `timestamp` column or value, and back. Hours are cut in UTC. */
function bucketing(unit: TimeUnit, zone: Zone) {
  if (unit === 'hour') {
    return {
      bucketOf: (ts: Prisma.Sql) => Prisma.sql`date_trunc('hour', ${ts})`,
      local: (ts: Prisma.Sql) => ts,
      utc: (local: Prisma.Sql) => local,
      step: Prisma.sql`interval '1 hour'`,
    };
  }
  const z = zoneSql(zone);
  const local = (ts: Prisma.Sql) => Prisma.sql`((${ts}) AT TIME ZONE 'UTC' AT TIME ZONE ${z})`;
  return {
    bucketOf: (ts: Prisma.Sql) => Prisma.sql`date_trunc(${unit}::text, ${local(ts)})`,
    local,
    utc: (l: Prisma.Sql) => Prisma.sql`((${l}) AT TIME ZONE ${z} AT TIME ZONE 'UTC')`,
    step: Prisma.sql`${`1 ${unit}`}::interval`,
  };
}

/** Sums a report needs from ReportHour. */
const SUMS: Record<'volume' | 'efficiency' | 'sla', readonly string[]> = {
  volume: ['created', 'closed', 'replied', 'reopened', 'openDelta'],
  efficiency: ['replied', 'responseMs', 'firstResponses', 'firstResponseMs', 'closed', 'conversationMs', 'closedContactMessages', 'closedAgentMessages'],
  sla: [
    'slaFirstAchieved', 'slaFirstBreached', 'slaNextAchieved', 'slaNextBreached', 'slaResolveAchieved', 'slaResolveBreached', 'slaBreachedTickets',
    'replied', 'responseMs', 'firstResponses', 'firstResponseMs', 'closed', 'conversationMs',
  ],
};

export interface Span {
  /** min and max hour in ReportHour (null when empty): decides whether "open before" is read as a prefix or as total − suffix. */
  minHour: Date | null;
  maxHour: Date | null;
}

/**
 * Whole local days of the range that ReportDay holds: [first, end) as dates and their UTC
 * instants. The hours before `firstUtc` and from `endUtc` come from ReportHour. null: read hours only.
 */
export interface DaySpan {
  first: string;
  end: string;
  firstUtc: Date;
  endUtc: Date;
}

/** Reading the prefix (hours before `cut`) costs less than total − suffix (hours from `cut`). */
function prefixIsCheaper(span: Span, cut: Date): boolean {
  if (!span.minHour || !span.maxHour) return true;
  return cut.getTime() - span.minHour.getTime() < span.maxHour.getTime() - cut.getTime();
}

const cols = (list: readonly string[]) => raw(list.map((c) => `"${c}"`).join(', '));

/**
 * The range's rollup rows as (l = local bucket start, d = dimension value, columns…): day rows for
 * the whole local days, hour rows for the rest; not yet summed.
 */
function sourceRows(p: RangeParams, zone: Zone, days: DaySpan | null, d: Prisma.Sql, columns: readonly string[], where: Prisma.Sql): Prisma.Sql {
  const b = bucketing(p.timeUnit, zone);
  const start = Prisma.sql`${p.start}::timestamp`;
  const end = Prisma.sql`${p.end}::timestamp`;
  if (!days) {
    return Prisma.sql`SELECT ${b.bucketOf(raw('"hour"'))} AS l, ${d} AS d, ${cols(columns)} FROM "ReportHour" WHERE "hour" >= ${start} AND "hour" < ${end} AND ${where}`;
  }
  return Prisma.sql`
    SELECT date_trunc(${p.timeUnit}::text, "day"::timestamp) AS l, ${d} AS d, ${cols(columns)} FROM "ReportDay"
      WHERE "day" >= ${days.first}::date AND "day" < ${days.end}::date AND ${where}
    UNION ALL
    SELECT ${b.bucketOf(raw('"hour"'))} AS l, ${d} AS d, ${cols(columns)} FROM "ReportHour"
      WHERE (("hour" >= ${start} AND "hour" < ${days.firstUtc}::timestamp) OR ("hour" >= ${days.endUtc}::timestamp AND "hour" < ${end})) AND ${where}`;
}

function bucketsSql(p: RangeParams, zone: Zone): Prisma.Sql {
  const b = bucketing(p.timeUnit, zone);
  const start = Prisma.sql`${p.start}::timestamp`;
  const end = Prisma.sql`${p.end}::timestamp`;
  return Prisma.sql`
    SELECT row_number() OVER (ORDER BY l)::int AS n, l,
      greatest(${b.utc(raw('l'))}, ${start}) AS bstart, least(${b.utc(Prisma.sql`l + ${b.step}`)}, ${end}) AS bend
    FROM generate_series(${b.bucketOf(start)}, ${b.local(Prisma.sql`${end} - interval '1 millisecond'`)}, ${b.step}) AS l`;
}

/**
 * Volume, efficiency and SLA rows: one per bucket (byTime) or per bucket × dimension value with
 * data (others), in bucket then id order. Columns: n (1-based bucket), d (dimension value),
 * bstart, bend (UTC, clipped to the range), the sums, `open` (volume: open at the bucket's end)
 * and for volume `<sum>Total` (column totals, for percentages).
 */
export function rangeSql(kind: 'volume' | 'efficiency' | 'sla', p: RangeParams, zone: Zone, span: Span, days: DaySpan | null): Prisma.Sql {
  const dim = dimensionColumn(p.dimension);
  const d = dim ? raw(`"${dim}"`) : raw('0');
  const sums = SUMS[kind];
  const slaOnly = kind === 'sla' ? [Prisma.sql`"slaPolicyId" <> 0`] : [];
  const where = filterSql(p.filter, slaOnly);
  const start = Prisma.sql`${p.start}::timestamp`;
  const sumCols = raw(sums.map((c) => `sum("${c}")::bigint AS "${c}"`).join(', '));
  const gridCols = raw(sums.map((c) => `coalesce(agg."${c}", 0)::bigint AS "${c}"`).join(', '));
  const withOpen = kind === 'volume';
  const usePrefix = prefixIsCheaper(span, p.start);
  // Open at the range start per dimension value: the deltas before it, or the total minus those from it.
  const before = days
    ? Prisma.sql`SELECT ${d} AS d, "openDelta" AS v FROM "ReportDay" WHERE "day" < ${days.first}::date AND ${where}
        UNION ALL SELECT ${d}, -"openDelta" FROM "ReportHour" WHERE "hour" >= ${start} AND "hour" < ${days.firstUtc}::timestamp AND ${where}`
    : Prisma.sql`SELECT ${d} AS d, "openDelta" AS v FROM "ReportHour" WHERE "hour" < ${start} AND ${where}`;
  const from = days
    ? Prisma.sql`SELECT ${d} AS d, -"openDelta" AS v FROM "ReportDay" WHERE "day" >= ${days.first}::date AND ${where}
        UNION ALL SELECT ${d}, -"openDelta" FROM "ReportHour" WHERE "hour" >= ${start} AND "hour" < ${days.firstUtc}::timestamp AND ${where}`
    : Prisma.sql`SELECT ${d} AS d, -"openDelta" AS v FROM "ReportHour" WHERE "hour" >= ${start} AND ${where}`;
  const base = withOpen
    ? usePrefix
      ? Prisma.sql`, base AS (SELECT d, sum(v)::bigint AS open FROM (${before}) x GROUP BY d)`
      : Prisma.sql`, base AS (SELECT d, sum(v)::bigint AS open FROM (SELECT ${d} AS d, "open" AS v FROM "ReportOpenTotal" WHERE ${where} UNION ALL ${from}) x GROUP BY d)`
    : Prisma.empty;
  const dims = dim
    ? withOpen
      ? Prisma.sql`SELECT d FROM agg UNION SELECT d FROM base WHERE open <> 0`
      : Prisma.sql`SELECT DISTINCT d FROM agg`
    : Prisma.sql`SELECT 0 AS d`;
  const openCol = withOpen
    ? Prisma.sql`, (coalesce(base.open, 0) + sum(coalesce(agg."openDelta", 0)) OVER (PARTITION BY dims.d ORDER BY bu.n))::bigint AS open`
    : Prisma.empty;
  const baseJoin = withOpen ? Prisma.sql`LEFT JOIN base ON base.d = dims.d` : Prisma.empty;
  const keep = dim
    ? raw(`WHERE ${[...sums.filter((c) => c !== 'openDelta').map((c) => `"${c}" <> 0`), ...(withOpen ? ['open <> 0'] : [])].join(' OR ')}`)
    : Prisma.empty;
  const totals = withOpen ? raw(', ' + ['created', 'closed', 'replied', 'reopened', 'open'].map((c) => `sum("${c}") OVER () AS "${c}Total"`).join(', ')) : Prisma.empty;
  return Prisma.sql`
    WITH buckets AS (${bucketsSql(p, zone)}),
    agg AS (SELECT l, d, ${sumCols} FROM (${sourceRows(p, zone, days, d, sums, where)}) x GROUP BY 1, 2)${base},
    dims AS (${dims}),
    grid AS (
      SELECT bu.n, dims.d, bu.bstart, bu.bend, ${gridCols}${openCol}
      FROM buckets bu CROSS JOIN dims
      LEFT JOIN agg ON agg.l = bu.l AND agg.d = dims.d
      ${baseJoin}
    )
    SELECT *${totals} FROM grid ${keep} ORDER BY n, d`;
}

/** Channel report rows: per bucket (× dimension value) × channel, created conversations and the share within the row. */
export function channelSql(p: RangeParams, zone: Zone, days: DaySpan | null): Prisma.Sql {
  const dim = dimensionColumn(p.dimension);
  const d = dim ? raw(`"${dim}"`) : raw('0');
  const where = filterSql(p.filter);
  return Prisma.sql`
    WITH buckets AS (${bucketsSql(p, zone)}),
    agg AS (
      SELECT l, d, c, sum("created")::bigint AS number
      FROM (SELECT l, d, "channel" AS c, "created" FROM (${sourceRows(p, zone, days, d, ['channel', 'created'], where)}) y) x
      GROUP BY 1, 2, 3 HAVING sum("created") <> 0
    )
    SELECT bu.n, ${dim ? raw('agg.d') : raw('0')} AS d, bu.bstart, bu.bend, agg.c AS channel, coalesce(agg.number, 0)::bigint AS number,
      coalesce(sum(agg.number) OVER (PARTITION BY bu.n, agg.d), 0)::bigint AS "rowTotal"
    FROM buckets bu ${dim ? raw('JOIN') : raw('LEFT JOIN')} agg ON agg.l = bu.l
    ORDER BY bu.n, d, channel`;
}

/** Created conversations per channel over the whole range (the channel report's totals). */
export function channelTotalsSql(p: RangeParams, zone: Zone, days: DaySpan | null): Prisma.Sql {
  return Prisma.sql`
    SELECT "channel", sum("created")::bigint AS number FROM (${sourceRows(p, zone, days, raw('0'), ['channel', 'created'], filterSql(p.filter))}) x
    GROUP BY 1 HAVING sum("created") <> 0 ORDER BY 1`;
}

/** The rollup's first and last hour, and the zone ReportDay is cut in. */
export const spanSql = Prisma.sql`SELECT (SELECT min("hour") FROM "ReportHour") AS "minHour", (SELECT max("hour") FROM "ReportHour") AS "maxHour",
  (SELECT "dayZone" FROM "ReportSetting" WHERE "id" = 1) AS "dayZone"`;
