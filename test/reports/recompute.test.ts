/**
 * Every report recomputed from the raw rows with plain SQL over randomized traffic (issue #15
 * item 3). A gateway without consumers takes seeded random traffic through REST; the log is
 * spread over ~70 days (crossing a DST change of the site zone, America/New_York); a second
 * gateway on the same database then runs the rollup consumer with small batches. Then:
 *  - ReportHour equals the plain-SQL reference (src/modules/reports/reference.ts) row for row,
 *    and ReportOpenTotal equals the sum of the open deltas;
 *  - every range report over REST (volume, channel, efficiency, SLA; byTime and the dimensions;
 *    hour/day/week/month; a filter) and its CSV export (timeOffset, dateFormat) answer the figures
 *    computed here from the reference rows (buckets cut with Temporal, not PostgreSQL);
 *  - realtime now / departments / agents equal plain SQL counts over the conversations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceHourlySql } from '../../src/modules/reports/reference.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { expectedBuckets, hms, pct, runScenario, spreadEventTimes, type HourRow, type Unit } from './helpers.js';

const SEED = Number(process.env.REPORT_TEST_SEED ?? Date.now() % 100_000);
const ZONE = 'America/New_York';
let gw: TestGateway;
let reference: HourRow[];
let rollup: HourRow[];
const now = Date.now();
const day = 86_400_000;

const COUNTERS = ['created', 'closed', 'reopened', 'replied', 'openDelta', 'firstResponses', 'firstResponseMs', 'responseMs', 'conversationMs', 'closedContactMessages', 'closedAgentMessages', 'slaFirstAchieved', 'slaFirstBreached', 'slaNextAchieved', 'slaNextBreached', 'slaResolveAchieved', 'slaResolveBreached', 'slaBreachedTickets'];
const keyOf = (r: HourRow) => `${r.hour.toISOString()}|${r.agentId}|${r.departmentId}|${r.channel}|${r.accountId}|${r.slaPolicyId}`;
const normal = (rows: HourRow[]) =>
  Object.fromEntries(rows.map((r) => [keyOf(r), Object.fromEntries(COUNTERS.map((c) => [c, Number(r[c])]))]).filter(([, v]) => Object.values(v as object).some((n) => n !== 0)));

beforeAll(async () => {
  console.log(`report recompute seed ${SEED} (REPORT_TEST_SEED=${SEED} replays it)`);
  const writer = await startTestGateway({ consumersEnabled: false, workers: 0 });
  const databaseUrl = writer.databaseUrl;
  try {
    expect((await writer.rest('PUT', '/api/v3/anytime/workingTime', { timeZone: ZONE, workingTimes: [{ dayOfWeek: 'Monday', isBusinessDay: true, startHour: 9, startMin: 0, endHour: 17, endMin: 0 }] })).status).toBe(204);
    await runScenario(writer, SEED, 260);
    await spreadEventTimes(writer, SEED, 70);
  } finally {
    await writer.stop();
  }
  gw = await startTestGateway({ databaseUrl, consumerBatchSize: 7, workers: 0 });
  await gw.gateway.consumers!.drain();
  const decode = (rows: any[]) => rows.map((r) => ({ ...r, hour: new Date(r.hour) })) as HourRow[];
  // pg returns timestamp without time zone as local Date: read the hours as text, UTC.
  reference = decode(await gw.sql(`SELECT to_char(hour, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS hour_text, * FROM (${referenceHourlySql().text}) x`).then((rows) => rows.map((r) => ({ ...r, hour: r.hour_text, hour_text: undefined }))));
  rollup = decode(await gw.sql(`SELECT to_char(hour, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS hour_text, * FROM "ReportHour"`).then((rows) => rows.map((r) => ({ ...r, hour: r.hour_text, hour_text: undefined }))));
}, 300_000);
afterAll(() => gw?.stop());

it('the rollup equals the plain-SQL reference over the raw log, hour by hour, and the open totals add up', async () => {
  expect(reference.length).toBeGreaterThan(20);
  expect(normal(rollup)).toEqual(normal(reference));
  const totals = await gw.sql(`SELECT "agentId", "departmentId", "channel", "accountId", "slaPolicyId", "open" FROM "ReportOpenTotal" WHERE "open" <> 0 ORDER BY 1, 2, 3, 4, 5`);
  const sums = await gw.sql(`SELECT "agentId", "departmentId", "channel", "accountId", "slaPolicyId", sum("openDelta")::int AS "open" FROM "ReportHour" GROUP BY 1, 2, 3, 4, 5 HAVING sum("openDelta") <> 0 ORDER BY 1, 2, 3, 4, 5`);
  expect(totals).toEqual(sums);
  // ReportDay: the hour rows summed per local date (site zone) of their hour.
  const C = COUNTERS.map((c) => `"${c}"`).join(', ');
  const days = await gw.sql(`SELECT to_char(day, 'YYYY-MM-DD') AS day, "agentId", "departmentId", "channel", "accountId", "slaPolicyId", ${C} FROM "ReportDay" ORDER BY 1, 2, 3, 4, 5, 6`);
  const grouped = await gw.sql(`SELECT to_char((hour AT TIME ZONE 'UTC' AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS day, "agentId", "departmentId", "channel", "accountId", "slaPolicyId",
    ${COUNTERS.map((c) => `sum("${c}")::${['firstResponseMs', 'responseMs', 'conversationMs'].includes(c) ? 'bigint' : 'int'} AS "${c}"`).join(', ')}
    FROM "ReportHour" GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`, [ZONE]);
  // (rows whose counters all cancelled out — an open +1 and −1 in different batches — are no rows)
  const nonZero = (rows: any[]) => rows.filter((r) => COUNTERS.some((c) => Number(r[c]) !== 0));
  expect(nonZero(days)).toEqual(nonZero(grouped));
  expect((await gw.sql(`SELECT "dayZone" FROM "ReportSetting"`))[0].dayZone).toBe(ZONE);
  // The traffic exercised what the definitions talk about.
  const sum = (c: string) => reference.reduce((a, r) => a + Number(r[c]), 0);
  for (const c of ['created', 'closed', 'reopened', 'replied', 'firstResponses', 'slaFirstAchieved']) expect(sum(c), c).toBeGreaterThan(0);
  // Open now per the rollup = the live open conversations that have a creation in the log.
  const [{ n }] = await gw.sql(`SELECT count(*)::int n FROM "Conversation" WHERE "deletedTime" IS NULL AND status <> 'closed'`);
  expect(sum('openDelta')).toBe(n);
});

const range = (startMs: number, endMs: number) => `startTime=${new Date(startMs).toISOString()}&endTime=${new Date(endMs).toISOString()}`;
const hourFloor = (ms: number) => Math.floor(ms / 3_600_000) * 3_600_000;
const hourCeil = (ms: number) => Math.ceil(ms / 3_600_000) * 3_600_000;
const idOf = (d: number | string) => (d === 0 || d === '' ? null : String(d));

interface Case {
  unit: Unit;
  dimension: 'byTime' | 'byAgent' | 'byDepartment' | 'byChannel';
  days: number;
  filter?: { type: string; value: string; where: (r: HourRow) => boolean };
}
const DIM_COLUMN = { byTime: null, byAgent: 'agentId', byDepartment: 'departmentId', byChannel: 'channel' } as const;

const cases: Case[] = [
  { unit: 'day', dimension: 'byTime', days: 75 },
  { unit: 'week', dimension: 'byAgent', days: 75 },
  { unit: 'month', dimension: 'byDepartment', days: 75 },
  { unit: 'hour', dimension: 'byChannel', days: 3 },
  { unit: 'day', dimension: 'byTime', days: 40, filter: { type: 'channel', value: 'email', where: (r) => r.channel === 'email' } },
  { unit: 'week', dimension: 'byTime', days: 60, filter: { type: 'account', value: '7', where: (r) => r.accountId === 7 } },
];

function expectedFor(c: Case, start: number, end: number, zone: string | number, sla = false) {
  const dim = DIM_COLUMN[c.dimension];
  const where = (r: HourRow) => (c.filter ? c.filter.where(r) : true) && (!sla || r.slaPolicyId !== 0);
  const rows = expectedBuckets(reference, { start, end, unit: c.unit, zone, dim, where });
  // The volume report's rule: a dimension's row is answered when something happened in it or something is open.
  const keep = (b: (typeof rows)[number]) => dim === null || ['created', 'closed', 'replied', 'reopened'].some((k) => (b.sums[k] ?? 0) !== 0) || (!sla && b.open !== 0);
  return rows.filter(keep);
}

describe.each(cases)('range reports $dimension by $unit over $days days', (c) => {
  const start = now - c.days * day - 1234;
  const end = now + 3_600_000;
  const q = () => `${range(start, end)}&timeUnit=${c.unit}&dimensionType=${c.dimension}${c.filter ? `&filterType=${c.filter.type}&filterValue=${c.filter.value}` : ''}`;
  const s = hourFloor(start);
  const e = hourCeil(end);

  it('volume', async () => {
    const res = await gw.rest('GET', `/api/v3/anytime/reports/volume?${q()}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const expected = expectedFor(c, s, e, ZONE);
    const total = (k: string) => expected.reduce((a, b) => a + (b.sums[k] ?? 0), 0);
    const openTotal = expected.reduce((a, b) => a + b.open, 0);
    expect(res.body.dataList.map((row: any) => [row.startTime, row.endTime, row.id])).toEqual(
      expected.map((b, i) => [new Date(b.start).toISOString(), new Date(b.end).toISOString(), c.dimension === 'byTime' ? String(expected.filter((x) => x.start < b.start).length + 1) : idOf(b.d)]),
    );
    // (byTime ids are the bucket numbers; the row order is bucket, then id)
    res.body.dataList.forEach((row: any, i: number) => {
      const b = expected[i]!;
      expect(row).toEqual({
        id: row.id,
        createdConversations: b.sums.created ?? 0,
        createdConversationsPercentage: pct(b.sums.created ?? 0, total('created')),
        closedConversations: b.sums.closed ?? 0,
        closedConversationsPercentage: pct(b.sums.closed ?? 0, total('closed')),
        repliedConversations: b.sums.replied ?? 0,
        repliedConversationsPercentage: pct(b.sums.replied ?? 0, total('replied')),
        reopenedConversations: b.sums.reopened ?? 0,
        reopenedConversationsPercentage: pct(b.sums.reopened ?? 0, total('reopened')),
        openConversations: b.open,
        openConversationsPercentage: pct(b.open, openTotal),
        startTime: new Date(b.start).toISOString(),
        endTime: new Date(b.end).toISOString(),
      });
    });
    expect(res.body.totalCreatedConversations).toBe(total('created'));
    expect(res.body.totalClosedConversations).toBe(total('closed'));
    expect(res.body.totalRepliedConversations).toBe(total('replied'));
    expect(res.body.totalReopenedConversations).toBe(total('reopened'));
    const last = expected.length ? expected[expected.length - 1]!.start : 0;
    expect(res.body.totalOpenConversations).toBe(expected.filter((b) => b.start === last).reduce((a, b) => a + b.open, 0));
  });

  it('efficiency', async () => {
    const res = await gw.rest('GET', `/api/v3/anytime/reports/efficiency?${q()}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const expected = expectedFor(c, s, e, ZONE).filter((b) => c.dimension === 'byTime' || ['replied', 'responseMs', 'firstResponses', 'firstResponseMs', 'closed', 'conversationMs', 'closedContactMessages', 'closedAgentMessages'].some((k) => (b.sums[k] ?? 0) !== 0));
    const v = (b: { sums: Record<string, number> }, k: string) => b.sums[k] ?? 0;
    const avg2 = (a: number, n: number) => (n ? Math.round((a / n) * 100) / 100 : 0);
    expect(res.body.dataList).toEqual(
      expected.map((b) => ({
        id: expect.anything() as unknown,
        avgAgentResponseTime: hms(v(b, 'responseMs'), v(b, 'replied')),
        avgFirstResponseTime: hms(v(b, 'firstResponseMs'), v(b, 'firstResponses')),
        avgConversationTime: hms(v(b, 'conversationMs'), v(b, 'closed')),
        avgContactMessages: avg2(v(b, 'closedContactMessages'), v(b, 'closed')),
        avgAgentMessages: avg2(v(b, 'closedAgentMessages'), v(b, 'closed')),
        startTime: new Date(b.start).toISOString(),
        endTime: new Date(b.end).toISOString(),
      })).map((row, i) => ({ ...row, id: res.body.dataList[i]?.id })),
    );
    const t = (k: string) => expected.reduce((a, b) => a + v(b, k), 0);
    expect(res.body.totalAvgAgentResponseTime).toBe(hms(t('responseMs'), t('replied')));
    expect(res.body.totalAvgFirstResponseTime).toBe(hms(t('firstResponseMs'), t('firstResponses')));
    expect(res.body.totalAvgConversationTime).toBe(hms(t('conversationMs'), t('closed')));
    expect(res.body.totalAvgContactMessages).toBe(avg2(t('closedContactMessages'), t('closed')));
  });

  it('channel', async () => {
    const res = await gw.rest('GET', `/api/v3/anytime/reports/channel?${q()}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Per row: created conversations per channel, as a share of the row.
    const dim = DIM_COLUMN[c.dimension];
    const expected = expectedFor(c, s, e, ZONE).filter((b) => c.dimension === 'byTime' || (b.sums.created ?? 0) > 0);
    const got = res.body.dataList.map((row: any) => [row.startTime, row.endTime, row.channelEfficiencies.map((x: any) => [x.channelId, x.channelPercentage])]);
    const want = expected.map((b) => {
      const rows = reference.filter((r) => r.hour.getTime() >= b.start && r.hour.getTime() < b.end && (c.filter ? c.filter.where(r) : true) && (dim === null || r[dim] === b.d));
      const per = new Map<string, number>();
      for (const r of rows) if (Number(r.created)) per.set(r.channel, (per.get(r.channel) ?? 0) + Number(r.created));
      const all = [...per.values()].reduce((a, n) => a + n, 0);
      return [new Date(b.start).toISOString(), new Date(b.end).toISOString(), [...per.entries()].sort(([a], [b2]) => (a < b2 ? -1 : 1)).map(([ch, n]) => [ch, pct(n, all)])];
    });
    expect(got).toEqual(want);
    const totals = new Map<string, number>();
    for (const r of reference) if (r.hour.getTime() >= s && r.hour.getTime() < e && (c.filter ? c.filter.where(r) : true) && Number(r.created)) totals.set(r.channel, (totals.get(r.channel) ?? 0) + Number(r.created));
    expect(res.body.channelTotalNumbers.map((x: any) => [x.channelId, x.totalNumber])).toEqual([...totals.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  });
});

describe.each([
  { unit: 'day' as const, dimension: 'slaPolicies', column: 'slaPolicyId' as const },
  { unit: 'week' as const, dimension: 'agent', column: 'agentId' as const },
  { unit: 'month' as const, dimension: 'department', column: 'departmentId' as const },
])('SLA report by $dimension per $unit', ({ unit, dimension, column }) => {
  it('answers achieved percentages, average hours and breached tickets from the SLA outcomes', async () => {
    const start = now - 75 * day;
    const end = now + 3_600_000;
    const res = await gw.rest('GET', `/api/v3/anytime/reports/sla?${range(start, end)}&timeUnit=${unit}&dimensionType=${dimension}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const expected = expectedBuckets(reference, { start: hourFloor(start), end: hourCeil(end), unit, zone: ZONE, dim: column, where: (r) => r.slaPolicyId !== 0 }).filter((b) =>
      ['slaFirstAchieved', 'slaFirstBreached', 'slaNextAchieved', 'slaNextBreached', 'slaResolveAchieved', 'slaResolveBreached', 'slaBreachedTickets', 'replied', 'responseMs', 'firstResponses', 'firstResponseMs', 'closed', 'conversationMs'].some((k) => (b.sums[k] ?? 0) !== 0),
    );
    const v = (b: { sums: Record<string, number> }, k: string) => b.sums[k] ?? 0;
    const h = (ms: number, n: number) => (n > 0 ? Math.round((ms / n / 3_600_000) * 100) / 100 : 0);
    const want = expected.map((b) => ({
      id: b.d === 0 ? null : b.d,
      firstRespondTimeAchievedPercentage: pct(v(b, 'slaFirstAchieved'), v(b, 'slaFirstAchieved') + v(b, 'slaFirstBreached')),
      avgFirstRespondTime: h(v(b, 'firstResponseMs'), v(b, 'firstResponses')),
      nextRespondTimeAchievedPercentage: pct(v(b, 'slaNextAchieved'), v(b, 'slaNextAchieved') + v(b, 'slaNextBreached')),
      avgNextRespondTime: h(v(b, 'responseMs') - v(b, 'firstResponseMs'), v(b, 'replied') - v(b, 'firstResponses')),
      ResolveTimeAchievedPercentage: pct(v(b, 'slaResolveAchieved'), v(b, 'slaResolveAchieved') + v(b, 'slaResolveBreached')),
      avgResolveTime: h(v(b, 'conversationMs'), v(b, 'closed')),
      breachedTickets: v(b, 'slaBreachedTickets'),
      startTime: new Date(b.start).toISOString(),
      endTime: new Date(b.end).toISOString(),
    }));
    const order = (rows: any[]) => [...rows].sort((a, b) => (a.startTime < b.startTime ? -1 : a.startTime > b.startTime ? 1 : Number(a.id ?? 0) - Number(b.id ?? 0)));
    expect(order(res.body.dataList)).toEqual(order(want));
    if (dimension === 'slaPolicies') expect(want.length).toBeGreaterThan(0);
  });
});

it('the volume export streams the same figures as CSV, buckets and dates at timeOffset in dateFormat', async () => {
  const offset = 330; // +05:30
  const start = now - 20 * day;
  const end = now + 3_600_000;
  const response = await fetch(`${gw.url}/api/v3/anytime/reports/volume/export?${range(start, end)}&timeUnit=day&dimensionType=byAgent&timeOffset=${offset}&dateFormat=DD/MM/YYYY HH:mm`, {
    headers: { authorization: (await import('../helpers/gateway.js')).adminAuth },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="volume-report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
  const lines = (await response.text()).trimEnd().split('\n');
  expect(lines[0]).toBe('agentId,startTime,endTime,createdConversations,createdConversationsPercentage,closedConversations,closedConversationsPercentage,repliedConversations,repliedConversationsPercentage,reopenedConversations,reopenedConversationsPercentage,openConversations,openConversationsPercentage');
  const expected = expectedBuckets(reference, { start: hourFloor(start), end: hourCeil(end), unit: 'day', zone: offset, dim: 'agentId' }).filter(
    (b) => ['created', 'closed', 'replied', 'reopened'].some((k) => (b.sums[k] ?? 0) !== 0) || b.open !== 0,
  );
  const fmt = (ms: number) => {
    const d = new Date(ms + offset * 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
  };
  const total = (k: string) => expected.reduce((a, b) => a + (b.sums[k] ?? 0), 0);
  const openTotal = expected.reduce((a, b) => a + b.open, 0);
  const want = expected.map((b) => [b.d === 0 ? '' : String(b.d), fmt(b.start), fmt(b.end), b.sums.created ?? 0, pct(b.sums.created ?? 0, total('created')), b.sums.closed ?? 0, pct(b.sums.closed ?? 0, total('closed')), b.sums.replied ?? 0, pct(b.sums.replied ?? 0, total('replied')), b.sums.reopened ?? 0, pct(b.sums.reopened ?? 0, total('reopened')), b.open, pct(b.open, openTotal)].join(','));
  const sortRows = (rows: string[]) => [...rows].sort();
  expect(sortRows(lines.slice(1))).toEqual(sortRows(want));
  expect(lines.length - 1).toBeGreaterThan(3);
});

it('realtime now, departments and agents equal plain SQL counts over the live conversations', async () => {
  const live = `FROM "Conversation" WHERE "deletedTime" IS NULL AND status <> 'closed'`;
  const counts = `count(*) FILTER (WHERE "assignedAgentId" IS NULL)::int AS "unassignedConversations", count(*)::int AS "openConversations",
    count(*) FILTER (WHERE status = 'new')::int AS "newConversations", count(*) FILTER (WHERE status = 'pendingInternal')::int AS "pendingInternalConversations",
    count(*) FILTER (WHERE status = 'pendingExternal')::int AS "pendingExternalConversations", count(*) FILTER (WHERE status = 'onHold')::int AS "onHoldConversations",
    count(*) FILTER (WHERE priority = 'urgent')::int AS "urgentConversations", count(*) FILTER (WHERE priority = 'high')::int AS "highConversations"`;
  const [want] = await gw.sql(`SELECT ${counts} ${live}`);
  const nowRes = await gw.rest('GET', '/api/v3/anytime/reports/realtime/now?siteId=1');
  expect(nowRes.status).toBe(200);
  expect(nowRes.body).toEqual(want);
  expect(want.openConversations).toBeGreaterThan(0);

  const byDept = await gw.sql(`SELECT "assignedDepartmentId" AS id, ${counts} ${live} GROUP BY 1`);
  const depts = await gw.rest('GET', '/api/v3/anytime/reports/realtime/departments');
  expect(depts.status).toBe(200);
  for (const row of byDept) {
    const got = depts.body.dataList.find((x: any) => x.departmentId === row.id);
    const { id, unassignedConversations, ...rest } = row;
    expect(got, `department ${id}`).toMatchObject(rest);
  }
  const byAgent = await gw.sql(`SELECT "assignedAgentId" AS id, ${counts} ${live} AND "channel" = 'email' GROUP BY 1`);
  const agents = await gw.rest('GET', '/api/v3/anytime/reports/realtime/agents?filterType=channel&filterValue=email');
  expect(agents.status).toBe(200);
  for (const row of byAgent) {
    const { id, unassignedConversations, ...rest } = row;
    expect(agents.body.dataList.find((x: any) => x.agentId === id), `agent ${id}`).toMatchObject(rest);
  }
  // today (since local midnight in the site zone) from the rollup = the reference rows of today
  const midnight = (await gw.sql(`SELECT (date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1) AS t`, [ZONE]))[0].t as Date;
  const today = reference.filter((r) => r.hour.getTime() >= midnight.getTime());
  const sum = (k: string) => today.reduce((a, r) => a + Number(r[k]), 0);
  const todayRes = await gw.rest('GET', '/api/v3/anytime/reports/realtime/today');
  expect(todayRes.body).toMatchObject({ createdConversations: sum('created'), closedConversations: sum('closed'), repliedConversations: sum('replied'), reopenedConversations: sum('reopened') });
});
