/**
 * The conversation list query (agent console inbox and deleted conversations).
 * Ids first, in one index-backed SQL statement over the conversation table (alias "c"); the rows
 * are then loaded in one batch and every relation through loaders.
 */
import type { Conversation } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { conditionSetToSql, resolveConditionSet } from '../../engine/conditions/index.js';
import type { ServiceContext } from '../../engine/write.js';
import { cacheOf, type Invalidations } from '../../db/invalidation.js';
import { modelDecoder, type ReadBatch } from '../../db/read.js';
import { invalidField } from '../../graphql/errors.js';
import { filtersWhereSql, filterWhereSql } from '../filters/service.js';

export const SORT_BY = ['nextSLABreach', 'lastReplyTime', 'lastActivityTime', 'priority', 'status'] as const;
export type SortBy = (typeof SORT_BY)[number];
export const SORT_ORDERS = ['ascending', 'descending'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** The spec: each request returns at most 50 conversations. */
export const MAX_LIST_PAGE = 50;
const DEFAULT_WINDOW_DAYS = 30;

export interface ListCondition {
  field: string;
  matchType: string;
  value: string;
}

export interface ConversationListFilter {
  filterId?: string | null;
  tagId?: number | null;
  keywords?: string | null;
  /** ISO-8601; without an offset the time is read in `timeZoneOffset`. Filters lastRepliedTime. */
  timeFrom?: string | null;
  timeTo?: string | null;
  /** Hours east of UTC (e.g. 8, -5.5). */
  timeZoneOffset?: number | null;
  conditions?: readonly ListCondition[] | null;
}

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** An ISO-8601 time; one without an offset is local time at `offsetHours` (UTC when not given). */
export function parseListTime(value: string, offsetHours: number, field: string): Date {
  const match = isoPattern.exec(value.trim());
  if (!match) throw invalidField(field, `must be an ISO-8601 date-time, got ${JSON.stringify(value)}`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = match;
  const base = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}`;
  const date = zone
    ? new Date(`${base}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`)
    : new Date(new Date(`${base}Z`).getTime() - offsetHours * 3_600_000);
  if (Number.isNaN(date.getTime())) throw invalidField(field, `is not a valid date-time: ${JSON.stringify(value)}`);
  return date;
}

/** A filter id (built-in view or stored filter the viewer may use) as SQL over "c"; 404 when unknown. */
export const filterSql = (ctx: ServiceContext, filterId: string): Promise<Prisma.Sql> => filterWhereSql(ctx, filterId);

/** `conditions[i][field|matchType|value]` of the list, through the one condition engine (all must match). */
async function conditionsSql(ctx: ServiceContext, conditions: readonly ListCondition[]): Promise<Prisma.Sql> {
  conditions.forEach((condition, index) => {
    for (const key of ['field', 'matchType'] as const) {
      if (!condition[key] || typeof condition[key] !== 'string') throw invalidField(`conditions[${index}][${key}]`, 'is required');
    }
  });
  const set = await resolveConditionSet(ctx.prisma, {
    when: 'all',
    conditions: conditions.map((c) => ({ fieldId: c.field, matchType: c.matchType, value: c.value ?? '' })),
  });
  return conditionSetToSql(set);
}

/**
 * Full-text match on the subject or any message text. A UNION of two lookups, each served by its
 * GIN expression index ('simple' configuration), so neither table is scanned.
 */
export function keywordsSql(keywords: string): Prisma.Sql {
  const query = Prisma.sql`plainto_tsquery('simple', ${keywords})`;
  return Prisma.sql`c.id IN (
    SELECT s.id FROM "Conversation" s WHERE to_tsvector('simple', s."subject") @@ ${query}
    UNION
    SELECT m."conversationId" FROM "Message" m WHERE to_tsvector('simple', m."plainText") @@ ${query})`;
}

export async function conversationListWhere(ctx: ServiceContext, filter: ConversationListFilter, deleted: boolean): Promise<Prisma.Sql> {
  const parts: Prisma.Sql[] = [deleted ? Prisma.sql`c."deletedTime" IS NOT NULL` : Prisma.sql`c."deletedTime" IS NULL`];
  const offset = filter.timeZoneOffset ?? 0;
  if (!Number.isFinite(offset) || offset < -14 || offset > 14) throw invalidField('timeZoneOffset', 'must be a number of hours between -14 and 14');
  // Without an explicit window: the last 30 days, from the whole minute before to the whole minute
  // after now (nothing is replied to in the future), so that every page of the next minute has the
  // same WHERE and shares a cached total (countConversations).
  const now = Date.now();
  const timeTo = filter.timeTo ? parseListTime(filter.timeTo, offset, 'timeTo') : new Date(Math.ceil((now + 1) / 60_000) * 60_000);
  const timeFrom = filter.timeFrom
    ? parseListTime(filter.timeFrom, offset, 'timeFrom')
    : new Date((filter.timeTo ? timeTo.getTime() : Math.floor(now / 60_000) * 60_000) - DEFAULT_WINDOW_DAYS * 24 * 3_600_000);
  if (timeFrom > timeTo) throw invalidField('timeFrom', 'must not be after timeTo');
  parts.push(Prisma.sql`c."lastRepliedTime" >= ${timeFrom} AND c."lastRepliedTime" <= ${timeTo}`);
  if (filter.tagId !== undefined && filter.tagId !== null) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "ConversationTag" ct WHERE ct."conversationId" = c.id AND ct."tagId" = ${filter.tagId})`);
  }
  const keywords = filter.keywords?.trim();
  if (keywords) {
    if (keywords.length > 500) throw invalidField('keywords', 'must be at most 500 characters');
    parts.push(keywordsSql(keywords));
  }
  if (filter.filterId) parts.push(Prisma.sql`(${await filterSql(ctx, filter.filterId)})`);
  if (filter.conditions?.length) parts.push(Prisma.sql`(${await conditionsSql(ctx, filter.conditions)})`);
  return Prisma.join(parts, ' AND ');
}

export function conversationOrderSql(sortBy: SortBy = 'lastReplyTime', sortOrder: SortOrder = 'descending'): Prisma.Sql {
  const dir = Prisma.raw(sortOrder === 'ascending' ? 'ASC' : 'DESC');
  const key = {
    lastReplyTime: Prisma.sql`c."lastRepliedTime"`,
    lastActivityTime: Prisma.sql`c."lastActivityTime"`,
    nextSLABreach: Prisma.sql`c."nextRespondBreachAt"`,
    // Descending priority puts the most urgent first.
    priority: Prisma.sql`CASE c."priority" WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END`,
    // Workflow order: new, pendingInternal, pendingExternal, onHold, closed.
    status: Prisma.sql`c."status"`,
  }[sortBy];
  // Conversations without an SLA deadline come last either way. The other keys are never null:
  // leaving NULLS LAST off them lets PostgreSQL read the partial inbox indexes backwards instead of
  // sorting every conversation in the time window.
  const nulls = sortBy === 'nextSLABreach' ? Prisma.sql` NULLS LAST` : Prisma.empty;
  return Prisma.sql`${key} ${dir}${nulls}, c.id ${dir}`;
}

/** What the page reads need from the request: its read batch and the cache generations. */
export interface ListReadContext {
  read: ReadBatch;
  invalidations: Invalidations;
}

const conversationDecoder = modelDecoder<Conversation>('Conversation');

/**
 * The total of a list. Counting a window is an index-only scan of every matching entry (~300k at
 * 1M conversations), the one part of a page that grows with the data. Totals are therefore cached
 * per WHERE (its SQL and values) and stay exact: any committed write to a table a WHERE can read
 * moves the "conversations" generation in every process (src/db/invalidation.ts), and the default
 * window's edges move in whole minutes (conversationListWhere) so repeated pages share a key.
 * The TTL only bounds memory for windows nobody asks for again.
 */
export async function countConversations(ctx: ListReadContext, where: Prisma.Sql): Promise<number> {
  const cache = cacheOf<number>(ctx.invalidations, 'conversationCount', 'conversations', { ttlMs: 60_000, maxEntries: 2_000 });
  const key = JSON.stringify([where.text, where.values]);
  return cache.get(key, () => ctx.read.count(Prisma.sql`"Conversation" c WHERE ${where}`));
}

/** One page of rows, in order, in one read (sent in the same statement as the count). */
export async function fetchConversationPage(ctx: ListReadContext, where: Prisma.Sql, order: Prisma.Sql, offset: number, limit: number): Promise<Conversation[]> {
  if (limit <= 0) return [];
  return ctx.read.rows(Prisma.sql`SELECT c.* FROM "Conversation" c WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`, conversationDecoder);
}

/**
 * Unread conversations of the viewing agent: in all (not deleted), and per filter with how many
 * of those mention the agent. One statement for all filters.
 */
export async function unreadCounts(ctx: ServiceContext, filterIds: readonly string[]) {
  if (ctx.viewer.kind !== 'agent') throw invalidField('filterIds', 'unread counts are kept per agent; only an agent has them');
  const agentId = ctx.viewer.agentId;
  if (filterIds.length > 50) throw invalidField('filterIds', 'must list at most 50 filters');
  const ids = [...new Set(filterIds)];
  const filterWheres = await filtersWhereSql(ctx, ids);
  const mentioned = Prisma.sql`EXISTS (SELECT 1 FROM "Mention" mn WHERE mn."conversationId" = c.id AND mn."agentId" = ${agentId})`;
  const columns = [Prisma.sql`count(*)::int AS "allCount"`];
  filterWheres.forEach((where, i) => {
    columns.push(Prisma.sql`count(*) FILTER (WHERE ${where})::int AS ${Prisma.raw(`"u${i}"`)}`);
    columns.push(Prisma.sql`count(*) FILTER (WHERE (${where}) AND ${mentioned})::int AS ${Prisma.raw(`"m${i}"`)}`);
  });
  const [row] = await ctx.prisma.$queryRaw<Record<string, number>[]>`
    SELECT ${Prisma.join(columns, ', ')}
      FROM "Conversation" c
      LEFT JOIN "ConversationAgentState" s ON s."conversationId" = c.id AND s."agentId" = ${agentId}
     WHERE c."deletedTime" IS NULL AND COALESCE(s."isRead", false) = false`;
  return {
    allCount: row?.allCount ?? 0,
    filters: ids.map((filterId, i) => ({ filterId, unreadCount: row?.[`u${i}`] ?? 0, unreadMentionedCount: row?.[`m${i}`] ?? 0 })),
  };
}
