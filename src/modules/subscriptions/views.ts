/**
 * Filter membership for conversationChanged / unreadCountsChanged, decided by SQL for the
 * conversations a batch touched. Built-in views: all, mine, unassigned, mentions.
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.js';
import type { ServiceContext } from '../../engine/write.js';
import { invalidField } from '../../graphql/errors.js';
import { filterSql } from '../conversations/list.js';
import { builtInViewSql } from '../conversations/views.js';

export interface ViewFilter {
  /** As the client named it: a built-in view name or a stored filter id. */
  id: string;
  /** SQL boolean over the conversation aliased `c`, for the subscribing viewer. */
  where: Prisma.Sql;
  /** True when membership depends on who asks (mine, mentions, stored filters). */
  viewerDependent: boolean;
  /**
   * Built-in views that depend on the agent (mine, mentions): the same SQL with the agent id
   * replaced by the column `a."id"`, so one statement evaluates it for every subscribed agent.
   */
  perAgent?: Prisma.Sql;
}

/** Stands for "the agent" while building the per-agent SQL (agent ids are positive). */
const AGENT_PLACEHOLDER = -987_654_321;

function perAgentSql(id: string): Prisma.Sql | undefined {
  const placeholderViewer = { kind: 'agent', agentId: AGENT_PLACEHOLDER, role: 'agent', email: '' } as const;
  const sql = builtInViewSql(placeholderViewer, id);
  if (!sql || !sql.values.includes(AGENT_PLACEHOLDER)) return undefined;
  return new Prisma.Sql(
    sql.strings,
    sql.values.map((value) => (value === AGENT_PLACEHOLDER ? Prisma.raw('a."id"') : (value as never))),
  );
}

/**
 * A built-in view or a stored filter the viewer may see, through the conversations module's
 * `filterSql` (the same SQL its list and unread counts use); NOT_FOUND naming an unknown id.
 * Deleted conversations are in no inbox list. A stored filter's conditions are read once, when
 * the subscription starts.
 */
export async function resolveViewFilter(ctx: ServiceContext, filterId: string | null | undefined): Promise<ViewFilter> {
  const id = (filterId ?? 'all').trim();
  if (!id) throw invalidField('filterId', 'must not be empty');
  const sql = await filterSql(ctx, id);
  // all and unassigned mean the same for everyone; mine, mentions and stored filters (private
  // ones, conditions about "me") are evaluated per viewer.
  const viewerDependent = id !== 'all' && id !== 'unassigned';
  const perAgent = ctx.viewer.kind === 'agent' ? perAgentSql(id) : undefined;
  return { id, where: Prisma.sql`c."deletedTime" IS NULL AND (${sql})`, viewerDependent, ...(perAgent ? { perAgent } : {}) };
}

/** Which of `conversationIds` are in the filter now: one statement. */
export async function membersAmong(prisma: PrismaClient, filter: ViewFilter, conversationIds: number[]): Promise<Set<number>> {
  if (conversationIds.length === 0) return new Set();
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    SELECT c."id" FROM "Conversation" c WHERE c."id" = ANY(${conversationIds}::int[]) AND (${filter.where})`;
  return new Set(rows.map((row) => row.id));
}

/** Per agent, which of `conversationIds` are in a per-agent built-in view now: one statement for all agents. */
export async function membersAmongPerAgent(
  prisma: PrismaClient,
  perAgent: Prisma.Sql,
  agentIds: number[],
  conversationIds: number[],
): Promise<Map<number, Set<number>>> {
  const result = new Map<number, Set<number>>(agentIds.map((id) => [id, new Set<number>()]));
  if (conversationIds.length === 0 || agentIds.length === 0) return result;
  const rows = await prisma.$queryRaw<{ agentId: number; id: number }[]>`
    SELECT a."id" AS "agentId", c."id"
      FROM unnest(${agentIds}::int[]) AS a("id")
      JOIN "Conversation" c ON c."id" = ANY(${conversationIds}::int[])
     WHERE c."deletedTime" IS NULL AND (${perAgent})`;
  for (const row of rows) result.get(row.agentId)?.add(row.id);
  return result;
}

/** Ids in the filter now, up to `limit` (+1 tells the caller the list is not exhaustive). */
export async function currentMembers(prisma: PrismaClient, filter: ViewFilter, limit: number): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    SELECT c."id" FROM "Conversation" c WHERE ${filter.where} ORDER BY c."id" DESC LIMIT ${limit + 1}`;
  return rows.map((row) => row.id);
}
