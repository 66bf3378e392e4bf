/**
 * The report endpoints' contract over REST and GraphQL: all 12 documented URLs answer with the
 * documented shapes, who may read them, every bad parameter a 400 naming it (nothing written),
 * exports as streamed CSV (headers, no row cap), GraphQL typed queries, and the debounced
 * `realtimeReportChanged` subscription.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { wsClient, wsSubscribe } from '../subscriptions/helpers.js';

let gw: TestGateway;
let agentAuth: string;
const R = '/api/v3/anytime/reports';
const start = new Date(Date.now() - 10 * 86_400_000).toISOString();
const end = new Date(Date.now() + 3_600_000).toISOString();
const range = `startTime=${start}&endTime=${end}`;

beforeAll(async () => {
  gw = await startTestGateway({ reportRealtimeDebounceMs: 50, reportMaxRangeDays: 800 });
  agentAuth = (await gw.createAgent({ name: 'Plain agent', role: 'agent' })).auth;
  for (let i = 0; i < 3; i++) {
    const c = await gw.rest('POST', '/api/v3/anytime/conversations', { subject: `s${i}`, channel: i ? 'email' : 'chat', priority: i ? 'urgent' : 'normal', message: { type: 'email', text: { format: 'plaintext', content: 'x' } } });
    expect(c.status).toBe(200);
  }
  await gw.gateway.consumers!.drain();
});
afterAll(() => gw?.stop());

const snapshot = async () => JSON.stringify(await gw.sql(`SELECT (SELECT count(*) FROM "DomainEvent") e, (SELECT count(*) FROM "ReportHour") h, (SELECT count(*) FROM "Conversation") c`));

describe('shapes', () => {
  it('realtime now, today, departments, agents', async () => {
    const now = await gw.rest('GET', `${R}/realtime/now?siteId=1`);
    expect(now.status).toBe(200);
    expect(now.body).toEqual({ unassignedConversations: 3, openConversations: 3, newConversations: 3, pendingInternalConversations: 0, pendingExternalConversations: 0, onHoldConversations: 0, urgentConversations: 2, highConversations: 0 });
    const today = await gw.rest('GET', `${R}/realtime/today`);
    expect(today.body).toMatchObject({ createdConversations: 3, closedConversations: 0, repliedConversations: 0, reopenedConversations: 0, reopenedConverstations: 0 });
    const departments = await gw.rest('GET', `${R}/realtime/departments`);
    expect(departments.body.dataList).toEqual([expect.objectContaining({ departmentId: null, openConversations: 3, urgentConversations: 2, todayRepliedConversations: 0, todayClosedConversations: 0 })]);
    const agents = await gw.rest('GET', `${R}/realtime/agents?filterType=channel&filterValue=email`);
    expect(agents.status).toBe(200);
    expect(agents.body.dataList.find((row: any) => row.agentId === null)).toMatchObject({ openConversations: 2, newConversations: 2, urgentConversations: 2 });
    expect(agents.body.dataList.filter((row: any) => row.agentId !== null).length).toBeGreaterThanOrEqual(2);
  });

  it('volume, channel, efficiency and SLA with their documented fields', async () => {
    const volume = await gw.rest('GET', `${R}/volume?${range}&timeUnit=day&dimensionType=byTime`);
    expect(volume.status).toBe(200);
    expect(volume.body.dataList.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(volume.body.dataList[0]).sort()).toEqual(
      ['id', 'createdConversations', 'createdConversationsPercentage', 'closedConversations', 'closedConversationsPercentage', 'repliedConversations', 'repliedConversationsPercentage', 'reopenedConversations', 'reopenedConversationsPercentage', 'openConversations', 'openConversationsPercentage', 'startTime', 'endTime'].sort(),
    );
    expect(volume.body).toMatchObject({ totalCreatedConversations: 3, totalClosedConversations: 0, totalRepliedConversations: 0, totalReopenedConversations: 0, totalOpenConversations: 3 });
    const channel = await gw.rest('GET', `${R}/channel?${range}&timeUnit=month`);
    expect(channel.status).toBe(200);
    expect(channel.body.channelTotalNumbers).toEqual([
      { channelId: 'chat', channelName: 'Chat', totalNumber: 1 },
      { channelId: 'email', channelName: 'Email', totalNumber: 2 },
    ]);
    const shares = channel.body.dataList.flatMap((row: any) => row.channelEfficiencies);
    expect(shares).toEqual([
      { channelId: 'chat', channelName: 'Chat', channelPercentage: 33.33 },
      { channelId: 'email', channelName: 'Email', channelPercentage: 66.67 },
    ]);
    const efficiency = await gw.rest('GET', `${R}/efficiency?${range}&dimensionType=byChannel`);
    expect(efficiency.status).toBe(200);
    expect(efficiency.body).toMatchObject({ totalAvgAgentResponseTime: '00:00:00', totalAvgFirstResponseTime: '00:00:00', totalAvgConversationTime: '00:00:00', totalAvgContactMessages: 0, totalAvgAgentMessages: 0 });
    const sla = await gw.rest('GET', `${R}/sla?${range}&timeUnit=week&dimensionType=department`);
    expect(sla.status).toBe(200);
    expect(sla.body).toEqual({ dataList: [] });
  });

  it('exports: text/csv with a file name and a header row, for each report', async () => {
    for (const [kind, header] of [
      ['volume', 'bucket,startTime,endTime,createdConversations'],
      ['channel', 'bucket,startTime,endTime,channelId,channelName,totalNumber,channelPercentage'],
      ['efficiency', 'bucket,startTime,endTime,avgAgentResponseTime'],
      ['sla', 'slaPolicyId,startTime,endTime,firstRespondTimeAchievedPercentage'],
    ] as const) {
      const response = await fetch(`${gw.url}${R}/${kind}/export?${range}&timeUnit=${kind === 'sla' ? 'day' : 'hour'}`, { headers: { authorization: adminAuth } });
      expect(response.status, kind).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${kind}-report-`));
      const text = await response.text();
      expect(text.split('\n')[0]!.startsWith(header), kind).toBe(true);
      // By hour over ten days: every hour a row, no cap.
      if (kind === 'volume') expect(text.trimEnd().split('\n').length - 1).toBe(Math.ceil(Date.parse(end) / 3_600_000) - Math.floor(Date.parse(start) / 3_600_000));
    }
  });

  it('the REST rows are table rows: an export\'s errors are the usual JSON 4xx', async () => {
    const response = await gw.rest('GET', `${R}/volume/export?${range}&dateFormat=nonsense`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/json/);
    expect(response.body.message).toMatch(/dateFormat/);
  });
});

describe('who may read', () => {
  it('admins and integrations; a plain agent is 403, nobody 401', async () => {
    expect((await gw.rest('GET', `${R}/realtime/now`, undefined, agentAuth)).status).toBe(403);
    expect((await gw.rest('GET', `${R}/volume?${range}`, undefined, null)).status).toBe(401);
    const response = await fetch(`${gw.url}${R}/volume/export?${range}`, { headers: { authorization: agentAuth } });
    expect(response.status).toBe(403);
  });
});

describe('bad input: 400 naming the parameter, nothing written', () => {
  const cases: [string, string, RegExp][] = [
    ['volume', 'endTime=' + end, /startTime is required/],
    ['volume', `startTime=yesterday&endTime=${end}`, /startTime must be an ISO-8601 time/],
    ['volume', `startTime=2026-02-30T00:00:00Z&endTime=${end}`, /startTime must be a valid ISO-8601 time/],
    ['volume', `startTime=${start}`, /endTime is required/],
    ['efficiency', `startTime=${end}&endTime=${start}`, /endTime must be after startTime/],
    ['channel', 'startTime=2020-01-01T00:00:00Z&endTime=2026-01-01T00:00:00Z', /endTime is more than 800 days after startTime/],
    ['volume', `${range}&timeUnit=year`, /timeUnit must be one of hour, day, week, month/],
    ['volume', `${range}&dimensionType=byPlanet`, /dimensionType must be one of byTime, byAgent, byDepartment, byChannel/],
    ['channel', `${range}&filterType=planet&filterValue=1`, /filterType must be one of site, agent, department, account, channel/],
    ['efficiency', `${range}&filterType=agent&filterValue=abc`, /filterValue must be an integer/],
    ['efficiency', `${range}&filterType=department`, /filterValue is required/],
    ['volume', `${range}&siteId=main`, /siteId must be an integer/],
    ['sla', `${range}&timeUnit=hour`, /timeUnit must be one of day, week, month/],
    ['sla', `${range}&dimensionType=byAgent`, /dimensionType must be one of slaPolicies, agent, department/],
    ['volume/export', `${range}&dateFormat=QQ-ZZ`, /dateFormat is not understood/],
    ['efficiency/export', `${range}&timeOffset=east`, /timeOffset must be an integer/],
    ['channel/export', `${range}&timeOffset=2000`, /timeOffset must be minutes east of UTC/],
    ['sla/export', `startTime=${start}&endTime=nope`, /endTime must be an ISO-8601 time/],
    ['realtime/agents', 'filterType=agent&filterValue=me', /filterValue must be an integer/],
    ['realtime/agents', 'filterType=team&filterValue=1', /filterType must be one of/],
    ['realtime/now', 'siteId=x', /siteId must be an integer/],
  ];
  it.each(cases)('%s?%s', async (path, query, message) => {
    const before = await snapshot();
    const res = await gw.rest('GET', `${R}/${path}?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.message).toMatch(message);
    const field = /^(\w+)/.exec(res.body.message)![1];
    expect(res.body.errors?.[0]?.field).toBe(field);
    expect(await snapshot()).toBe(before);
  });

  it('the range limit is REPORT_MAX_RANGE_DAYS in GraphQL too', async () => {
    const result = await gw.gql(`query($input: ReportRangeInput!) { volumeReport(input: $input) { totalCreatedConversations } }`, {
      input: { startTime: '2020-01-01T00:00:00Z', endTime: '2026-01-01T00:00:00Z' },
    });
    expect(result.errors?.[0]?.message).toMatch(/endTime is more than 800 days/);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('GraphQL', () => {
  it('typed queries: the same figures as REST', async () => {
    const result = await gw.gql(
      `query($input: ReportRangeInput!) {
        volumeReport(input: $input) { totalCreatedConversations totalOpenConversations dataList { id createdConversations openConversations startTime } }
        efficiencyReport(input: $input) { totalAvgFirstResponseTime totalAvgFirstResponseSeconds }
        channelReport(input: $input) { channelTotalNumbers { channelId totalNumber } }
        realtimeNowReport { openConversations urgentConversations }
        realtimeTodayReport { createdConversations }
        realtimeAgentsReport(filterType: channel, filterValue: "chat") { id openConversations }
        reportExport(report: volume, input: { startTime: "${start}", endTime: "${end}", timeOffset: 60 }) { filename path }
      }`,
      { input: { startTime: start, endTime: end, timeUnit: 'week', dimensionType: 'byChannel' } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.volumeReport.totalCreatedConversations).toBe(3);
    expect(result.data.volumeReport.dataList.map((r: any) => [r.id, r.createdConversations])).toEqual([['chat', 1], ['email', 2]]);
    expect(result.data.efficiencyReport).toEqual({ totalAvgFirstResponseTime: '00:00:00', totalAvgFirstResponseSeconds: null });
    expect(result.data.realtimeNowReport).toEqual({ openConversations: 3, urgentConversations: 2 });
    expect(result.data.realtimeAgentsReport.find((r: any) => r.id === null)).toEqual({ id: null, openConversations: 1 });
    expect(result.data.reportExport.path).toMatch(/^\/api\/v3\/anytime\/reports\/volume\/export\?startTime=/);
  });

  it('realtimeReportChanged: the numbers at once, then after a change (debounced)', async () => {
    const client = wsClient(gw, adminAuth);
    try {
      const sub = wsSubscribe(client, `subscription { realtimeReportChanged { now { openConversations urgentConversations } today { createdConversations closedConversations } } }`);
      await sub.waitFor(1);
      expect(sub.events[0].realtimeReportChanged.now.openConversations).toBe(3);
      const c = await gw.rest('POST', '/api/v3/anytime/conversations', { subject: 'live', channel: 'email', priority: 'urgent', message: { type: 'email', text: { format: 'plaintext', content: 'x' } } });
      await sub.waitUntil((e) => e.realtimeReportChanged.now.openConversations === 4 && e.realtimeReportChanged.today.createdConversations === 4);
      await gw.rest('PUT', `/api/v3/anytime/conversations/${c.body.id}`, { status: 'closed' });
      const events = await sub.waitUntil((e) => e.realtimeReportChanged.today.closedConversations === 1);
      // Only changes are pushed: no two consecutive answers alike.
      for (let i = 1; i < events.length; i++) expect(JSON.stringify(events[i])).not.toBe(JSON.stringify(events[i - 1]));
      sub.stop();
    } finally {
      await client.dispose();
    }
  });
});

describe('realtimeReportChanged and credentials', () => {
  it('a wallboard whose API key is revoked gets no more numbers: the subscription ends UNAUTHENTICATED', async () => {
    const admin = await gw.createAgent({ role: 'admin' });
    const client = wsClient(gw, admin.auth);
    try {
      const sub = wsSubscribe(client, `subscription { realtimeReportChanged { now { openConversations } } }`);
      await sub.waitFor(1);
      const open = sub.events[0].realtimeReportChanged.now.openConversations;
      await gw.sql(`UPDATE "ApiKey" SET "revokedTime" = now() WHERE "agentId" = $1`, [admin.id]);
      await gw.rest('POST', '/api/v3/anytime/conversations', { subject: 'after revoke', channel: 'email', message: { type: 'email', text: { format: 'plaintext', content: 'x' } } });
      await sub.ended;
      expect(sub.events.map((e) => e.realtimeReportChanged.now.openConversations)).toEqual([open]);
      expect(sub.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      await client.dispose();
    }
  });
});

describe('ReportDay follows the site time zone', () => {
  it('a zone change rebuilds the day rows from the hour rows, and day reports still answer the hour rows\' sums', async () => {
    expect((await gw.rest('PUT', '/api/v3/anytime/workingTime', { timeZone: 'Pacific/Auckland', workingTimes: [{ dayOfWeek: 'Monday', isBusinessDay: true, startHour: 9, startMin: 0, endHour: 17, endMin: 0 }] })).status).toBe(204);
    await gw.rest('POST', '/api/v3/anytime/conversations', { subject: 'zone', channel: 'chat', message: { type: 'email', text: { format: 'plaintext', content: 'x' } } });
    await gw.gateway.consumers!.drain();
    expect((await gw.sql(`SELECT "dayZone" FROM "ReportSetting"`))[0].dayZone).toBe('Pacific/Auckland');
    const days = await gw.sql(`SELECT to_char(day, 'YYYY-MM-DD') d, sum(created)::int c FROM "ReportDay" GROUP BY 1 HAVING sum(created) <> 0 ORDER BY 1`);
    const hours = await gw.sql(`SELECT to_char((hour AT TIME ZONE 'UTC' AT TIME ZONE 'Pacific/Auckland')::date, 'YYYY-MM-DD') d, sum(created)::int c FROM "ReportHour" GROUP BY 1 HAVING sum(created) <> 0 ORDER BY 1`);
    expect(days).toEqual(hours);
    const volume = await gw.rest('GET', `${R}/volume?${range}&timeUnit=day`);
    const total = volume.body.dataList.reduce((a: number, r: any) => a + r.createdConversations, 0);
    const [{ n }] = await gw.sql(`SELECT sum(created)::int n FROM "ReportHour" WHERE hour >= $1::timestamp AND hour < $2::timestamp`, [start.slice(0, 13) + ':00:00', end]);
    expect(total).toBe(n);
    expect(volume.body.dataList[1].startTime).toMatch(/T1[01]:00:00.000Z$/); // Auckland midnight in UTC
  });
});
