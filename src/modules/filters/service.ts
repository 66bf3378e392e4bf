/**
 * Filters: saved conditions over the conversation list. Public filters are shared by all agents;
 * a private filter is visible and usable only by the agent who created it (to anyone else it
 * does not exist: 404, never 403, so its existence does not leak). Conditions go through the one
 * condition engine, which also compiles them to SQL for the list and unread counts.
 */
import type { Prisma } from '../../generated/prisma/client.js';
import type { Viewer } from '../../auth/viewer.js';
import { isAdmin } from '../../auth/viewer.js';
import { conditionSetToSql, loadConditionFields, resolveConditionSet, type RawConditionSet } from '../../engine/conditions/index.js';
import { rawConditionsOf, saveConditions, withConditions } from '../../engine/conditions/store.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { forbidden, invalidField, notFound } from '../../graphql/errors.js';
import { builtInViewSql } from '../conversations/views.js';
import { cacheOf, noInvalidations } from '../../db/invalidation.js';

export interface FilterConditionInput {
  id?: string | null;
  fieldId?: string | null;
  matchType?: string | null;
  value?: string | null;
}

export interface FilterInput {
  name?: string | null;
  isPrivate?: boolean | null;
  /** all (default), any or logicalExpression. */
  when?: string | null;
  logicalExpression?: string | null;
  /** The spelling routing rules, triggers and SLA policies use in the spec. */
  logicExpression?: string | null;
  conditions?: readonly FilterConditionInput[] | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters `viewer` may see: public ones, and its own private ones. */
export function visibleFiltersWhere(viewer: Viewer): Prisma.FilterWhereInput {
  return viewer.kind === 'agent' ? { OR: [{ isPrivate: false }, { createdById: viewer.agentId }] } : { isPrivate: false };
}

type Db = Tx | ServiceContext['prisma'];

/** A filter the viewer may see (with its conditions in order), else 404. */
export async function findVisibleFilter(db: Db, viewer: Viewer, id: string) {
  const filter = uuidPattern.test(id)
    ? await db.filter.findFirst({ where: { id: id.toLowerCase(), ...visibleFiltersWhere(viewer) }, include: withConditions })
    : null;
  if (!filter) throw notFound('filter', id);
  return filter;
}

/** Only the creator changes a filter; admins may also change public ones. */
function checkMayChange(viewer: Viewer, filter: { isPrivate: boolean; createdById: number | null; name: string }) {
  const own = viewer.kind === 'agent' && viewer.agentId === filter.createdById;
  if (!own && !(isAdmin(viewer) && !filter.isPrivate)) throw forbidden(`Only its creator or an admin may change the filter "${filter.name}"`);
}

function rawSet(input: FilterInput, conditions: readonly FilterConditionInput[], current?: { when: string; logicalExpression: string | null }): RawConditionSet {
  const when = input.when ?? current?.when ?? 'all';
  const expression = input.logicalExpression !== undefined ? input.logicalExpression : input.logicExpression !== undefined ? input.logicExpression : current?.logicalExpression ?? null;
  return {
    when: when as RawConditionSet['when'],
    ...(input.logicExpression !== undefined && input.logicalExpression === undefined ? { logicExpression: expression } : { logicalExpression: expression }),
    conditions: conditions.map((c) => ({ fieldId: c.fieldId as string, matchType: c.matchType as string, value: c.value as string })),
  };
}

function validName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw invalidField('name', 'is required');
  if (name.length > 200) throw invalidField('name', 'must be at most 200 characters');
  return name.trim();
}

async function writeConditions(tx: Tx, filterId: string, input: FilterInput, conditions: readonly FilterConditionInput[], current?: { when: string; logicalExpression: string | null }) {
  if (!Array.isArray(conditions)) throw invalidField('conditions', 'must be a list of conditions');
  const set = await resolveConditionSet(tx, rawSet(input, conditions, current));
  await saveConditions(tx, { type: 'view', id: filterId }, set);
  return { when: set.when, logicalExpression: set.logicalExpression };
}

export async function createFilter(ctx: ServiceContext, input: FilterInput) {
  if (ctx.viewer.kind !== 'agent') throw forbidden('Only agents create filters');
  const agentId = ctx.viewer.agentId;
  const name = validName(input.name);
  return inTransaction(ctx, async (tx, emit) => {
    const filter = await tx.filter.create({ data: { name, isPrivate: input.isPrivate ?? false, createdById: agentId } });
    const combination = await writeConditions(tx, filter.id, input, input.conditions ?? []);
    emit({ type: 'filter.created', payload: { filterId: filter.id, isPrivate: filter.isPrivate } });
    return tx.filter.update({ where: { id: filter.id }, data: combination });
  });
}

export async function updateFilter(ctx: ServiceContext, id: string, input: FilterInput) {
  return inTransaction(ctx, async (tx, emit) => {
    const existing = await findVisibleFilter(tx, ctx.viewer, id);
    checkMayChange(ctx.viewer, existing);
    const data: Prisma.FilterUpdateInput = {};
    if (input.name !== undefined) data.name = validName(input.name);
    if (input.isPrivate !== undefined && input.isPrivate !== null) data.isPrivate = input.isPrivate;
    // Conditions and their combination are checked together: a new expression must fit the conditions.
    const touchesSet = input.conditions != null || input.when != null || input.logicalExpression !== undefined || input.logicExpression !== undefined;
    if (touchesSet) {
      const conditions = input.conditions ?? rawConditionsOf(existing.conditions);
      Object.assign(data, await writeConditions(tx, existing.id, input, conditions, existing));
    }
    const filter = await tx.filter.update({ where: { id: existing.id }, data });
    emit({ type: 'filter.updated', payload: { filterId: filter.id } });
    return filter;
  });
}

export async function deleteFilter(ctx: ServiceContext, id: string) {
  return inTransaction(ctx, async (tx, emit) => {
    const existing = await findVisibleFilter(tx, ctx.viewer, id);
    checkMayChange(ctx.viewer, existing);
    await tx.filter.delete({ where: { id: existing.id } });
    emit({ type: 'filter.deleted', payload: { filterId: existing.id } });
    return existing;
  });
}

/**
 * The conversation-list predicate (over "Conversation" aliased "c") of a filter id: a built-in
 * view (all, mine, unassigned, mentions) or a stored filter the viewer may use. 404 otherwise,
 * also for another agent's private filter.
 */
export async function filterWhereSql(ctx: ServiceContext, filterId: string): Promise<Prisma.Sql> {
  return (await filtersWhereSql(ctx, [filterId]))[0]!;
}

/** A stored filter compiled to SQL, with what decides who may use it. */
interface CompiledFilter {
  isPrivate: boolean;
  createdById: number | null;
  sql: Prisma.Sql;
}

const mayUse = (viewer: Viewer, filter: CompiledFilter) => !filter.isPrivate || (viewer.kind === 'agent' && viewer.agentId === filter.createdById);

/**
 * Stored filters compiled to SQL, by id (null: no such filter). Exact across processes: any write to
 * filters, conditions, fields or field options moves the "filters" generation (src/db/invalidation.ts),
 * so an inbox page with a filter costs no statement for the filter itself.
 */
async function compiledFilters(ctx: ServiceContext, ids: readonly string[]): Promise<Map<string, CompiledFilter | null>> {
  const cache = cacheOf<CompiledFilter | null>(ctx.invalidations ?? noInvalidations, 'compiledFilters', 'filters', { ttlMs: 10 * 60_000, maxEntries: 1_000 });
  return cache.getMany(ids, (missing) => compileFilters(ctx, missing));
}

async function compileFilters(ctx: ServiceContext, ids: readonly string[]): Promise<Map<string, CompiledFilter | null>> {
  const [filters, fields] = await Promise.all([
    ctx.prisma.filter.findMany({ where: { id: { in: [...ids] } }, include: withConditions }),
    loadConditionFields(ctx.prisma),
  ]);
  const result = new Map<string, CompiledFilter | null>(ids.map((id) => [id, null]));
  for (const filter of filters) {
    const set = await resolveConditionSet(
      ctx.prisma,
      {
        when: filter.when as RawConditionSet['when'],
        logicalExpression: filter.logicalExpression,
        conditions: rawConditionsOf(filter.conditions),
      },
      { fields },
    );
    result.set(filter.id, { isPrivate: filter.isPrivate, createdById: filter.createdById, sql: conditionSetToSql(set) });
  }
  return result;
}

/** `filterWhereSql` of many filter ids at once (unread counts): no statement when compiled before. */
export async function filtersWhereSql(ctx: ServiceContext, filterIds: readonly string[]): Promise<Prisma.Sql[]> {
  const stored = filterIds.filter((id) => !builtInViewSql(ctx.viewer, id));
  const invalid = stored.find((id) => !uuidPattern.test(id));
  if (invalid !== undefined) throw notFound('filter', invalid);
  const compiled = stored.length ? await compiledFilters(ctx, [...new Set(stored.map((id) => id.toLowerCase()))]) : new Map<string, CompiledFilter | null>();
  return filterIds.map((id) => {
    const builtIn = builtInViewSql(ctx.viewer, id);
    if (builtIn) return builtIn;
    const filter = compiled.get(id.toLowerCase());
    // Another agent's private filter does not exist for this viewer (404, as everywhere).
    if (!filter || !mayUse(ctx.viewer, filter)) throw notFound('filter', id);
    return filter.sql;
  });
}
