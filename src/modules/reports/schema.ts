/**
 * Reports in GraphQL: typed queries for dashboards (the same service as REST) and the debounced
 * `realtimeReportChanged` subscription for wallboards.
 */
import { builder } from '../../graphql/builder.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { unauthenticated } from '../../graphql/errors.js';
import { checkCredentials, credentialOf } from '../subscriptions/credentials.js';
import { maybeRealtimeOf } from '../subscriptions/realtime.js';
import { authorizationOf } from '../subscriptions/schema.js';
import { DIMENSIONS, FILTER_TYPES, parseRangeParams, SLA_DIMENSIONS, TIME_UNITS, type RawRangeParams, type ReportKind } from './params.js';
import { ROLLUP_EVENTS } from './rollup.js';
import {
  channelReport,
  efficiencyReport,
  exportFilename,
  realtimeBy,
  realtimeNow,
  realtimeToday,
  slaReport,
  volumeReport,
  type ChannelRow,
  type ChannelShare,
  type ChannelTotal,
  type EfficiencyReport,
  type EfficiencyRow,
  type LiveCounts,
  type RealtimeRow,
  type SlaRow,
  type TodayCounts,
  type VolumeReport,
  type VolumeRow,
} from './service.js';

const reader = { admin: true, integration: true } as const;

const TimeUnit = builder.enumType('ReportTimeUnit', { values: TIME_UNITS });
const Dimension = builder.enumType('ReportDimension', { values: DIMENSIONS });
const SlaDimension = builder.enumType('ReportSlaDimension', { values: SLA_DIMENSIONS });
const FilterType = builder.enumType('ReportFilterType', { values: FILTER_TYPES });

const ReportRangeInput = builder.inputType('ReportRangeInput', {
  description: 'A report range: [startTime, endTime) widened to whole hours, buckets in the site time zone (README "Reports").',
  fields: (t) => ({
    siteId: t.int(),
    startTime: t.field({ type: 'DateTime', required: true }),
    endTime: t.field({ type: 'DateTime', required: true }),
    timeUnit: t.field({ type: TimeUnit, description: 'Default day.' }),
    dimensionType: t.field({ type: Dimension, description: 'Default byTime.' }),
    filterType: t.field({ type: FilterType, description: 'Default site (everything).' }),
    filterValue: t.string({ description: 'An agent, department or account id, or a channel name.' }),
  }),
});
const ReportSlaInput = builder.inputType('ReportSlaInput', {
  fields: (t) => ({
    siteId: t.int(),
    startTime: t.field({ type: 'DateTime', required: true }),
    endTime: t.field({ type: 'DateTime', required: true }),
    timeUnit: t.field({ type: TimeUnit, description: 'day, week or month (default day).' }),
    dimensionType: t.field({ type: SlaDimension, description: 'Default slaPolicies.' }),
  }),
});

const idDescription = 'byTime: the bucket number (1…); otherwise the agent / department id or channel name (null: none).';

const LiveCountsRef = builder.objectRef<LiveCounts>('RealtimeNowReport').implement({
  description: 'Open conversations now (not deleted, not closed).',
  fields: (t) => ({
    unassignedConversations: t.exposeInt('unassignedConversations'),
    openConversations: t.exposeInt('openConversations'),
    newConversations: t.exposeInt('newConversations'),
    pendingInternalConversations: t.exposeInt('pendingInternalConversations'),
    pendingExternalConversations: t.exposeInt('pendingExternalConversations'),
    onHoldConversations: t.exposeInt('onHoldConversations'),
    urgentConversations: t.exposeInt('urgentConversations'),
    highConversations: t.exposeInt('highConversations'),
  }),
});

const TodayRef = builder.objectRef<TodayCounts>('RealtimeTodayReport').implement({
  description: 'Since local midnight in the site time zone.',
  fields: (t) => ({
    createdConversations: t.exposeInt('createdConversations'),
    closedConversations: t.exposeInt('closedConversations'),
    repliedConversations: t.exposeInt('repliedConversations'),
    reopenedConversations: t.exposeInt('reopenedConversations'),
  }),
});

const RealtimeRowRef = builder.objectRef<RealtimeRow>('RealtimeGroupReport').implement({
  fields: (t) => ({
    id: t.int({ nullable: true, description: 'The department or agent id; null: conversations without one.', resolve: (r) => r.id }),
    openConversations: t.exposeInt('openConversations'),
    todayRepliedConversations: t.exposeInt('todayRepliedConversations'),
    todayClosedConversations: t.exposeInt('todayClosedConversations'),
    newConversations: t.exposeInt('newConversations'),
    pendingInternalConversations: t.exposeInt('pendingInternalConversations'),
    pendingExternalConversations: t.exposeInt('pendingExternalConversations'),
    onHoldConversations: t.exposeInt('onHoldConversations'),
    urgentConversations: t.exposeInt('urgentConversations'),
    highConversations: t.exposeInt('highConversations'),
  }),
});

const idField = (t: { string: (o: object) => unknown }) =>
  t.string({ nullable: true, description: idDescription, resolve: (r: { id: number | string | null }) => (r.id === null ? null : String(r.id)) });

const VolumeRowRef = builder.objectRef<VolumeRow>('VolumeReportRow').implement({
  fields: (t) => ({
    id: idField(t as never) as never,
    createdConversations: t.exposeInt('createdConversations'),
    createdConversationsPercentage: t.exposeFloat('createdConversationsPercentage'),
    closedConversations: t.exposeInt('closedConversations'),
    closedConversationsPercentage: t.exposeFloat('closedConversationsPercentage'),
    repliedConversations: t.exposeInt('repliedConversations'),
    repliedConversationsPercentage: t.exposeFloat('repliedConversationsPercentage'),
    reopenedConversations: t.exposeInt('reopenedConversations'),
    reopenedConversationsPercentage: t.exposeFloat('reopenedConversationsPercentage'),
    openConversations: t.exposeInt('openConversations', { description: 'Open at the end of the bucket.' }),
    openConversationsPercentage: t.exposeFloat('openConversationsPercentage'),
    startTime: t.expose('startTime', { type: 'DateTime' }),
    endTime: t.expose('endTime', { type: 'DateTime' }),
  }),
});

const VolumeRef = builder.objectRef<VolumeReport>('VolumeReport').implement({
  fields: (t) => ({
    dataList: t.field({ type: [VolumeRowRef], resolve: (r) => r.dataList }),
    totalCreatedConversations: t.exposeInt('totalCreatedConversations'),
    totalClosedConversations: t.exposeInt('totalClosedConversations'),
    totalRepliedConversations: t.exposeInt('totalRepliedConversations'),
    totalReopenedConversations: t.exposeInt('totalReopenedConversations'),
    totalOpenConversations: t.exposeInt('totalOpenConversations', { description: 'Open at the end of the range.' }),
  }),
});

const EfficiencyRowRef = builder.objectRef<EfficiencyRow>('EfficiencyReportRow').implement({
  fields: (t) => ({
    id: idField(t as never) as never,
    avgAgentResponseTime: t.exposeString('avgAgentResponseTime', { description: 'HH:MM:SS' }),
    avgFirstResponseTime: t.exposeString('avgFirstResponseTime', { description: 'HH:MM:SS' }),
    avgConversationTime: t.exposeString('avgConversationTime', { description: 'HH:MM:SS' }),
    avgContactMessages: t.exposeFloat('avgContactMessages'),
    avgAgentMessages: t.exposeFloat('avgAgentMessages'),
    avgAgentResponseSeconds: t.exposeFloat('avgAgentResponseSeconds', { nullable: true }),
    avgFirstResponseSeconds: t.exposeFloat('avgFirstResponseSeconds', { nullable: true }),
    avgConversationSeconds: t.exposeFloat('avgConversationSeconds', { nullable: true }),
    startTime: t.expose('startTime', { type: 'DateTime' }),
    endTime: t.expose('endTime', { type: 'DateTime' }),
  }),
});

const EfficiencyRef = builder.objectRef<EfficiencyReport>('EfficiencyReport').implement({
  fields: (t) => ({
    dataList: t.field({ type: [EfficiencyRowRef], resolve: (r) => r.dataList }),
    totalAvgAgentResponseTime: t.exposeString('totalAvgAgentResponseTime'),
    totalAvgFirstResponseTime: t.exposeString('totalAvgFirstResponseTime'),
    totalAvgConversationTime: t.exposeString('totalAvgConversationTime'),
    totalAvgContactMessages: t.exposeFloat('totalAvgContactMessages'),
    totalAvgAgentMessages: t.exposeFloat('totalAvgAgentMessages'),
    totalAvgAgentResponseSeconds: t.exposeFloat('totalAvgAgentResponseSeconds', { nullable: true }),
    totalAvgFirstResponseSeconds: t.exposeFloat('totalAvgFirstResponseSeconds', { nullable: true }),
    totalAvgConversationSeconds: t.exposeFloat('totalAvgConversationSeconds', { nullable: true }),
  }),
});

const ChannelShareRef = builder.objectRef<ChannelShare>('ChannelShare').implement({
  fields: (t) => ({ channelId: t.exposeString('channelId'), channelName: t.exposeString('channelName'), channelPercentage: t.exposeFloat('channelPercentage') }),
});
const ChannelTotalRef = builder.objectRef<ChannelTotal>('ChannelTotal').implement({
  fields: (t) => ({ channelId: t.exposeString('channelId'), channelName: t.exposeString('channelName'), totalNumber: t.exposeInt('totalNumber') }),
});
const ChannelRowRef = builder.objectRef<ChannelRow>('ChannelReportRow').implement({
  fields: (t) => ({
    id: idField(t as never) as never,
    name: t.exposeString('name'),
    channelEfficiencies: t.field({ type: [ChannelShareRef], resolve: (r) => r.channelEfficiencies }),
    startTime: t.expose('startTime', { type: 'DateTime' }),
    endTime: t.expose('endTime', { type: 'DateTime' }),
  }),
});
const ChannelRef = builder.objectRef<{ dataList: ChannelRow[]; channelTotalNumbers: ChannelTotal[] }>('ChannelReport').implement({
  fields: (t) => ({
    dataList: t.field({ type: [ChannelRowRef], resolve: (r) => r.dataList }),
    channelTotalNumbers: t.field({ type: [ChannelTotalRef], description: 'Created conversations per channel over the range.', resolve: (r) => r.channelTotalNumbers }),
  }),
});

const SlaRowRef = builder.objectRef<SlaRow>('SlaReportRow').implement({
  fields: (t) => ({
    id: t.int({ nullable: true, description: 'The SLA policy, agent or department id (null: none).', resolve: (r) => r.id }),
    firstRespondTimeAchievedPercentage: t.exposeFloat('firstRespondTimeAchievedPercentage'),
    avgFirstRespondTime: t.exposeFloat('avgFirstRespondTime', { description: 'Hours.' }),
    nextRespondTimeAchievedPercentage: t.exposeFloat('nextRespondTimeAchievedPercentage'),
    avgNextRespondTime: t.exposeFloat('avgNextRespondTime', { description: 'Hours.' }),
    ResolveTimeAchievedPercentage: t.exposeFloat('ResolveTimeAchievedPercentage'),
    avgResolveTime: t.exposeFloat('avgResolveTime', { description: 'Hours.' }),
    breachedTickets: t.exposeInt('breachedTickets'),
    startTime: t.expose('startTime', { type: 'DateTime' }),
    endTime: t.expose('endTime', { type: 'DateTime' }),
  }),
});
const SlaRef = builder.objectRef<{ dataList: SlaRow[] }>('SlaReport').implement({
  fields: (t) => ({ dataList: t.field({ type: [SlaRowRef], resolve: (r) => r.dataList }) }),
});

const ReportKindEnum = builder.enumType('ReportKind', { values: ['volume', 'channel', 'efficiency', 'sla'] as const });
const ReportExportInput = builder.inputType('ReportExportInput', {
  description: 'An export: the report\'s parameters, plus timeOffset (minutes east of UTC; default the site zone) and dateFormat (default YYYY-MM-DD HH:mm:ss).',
  fields: (t) => ({
    siteId: t.int(),
    startTime: t.field({ type: 'DateTime', required: true }),
    endTime: t.field({ type: 'DateTime', required: true }),
    timeUnit: t.field({ type: TimeUnit }),
    dimensionType: t.string({ description: 'byTime, byAgent, byDepartment, byChannel; SLA: slaPolicies, agent, department.' }),
    filterType: t.field({ type: FilterType }),
    filterValue: t.string(),
    timeOffset: t.int(),
    dateFormat: t.string(),
  }),
});
const ReportExportRef = builder.objectRef<{ filename: string; path: string }>('ReportExport').implement({
  description: 'A checked export: download it from `path` (the REST export URL with the same parameters) as CSV.',
  fields: (t) => ({ filename: t.exposeString('filename'), path: t.exposeString('path') }),
});

export function rangeOf(kind: ReportKind, input: RawRangeParams, ctx: GraphQLContext, forExport = false) {
  const toRaw = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  return parseRangeParams(kind, { ...input, startTime: toRaw(input.startTime), endTime: toRaw(input.endTime) }, { maxRangeDays: ctx.config.reportMaxRangeDays, export: forExport });
}

builder.queryFields((t) => ({
  reportExport: t.field({
    type: ReportExportRef,
    description: 'Checks an export\'s parameters (400 naming the bad one) and names its file; the CSV itself streams from the REST export URL.',
    authScopes: reader,
    args: { report: t.arg({ type: ReportKindEnum, required: true }), input: t.arg({ type: ReportExportInput, required: true }) },
    resolve: (_r, args, ctx) => {
      const p = rangeOf(args.report, args.input as RawRangeParams, ctx, true);
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(args.input)) if (value !== null && value !== undefined) query.set(key, value instanceof Date ? value.toISOString() : String(value));
      return { filename: exportFilename(p), path: `/api/v3/anytime/reports/${args.report}/export?${query.toString()}` };
    },
  }),
  realtimeNowReport: t.field({
    type: LiveCountsRef,
    authScopes: reader,
    args: { siteId: t.arg.int() },
    resolve: (_r, args, ctx) => realtimeNow(ctx.read.reader, args.siteId),
  }),
  realtimeTodayReport: t.field({
    type: TodayRef,
    authScopes: reader,
    args: { siteId: t.arg.int() },
    resolve: (_r, args, ctx) => realtimeToday(ctx.read.reader, args.siteId),
  }),
  realtimeDepartmentsReport: t.field({
    type: [RealtimeRowRef],
    authScopes: reader,
    args: { siteId: t.arg.int() },
    resolve: (_r, args, ctx) => realtimeBy(ctx.read.reader, 'department', args),
  }),
  realtimeAgentsReport: t.field({
    type: [RealtimeRowRef],
    authScopes: reader,
    args: { siteId: t.arg.int(), filterType: t.arg({ type: FilterType }), filterValue: t.arg.string() },
    resolve: (_r, args, ctx) => realtimeBy(ctx.read.reader, 'agent', args),
  }),
  volumeReport: t.field({
    type: VolumeRef,
    authScopes: reader,
    args: { input: t.arg({ type: ReportRangeInput, required: true }) },
    resolve: (_r, args, ctx) => volumeReport(ctx.read.reader, rangeOf('volume', args.input, ctx)),
  }),
  channelReport: t.field({
    type: ChannelRef,
    authScopes: reader,
    args: { input: t.arg({ type: ReportRangeInput, required: true }) },
    resolve: (_r, args, ctx) => channelReport(ctx.read.reader, rangeOf('channel', args.input, ctx)),
  }),
  efficiencyReport: t.field({
    type: EfficiencyRef,
    authScopes: reader,
    args: { input: t.arg({ type: ReportRangeInput, required: true }) },
    resolve: (_r, args, ctx) => efficiencyReport(ctx.read.reader, rangeOf('efficiency', args.input, ctx)),
  }),
  slaReport: t.field({
    type: SlaRef,
    authScopes: reader,
    args: { input: t.arg({ type: ReportSlaInput, required: true }) },
    resolve: (_r, args, ctx) => slaReport(ctx.read.reader, rangeOf('sla', args.input, ctx)),
  }),
}));

// ─── realtimeReportChanged ────────────────────────────────────────────────

interface RealtimeSnapshot {
  now: LiveCounts;
  today: TodayCounts;
}

const RealtimeChangedRef = builder.objectRef<RealtimeSnapshot>('RealtimeReportChanged').implement({
  fields: (t) => ({
    now: t.field({ type: LiveCountsRef, resolve: (s) => s.now }),
    today: t.field({ type: TodayRef, resolve: (s) => s.today }),
  }),
});

/**
 * The wallboard's numbers: the current ones at once, then after conversation and message events
 * (any process: the subscriptions' event feed), at most once per REPORT_REALTIME_DEBOUNCE_MS and
 * only when a number changed. A push is re-checked once more a debounce later, so the today
 * numbers (rollup, a consumer step behind the commit) settle.
 */
function realtimeChanges(ctx: GraphQLContext): AsyncIterableIterator<RealtimeSnapshot> {
  const debounceMs = ctx.config.reportRealtimeDebounceMs;
  const read = async (): Promise<RealtimeSnapshot> => ({ now: await realtimeNow(ctx.read.reader), today: await realtimeToday(ctx.read.reader) });
  let wake: (() => void) | undefined;
  let dirty = 0;
  let stopped = false;
  let stop!: () => void;
  // Ending the subscription must not wait for the next event: every wait races this.
  const stopping = new Promise<void>((resolve) => (stop = resolve));
  const wanted = new Set<string>(ROLLUP_EVENTS);
  const realtime = maybeRealtimeOf(ctx.events);
  const feed = realtime?.feed;
  // As every live subscription: what it was opened with must still be valid for each push (a
  // revoked key, a deleted agent or client ends it), one statement per push of this subscriber.
  const credential = realtime ? credentialOf(realtime.hub.credentialCache, ctx.viewer, authorizationOf(ctx)) : null;
  const assertStillValid = async () => {
    if (!credential) return;
    const check = await checkCredentials(ctx.prisma, [credential]);
    if (!check.isValid(credential)) throw unauthenticated('Subscription ended: the credentials it was opened with are no longer valid');
  };
  const onEvent = (type: string) => {
    if (!wanted.has(type) && !type.startsWith('conversation.')) return;
    dirty = 2;
    wake?.();
  };
  const unsubscribe = feed ? feed.subscribe((event) => onEvent(event.type)) : ctx.events.subscribe((event) => onEvent(event.type));
  const end = () => {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    stop();
  };
  const changes = (async function* () {
    try {
      let last = await read();
      yield last;
      while (!stopped) {
        if (dirty === 0) await Promise.race([new Promise<void>((resolve) => (wake = resolve)), stopping]);
        wake = undefined;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, debounceMs))), stopping]);
        clearTimeout(timer);
        if (stopped) return;
        dirty = Math.max(dirty - 1, 0);
        const next = await read();
        if (JSON.stringify(next) !== JSON.stringify(last)) {
          await assertStillValid();
          last = next;
          dirty = Math.max(dirty, 1);
          yield next;
        }
      }
    } finally {
      end();
    }
  })();
  return {
    next: () => changes.next(),
    return: (value?: unknown) => {
      end();
      return changes.return(value as never);
    },
    throw: (error?: unknown) => {
      end();
      return changes.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

builder.subscriptionFields((t) => ({
  realtimeReportChanged: t.field({
    type: RealtimeChangedRef,
    description: 'The realtime now and today numbers for wallboards: at once, then whenever they change (debounced, REPORT_REALTIME_DEBOUNCE_MS).',
    authScopes: reader,
    subscribe: (_root, _args, ctx) => realtimeChanges(ctx),
    resolve: (snapshot) => snapshot,
  }),
}));
