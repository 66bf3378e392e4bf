/**
 * The one condition store: conditions of every owner (filters = `view`, routing rules, and the
 * triggers and SLA policies to come) live in the "Condition" table, one nullable owner column per
 * owner kind so each keeps a real foreign key (and cascade). Modules read and write conditions only
 * through here:
 *
 *  - saveConditions(tx, owner, set): replaces an owner's conditions (inside the owner's write).
 *  - loadConditions(db, owners): service-side reads (Prisma, one statement for any number of owners).
 *  - conditionsByOwner: the GraphQL DataLoader (defineSqlLoader: one SELECT on the request's ReadBatch).
 *  - conditionUsersOfField / refuseFieldInUse: because every owner's conditions are in one place, a
 *    field in use by any of them cannot be deleted, retyped or lose an option unnoticed: 409 naming
 *    the owners (type, id and name), also as `owners` in the error (REST body, GraphQL extensions).
 */
import { Prisma, type Condition } from '../../generated/prisma/client.js';
import { isForeignKeyViolation } from '../../db/errors.js';
import { AppError, invalidField } from '../../graphql/errors.js';
import { defineSqlLoader, uuidKeys } from '../../graphql/loaders.js';
import type { RawCondition, ResolvedConditionSet } from './index.js';

/** The spec's `condition.type`. The CHECK constraint on "Condition"."ownerType" allows the same. */
export const CONDITION_OWNER_TYPES = ['view', 'routingRule', 'trigger', 'sla'] as const;
export type ConditionOwnerType = (typeof CONDITION_OWNER_TYPES)[number];

/**
 * An owner that stores conditions today. Another owner kind joins the way triggers and SLA
 * policies did: a nullable "<owner>Id" column (foreign key, ON DELETE CASCADE), one more case here
 * and in `ownerColumns`, and in the one-owner CHECK.
 */
export type ConditionOwner =
  | { type: 'view'; id: string }
  | { type: 'routingRule'; id: number }
  | { type: 'trigger'; id: number }
  | { type: 'sla'; id: number };

export type StoredCondition = Condition;

type Tx = Prisma.TransactionClient;
type Db = Tx | Pick<Prisma.TransactionClient, 'condition'>;

const ownerColumns = (owner: ConditionOwner) =>
  owner.type === 'view'
    ? { ownerType: 'view', filterId: owner.id }
    : owner.type === 'routingRule'
      ? { ownerType: 'routingRule', customRuleId: owner.id }
      : owner.type === 'trigger'
        ? { ownerType: 'trigger', triggerId: owner.id }
        : { ownerType: 'sla', slaPolicyId: owner.id };

/** "view:<uuid>" / "routingRule:<id>": the key of an owner in maps and loaders. */
export const ownerKey = (owner: ConditionOwner) => `${owner.type}:${owner.id}`;

type OwnerRow = { ownerType: string; filterId: string | null; customRuleId: number | null; triggerId: number | null; slaPolicyId: number | null };

const ownerIdOfRow = (row: OwnerRow) =>
  row.ownerType === 'view' ? row.filterId : row.ownerType === 'trigger' ? row.triggerId : row.ownerType === 'sla' ? row.slaPolicyId : row.customRuleId;

const keyOfRow = (row: OwnerRow) => `${row.ownerType}:${ownerIdOfRow(row)}`;

/** Replaces the owner's conditions with a resolved set (validated by `resolveConditionSet`). */
export async function saveConditions(tx: Tx, owner: ConditionOwner, set: ResolvedConditionSet, path = 'conditions'): Promise<void> {
  await tx.condition.deleteMany({ where: ownerColumns(owner) });
  if (!set.conditions.length) return;
  await tx.condition
    .createMany({
      data: set.conditions.map((c) => ({ ...ownerColumns(owner), fieldId: c.fieldId, matchType: c.matchType, value: c.value, orderIndex: c.index })),
    })
    .catch((error: unknown) => {
      // A field deleted concurrently, between validation and this insert.
      if (isForeignKeyViolation(error)) throw invalidField(path, 'refer to a field that was just deleted');
      throw error;
    });
}

/** The owners' conditions in order, by `ownerKey` (one statement; an owner without any maps to []). */
export async function loadConditions(db: Db, owners: readonly ConditionOwner[]): Promise<Map<string, StoredCondition[]>> {
  const result = new Map<string, StoredCondition[]>(owners.map((owner) => [ownerKey(owner), []]));
  if (!owners.length) return result;
  const filterIds = owners.flatMap((o) => (o.type === 'view' ? [o.id] : []));
  const ruleIds = owners.flatMap((o) => (o.type === 'routingRule' ? [o.id] : []));
  const triggerIds = owners.flatMap((o) => (o.type === 'trigger' ? [o.id] : []));
  const slaIds = owners.flatMap((o) => (o.type === 'sla' ? [o.id] : []));
  const rows = await db.condition.findMany({
    where: {
      OR: [
        ...(filterIds.length ? [{ ownerType: 'view', filterId: { in: filterIds } }] : []),
        ...(ruleIds.length ? [{ ownerType: 'routingRule', customRuleId: { in: ruleIds } }] : []),
        ...(triggerIds.length ? [{ ownerType: 'trigger', triggerId: { in: triggerIds } }] : []),
        ...(slaIds.length ? [{ ownerType: 'sla', slaPolicyId: { in: slaIds } }] : []),
      ],
    },
    orderBy: [{ orderIndex: 'asc' }, { id: 'asc' }],
  });
  for (const row of rows) result.get(keyOfRow(row))?.push(row);
  return result;
}

/**
 * For reads of owners together with their conditions (Prisma `include`): with relationJoins the
 * owner and its conditions come in one statement, so this costs nothing over the owner alone.
 */
export const withConditions = { conditions: { orderBy: [{ orderIndex: 'asc' }, { id: 'asc' }] } } as const satisfies
  Prisma.FilterInclude & Prisma.RoutingCustomRuleInclude & Prisma.TriggerInclude & Prisma.SlaPolicyInclude;

/** Stored conditions as the raw input `resolveConditionSet` takes. */
export const rawConditionsOf = (rows: readonly StoredCondition[]): RawCondition[] =>
  rows.map((c) => ({ fieldId: c.fieldId, matchType: c.matchType, value: c.value }));

/** The GraphQL loader: an owner's conditions in order, one SELECT per tick for every owner asked. */
export const conditionsByOwner = defineSqlLoader<ConditionOwner, StoredCondition[], StoredCondition>('conditionsByOwner', {
  sql: (_env, owners) => {
    const filterIds = uuidKeys(owners.flatMap((o) => (o.type === 'view' ? [o.id] : [])));
    const ruleIds = owners.flatMap((o) => (o.type === 'routingRule' && Number.isInteger(o.id) ? [o.id] : []));
    const triggerIds = owners.flatMap((o) => (o.type === 'trigger' && Number.isInteger(o.id) ? [o.id] : []));
    const slaIds = owners.flatMap((o) => (o.type === 'sla' && Number.isInteger(o.id) ? [o.id] : []));
    return Prisma.sql`
      SELECT k.* FROM "Condition" k
      WHERE (k."ownerType" = 'view' AND k."filterId" = ANY(${filterIds}::uuid[]))
         OR (k."ownerType" = 'routingRule' AND k."customRuleId" = ANY(${ruleIds}::int[]))
         OR (k."ownerType" = 'trigger' AND k."triggerId" = ANY(${triggerIds}::int[]))
         OR (k."ownerType" = 'sla' AND k."slaPolicyId" = ANY(${slaIds}::int[]))
      ORDER BY k."orderIndex", k.id`;
  },
  model: 'Condition',
  result: (owners, rows) => {
    const byOwner = new Map<string, StoredCondition[]>();
    for (const row of rows) {
      const key = keyOfRow(row);
      const list = byOwner.get(key);
      if (list) list.push(row);
      else byOwner.set(key, [row]);
    }
    return owners.map((owner) => byOwner.get(ownerKey(owner)) ?? []);
  },
  cacheKey: ownerKey,
});

// ─── Who uses a field ─────────────────────────────────────────────────────

/** An owner as people know it: the spec's condition type, its id (as the API shows it) and name. */
export interface ConditionOwnerRef {
  type: ConditionOwnerType;
  id: string;
  name: string;
}

/** One condition that tests a field, with its owner. */
export interface ConditionUser {
  owner: ConditionOwnerRef;
  /** The condition's value (option checks look at it). */
  value: string;
}

const OWNER_LABEL: Record<ConditionOwnerType, string> = { view: 'filter', routingRule: 'routing rule', trigger: 'trigger', sla: 'SLA policy' };

/**
 * Every condition that tests the field, with its owner (one statement), and every trigger action
 * that sets it (setValue's autoUpdate: its value must stay valid for the field, like a condition's).
 */
export async function conditionUsersOfField(tx: Tx, fieldId: string): Promise<ConditionUser[]> {
  const [conditions, actions] = await Promise.all([conditionRowsOfField(tx, fieldId), tx.triggerAutoUpdate.findMany({
    where: { fieldId },
    select: { value: true, triggerId: true, trigger: { select: { description: true } } },
    orderBy: [{ triggerId: 'asc' }, { orderIndex: 'asc' }],
  })]);
  return [
    ...conditions,
    ...actions.map((row) => ({ value: row.value, owner: { type: 'trigger' as const, id: String(row.triggerId), name: row.trigger.description } })),
  ];
}

async function conditionRowsOfField(tx: Tx, fieldId: string): Promise<ConditionUser[]> {
  const rows = await tx.condition.findMany({
    where: { fieldId },
    select: {
      ownerType: true, filterId: true, customRuleId: true, triggerId: true, slaPolicyId: true, value: true,
      filter: { select: { name: true } }, customRule: { select: { name: true } }, trigger: { select: { description: true } },
    },
    orderBy: [{ ownerType: 'asc' }, { filterId: 'asc' }, { customRuleId: 'asc' }, { triggerId: 'asc' }, { slaPolicyId: 'asc' }, { orderIndex: 'asc' }],
  });
  return rows.map((row) => ({
    value: row.value,
    owner: {
      type: row.ownerType as ConditionOwnerType,
      id: String(ownerIdOfRow(row)),
      // SLA policies have no name in the spec: "SLA policy <id>".
      name: row.filter?.name ?? row.customRule?.name ?? row.trigger?.description ?? (row.ownerType === 'sla' ? `SLA policy ${row.slaPolicyId}` : '?'),
    },
  }));
}

/** Each owner once, in the order given. */
export function distinctOwners(users: readonly ConditionUser[]): ConditionOwnerRef[] {
  const seen = new Map<string, ConditionOwnerRef>();
  for (const { owner } of users) if (!seen.has(`${owner.type}:${owner.id}`)) seen.set(`${owner.type}:${owner.id}`, owner);
  return [...seen.values()];
}

/** `the filter "EU" (view 1b2c…)`: type as people say it, name, and the spec's type with the id. */
export const describeOwner = (owner: ConditionOwnerRef) => `the ${OWNER_LABEL[owner.type] ?? owner.type} ${JSON.stringify(owner.name)} (${owner.type} ${owner.id})`;

export const describeOwners = (owners: readonly ConditionOwnerRef[]) => owners.map(describeOwner).join(', ');

/** A 409 that names the owners in its message and lists them as `owners` (REST body, GraphQL extensions). */
export function fieldInUse(message: string, owners: readonly ConditionOwnerRef[]): AppError {
  return new AppError('CONFLICT', message, undefined, { owners: owners.map((o) => ({ type: o.type, id: o.id, name: o.name })) });
}
