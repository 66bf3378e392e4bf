/**
 * The one condition store: conditions of every owner (filters = `view`, routing rules, and the
 * triggers and SLA policies to come) live in the "Condition" table, one nullable owner column per
 * owner kind so each keeps a real foreign key. Because every owner's conditions are in one place,
 * a field in use by any of them cannot be deleted, retyped or lose an option unnoticed: the
 * fields module asks `conditionUsersOfField` and answers 409 naming the owners.
 */
import type { Prisma } from '../../generated/prisma/client.js';
import { isForeignKeyViolation } from '../../db/errors.js';
import { invalidField } from '../../graphql/errors.js';
import type { ResolvedConditionSet } from './index.js';

export type ConditionOwner = { type: 'view'; filterId: string } | { type: 'routingRule'; customRuleId: number };

type Tx = Prisma.TransactionClient;

const ownerWhere = (owner: ConditionOwner): Prisma.ConditionWhereInput =>
  owner.type === 'view' ? { ownerType: 'view', filterId: owner.filterId } : { ownerType: 'routingRule', customRuleId: owner.customRuleId };

const ownerColumns = (owner: ConditionOwner) =>
  owner.type === 'view' ? { ownerType: 'view', filterId: owner.filterId } : { ownerType: 'routingRule', customRuleId: owner.customRuleId };

/** Replaces the owner's conditions with a resolved set (validated by `resolveConditionSet`). */
export async function replaceConditions(tx: Tx, owner: ConditionOwner, set: ResolvedConditionSet, path = 'conditions'): Promise<void> {
  await tx.condition.deleteMany({ where: ownerWhere(owner) });
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

/** One user of a field: what kind of owner, and its name as people know it. */
export interface ConditionUser {
  ownerType: string;
  name: string;
  value: string;
}

const OWNER_LABEL: Record<string, string> = { view: 'filter', routingRule: 'routing rule', trigger: 'trigger', sla: 'SLA policy' };

/** Every condition that tests the field, with its owner's name (one statement). */
export async function conditionUsersOfField(tx: Tx, fieldId: string): Promise<ConditionUser[]> {
  const rows = await tx.condition.findMany({
    where: { fieldId },
    select: { ownerType: true, value: true, filter: { select: { name: true } }, customRule: { select: { name: true } } },
    orderBy: [{ ownerType: 'asc' }, { orderIndex: 'asc' }],
  });
  return rows.map((row) => ({ ownerType: row.ownerType, value: row.value, name: row.filter?.name ?? row.customRule?.name ?? '?' }));
}

/** "the filter "A", the routing rule "B"" — each owner once. */
export function describeConditionUsers(users: readonly ConditionUser[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const user of users) {
    const label = `the ${OWNER_LABEL[user.ownerType] ?? user.ownerType} ${JSON.stringify(user.name)}`;
    if (!seen.has(label)) {
      seen.add(label);
      parts.push(label);
    }
  }
  return parts.join(', ');
}

export const describeConditionUser = (user: ConditionUser) => `the ${OWNER_LABEL[user.ownerType] ?? user.ownerType} ${JSON.stringify(user.name)}`;
