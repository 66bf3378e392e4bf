/**
 * Reports over REST (spec "# Reports"): the documented URLs as rows of the route table. JSON rows
 * run the typed GraphQL queries; the export rows (`produces: 'text/csv'`) run `reportExport`
 * (authentication, scopes, every parameter checked) and then stream the same report's statement
 * through a cursor as CSV.
 */
import { restRoutes, type RestRequest, type RestRoute } from '../../rest/route.js';
import { parseFilter, parseRangeParams, parseSiteId, type RawRangeParams, type ReportKind } from './params.js';
import { exportPlan } from './service.js';

const PARAMS = ['siteId', 'startTime', 'endTime', 'timeUnit', 'dimensionType', 'filterType', 'filterValue', 'timeOffset', 'dateFormat'] as const;

function rawParams(request: RestRequest): RawRangeParams {
  const out: Record<string, string | undefined> = {};
  for (const name of PARAMS) out[name] = request.query.get(name) ?? undefined;
  return out;
}

/** Checks every parameter here (400 naming it) and hands GraphQL the normalised input. */
function rangeVariables(kind: ReportKind, request: RestRequest, forExport: boolean) {
  // The range limit is checked again in GraphQL with the gateway's REPORT_MAX_RANGE_DAYS.
  const p = parseRangeParams(kind, rawParams(request), { maxRangeDays: Number.MAX_SAFE_INTEGER / 86_400_000, export: forExport });
  const input: Record<string, unknown> = { startTime: p.start.toISOString(), endTime: p.end.toISOString(), timeUnit: p.timeUnit, dimensionType: p.dimension };
  if (p.filter) Object.assign(input, { filterType: p.filter.type, filterValue: String(p.filter.value) });
  if (forExport) Object.assign(input, { timeOffset: p.timeOffset, dateFormat: p.dateFormat });
  return { input, ...(forExport ? { report: kind } : {}) };
}

const siteOnly = (request: RestRequest) => {
  const siteId = request.query.get('siteId') ?? undefined;
  parseSiteId(siteId);
  return siteId === undefined ? {} : { siteId: Number(siteId) };
};

function rangeRoutes(kind: ReportKind, query: string, document: string): RestRoute[] {
  return [
    {
      method: 'GET',
      path: `/api/v3/anytime/reports/${kind}`,
      document,
      variables: (request) => rangeVariables(kind, request, false),
      shape: (data) => data[query],
    },
    {
      method: 'GET',
      path: `/api/v3/anytime/reports/${kind}/export`,
      document: /* GraphQL */ `
        query RestReportExport($report: ReportKind!, $input: ReportExportInput!) {
          reportExport(report: $report, input: $input) {
            filename
          }
        }
      `,
      variables: (request) => rangeVariables(kind, request, true),
      produces: 'text/csv',
      stream: async (_data, request, context) => {
        const p = parseRangeParams(kind, rawParams(request), { maxRangeDays: context.config.reportMaxRangeDays, export: true });
        const plan = await exportPlan(context.read.reader, p);
        return { filename: plan.filename, header: plan.header, records: plan.rows };
      },
    },
  ];
}

export const reportRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/reports/realtime/now',
    document: /* GraphQL */ `
      query RestRealtimeNow($siteId: Int) {
        realtimeNowReport(siteId: $siteId) {
          unassignedConversations
          openConversations
          newConversations
          pendingInternalConversations
          pendingExternalConversations
          onHoldConversations
          urgentConversations
          highConversations
        }
      }
    `,
    variables: siteOnly,
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/reports/realtime/today',
    document: /* GraphQL */ `
      query RestRealtimeToday($siteId: Int) {
        realtimeTodayReport(siteId: $siteId) {
          createdConversations
          closedConversations
          repliedConversations
          reopenedConversations
        }
      }
    `,
    variables: siteOnly,
    // The spec spells it "reopenedConverstations": both spellings are answered.
    shape: (data) => ({ ...data.realtimeTodayReport, reopenedConverstations: data.realtimeTodayReport.reopenedConversations }),
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/reports/realtime/departments',
    document: /* GraphQL */ `
      query RestRealtimeDepartments($siteId: Int) {
        realtimeDepartmentsReport(siteId: $siteId) {
          id
          openConversations
          todayRepliedConversations
          todayClosedConversations
          newConversations
          pendingInternalConversations
          pendingExternalConversations
          onHoldConversations
          urgentConversations
          highConversations
        }
      }
    `,
    variables: siteOnly,
    shape: (data) => ({ dataList: data.realtimeDepartmentsReport.map(({ id, ...rest }: { id: number | null }) => ({ departmentId: id, ...rest })) }),
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/reports/realtime/agents',
    document: /* GraphQL */ `
      query RestRealtimeAgents($siteId: Int, $filterType: ReportFilterType, $filterValue: String) {
        realtimeAgentsReport(siteId: $siteId, filterType: $filterType, filterValue: $filterValue) {
          id
          openConversations
          todayRepliedConversations
          todayClosedConversations
          newConversations
          pendingInternalConversations
          pendingExternalConversations
          onHoldConversations
          urgentConversations
          highConversations
        }
      }
    `,
    variables: (request) => {
      const filterType = request.query.get('filterType') || undefined;
      const filterValue = request.query.get('filterValue') || undefined;
      // Checked by the service with the documented messages; GraphQL only sees known enum values.
      return { ...siteOnly(request), ...realtimeFilter(filterType, filterValue) };
    },
    shape: (data) => ({ dataList: data.realtimeAgentsReport.map(({ id, ...rest }: { id: number | null }) => ({ agentId: id, ...rest })) }),
  },
  ...rangeRoutes(
    'volume',
    'volumeReport',
    /* GraphQL */ `
      query RestVolumeReport($input: ReportRangeInput!) {
        volumeReport(input: $input) {
          dataList {
            id
            createdConversations
            createdConversationsPercentage
            closedConversations
            closedConversationsPercentage
            repliedConversations
            repliedConversationsPercentage
            reopenedConversations
            reopenedConversationsPercentage
            openConversations
            openConversationsPercentage
            startTime
            endTime
          }
          totalCreatedConversations
          totalClosedConversations
          totalRepliedConversations
          totalReopenedConversations
          totalOpenConversations
        }
      }
    `,
  ),
  ...rangeRoutes(
    'channel',
    'channelReport',
    /* GraphQL */ `
      query RestChannelReport($input: ReportRangeInput!) {
        channelReport(input: $input) {
          dataList {
            id
            name
            channelEfficiencies {
              channelId
              channelName
              channelPercentage
            }
            startTime
            endTime
          }
          channelTotalNumbers {
            channelId
            channelName
            totalNumber
          }
        }
      }
    `,
  ),
  ...rangeRoutes(
    'efficiency',
    'efficiencyReport',
    /* GraphQL */ `
      query RestEfficiencyReport($input: ReportRangeInput!) {
        efficiencyReport(input: $input) {
          dataList {
            id
            avgAgentResponseTime
            avgFirstResponseTime
            avgConversationTime
            avgContactMessages
            avgAgentMessages
            startTime
            endTime
          }
          totalAvgAgentResponseTime
          totalAvgFirstResponseTime
          totalAvgConversationTime
          totalAvgContactMessages
          totalAvgAgentMessages
        }
      }
    `,
  ),
  ...rangeRoutes(
    'sla',
    'slaReport',
    /* GraphQL */ `
      query RestSlaReport($input: ReportSlaInput!) {
        slaReport(input: $input) {
          dataList {
            id
            firstRespondTimeAchievedPercentage
            avgFirstRespondTime
            nextRespondTimeAchievedPercentage
            avgNextRespondTime
            ResolveTimeAchievedPercentage
            avgResolveTime
            breachedTickets
            startTime
            endTime
          }
        }
      }
    `,
  ),
]);

function realtimeFilter(filterType: string | undefined, filterValue: string | undefined) {
  const filter = parseFilter(filterType, filterValue);
  return filter ? { filterType: filter.type, filterValue: String(filter.value) } : {};
}
