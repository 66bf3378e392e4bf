/**
 * Routing rules (spec "# RoutingRules"): one routing setting per site (row id 1, seeded by the
 * migration) and its custom rules, whose conditions live in the one condition store
 * (ownerType `routingRule`). Every write is one transaction; bad input is a 400 naming the field
 * and writes nothing. A target (agent or department) must exist when saved; deleting a target in
 * use is a 409 naming the rule (`routingUsersOf`, asked by the agents and departments services).
 */
import type { Prisma } from '../../generated/prisma/client.js';
import { loadConditionFields, rawConditionSetOf, resolveConditionSet, evaluateConditionSet, type ConditionSubject, type RawConditionSet } from '../../engine/conditions/index.js';
import { rawConditionsOf, saveConditions, withConditions } from '../../engine/conditions/store.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { conflict, invalidField, notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';

export const ROUTING_TYPES = ['simple', 'rules'] as const;
export const ROUTE_TYPES = ['agent', 'department'] as const;
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const SORT_TYPES = ['up', 'down'] as const;

type Db = Tx | ServiceContext['prisma'];

const withRules = {
  customRules: { orderBy: [{ orderIndex: 'asc' }, { id: 'asc' }], include: withConditions },
} as const satisfies Prisma.RoutingSettingInclude;

export type RoutingSettingRow = Prisma.RoutingSettingGetPayload<{ include: typeof withRules }>;
export type CustomRuleRow = RoutingSettingRow['customRules'][number];

const SETTING_ID = 1;

/** The site's routing setting with its custom rules in order (created if the seed row is missing). */
export async function getRoutingSetting(db: Db): Promise<RoutingSettingRow> {
  const found = await db.routingSetting.findFirst({ orderBy: { id: 'asc' }, include: withRules });
  return found ?? db.routingSetting.create({ data: { id: SETTING_ID }, include: withRules });
}

export async function findCustomRule(db: Db, id: string | number): Promise<CustomRuleRow> {
  const ruleId = intId('RoutingCustomRule', id);
  const rule = await db.routingCustomRule.findUnique({ where: { id: ruleId }, include: withConditions });
  if (!rule) throw notFound('custom rule', id);
  return rule;
}

function oneOf<T extends string>(field: string, values: readonly T[], value: unknown): T {
  if (typeof value !== 'string' || !values.includes(value as T)) {
    throw invalidField(field, `must be one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function optionalOneOf<T extends string>(field: string, values: readonly T[], value: unknown): T | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  return oneOf(field, values, value);
}

function bool(field: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidField(field, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** The target must exist: 400 naming `field` otherwise. */
async function checkTarget(tx: Tx, field: string, type: string | null | undefined, id: number | null | undefined, typeField: string) {
  if (id === null || id === undefined) return;
  if (!type) throw invalidField(typeField, 'is required with a route target id');
  const exists = type === 'agent' ? await tx.agent.findUnique({ where: { id }, select: { id: true } }) : await tx.department.findUnique({ where: { id }, select: { id: true } });
  if (!exists) throw invalidField(field, `must be an existing ${type} id, got ${id}`);
}

function targetId(field: string, type: string | null | undefined, value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  return intId(type === 'department' ? 'Department' : 'Agent', value as string, field);
}

/** Lock the setting row: writes to the rules and their order are serialized. */
async function lockSetting(tx: Tx): Promise<number> {
  const setting = await getRoutingSetting(tx);
  await tx.$executeRaw`SELECT 1 FROM "RoutingSetting" WHERE id = ${setting.id} FOR UPDATE`;
  return setting.id;
}

export async function setRoutingEnabled(ctx: ServiceContext, enable: unknown) {
  const value = bool('enable', enable);
  if (value === undefined) throw invalidField('enable', 'is required');
  return inTransaction(ctx, async (tx) => {
    const id = await lockSetting(tx);
    await tx.routingSetting.update({ where: { id }, data: { enable: value } });
    return getRoutingSetting(tx);
  });
}

export interface RoutingSettingInput {
  enable?: boolean | null;
  type?: string | null;
  simpleRouteType?: string | null;
  simpleRouteToId?: string | null;
  /** The request's name (the object's is simpleRouteToPriority). */
  simpleRoutePriority?: string | null;
  simpleRouteToPriority?: string | null;
  matchFailedType?: string | null;
  /** The request's name; the object's spells it matchFailedrouteToId. */
  matchFailedToId?: string | null;
  matchFailedrouteToId?: string | null;
  matchFailedRouteToId?: string | null;
  matchFailedToPriority?: string | null;
}

const pickDefined = (...values: unknown[]) => values.find((v) => v !== undefined);

export async function updateRoutingSetting(ctx: ServiceContext, id: string | number, input: RoutingSettingInput) {
  const settingId = intId('RoutingSetting', id);
  return inTransaction(ctx, async (tx) => {
    const lockedId = await lockSetting(tx);
    if (lockedId !== settingId) throw notFound('routing rule', id);
    const current = await tx.routingSetting.findUniqueOrThrow({ where: { id: settingId } });
    const data: Prisma.RoutingSettingUpdateInput = {};
    const enable = bool('enable', input.enable);
    if (enable !== undefined) data.enable = enable;
    if (input.type !== undefined && input.type !== null) data.type = oneOf('type', ROUTING_TYPES, input.type === 'customRules' || input.type === 'custromRules' ? 'rules' : input.type);
    const simpleType = optionalOneOf('simpleRouteType', ROUTE_TYPES, input.simpleRouteType);
    if (simpleType !== undefined) data.simpleRouteType = simpleType;
    const simpleTypeNow = simpleType !== undefined ? simpleType : current.simpleRouteType;
    const simpleId = targetId('simpleRouteToId', simpleTypeNow, input.simpleRouteToId);
    if (simpleId !== undefined) data.simpleRouteToId = simpleId;
    const simplePriority = optionalOneOf('simpleRoutePriority', PRIORITIES, pickDefined(input.simpleRoutePriority, input.simpleRouteToPriority));
    if (simplePriority !== undefined) data.simpleRouteToPriority = simplePriority;
    const failedType = optionalOneOf('matchFailedType', ROUTE_TYPES, input.matchFailedType);
    if (failedType !== undefined) data.matchFailedType = failedType;
    const failedTypeNow = failedType !== undefined ? failedType : current.matchFailedType;
    const failedId = targetId('matchFailedToId', failedTypeNow, pickDefined(input.matchFailedToId, input.matchFailedrouteToId, input.matchFailedRouteToId));
    if (failedId !== undefined) data.matchFailedToId = failedId;
    const failedPriority = optionalOneOf('matchFailedToPriority', PRIORITIES, input.matchFailedToPriority);
    if (failedPriority !== undefined) data.matchFailedToPriority = failedPriority;
    // A changed type re-checks the kept id against the new type.
    await checkTarget(tx, 'simpleRouteToId', simpleTypeNow, simpleId !== undefined ? simpleId : simpleType !== undefined ? current.simpleRouteToId : undefined, 'simpleRouteType');
    await checkTarget(tx, 'matchFailedToId', failedTypeNow, failedId !== undefined ? failedId : failedType !== undefined ? current.matchFailedToId : undefined, 'matchFailedType');
    await tx.routingSetting.update({ where: { id: settingId }, data });
    return getRoutingSetting(tx);
  });
}

export interface CustomRuleInput {
  name?: string | null;
  enable?: boolean | null;
  routeType?: string | null;
  routeToId?: string | null;
  routeToPriority?: string | null;
  /** The spec's Conditions object: { when, logicExpression, list: [{ fieldId, matchType, value }] }. */
  conditions?: unknown;
}

function validName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw invalidField('name', 'is required');
  if (name.length > 200) throw invalidField('name', 'must be at most 200 characters');
  return name.trim();
}

async function writeRuleConditions(tx: Tx, ruleId: number, raw: RawConditionSet) {
  // Routing rules are automation: they may test the new conversation's first message.
  const set = await resolveConditionSet(tx, raw, { automation: true });
  await saveConditions(tx, { type: 'routingRule', id: ruleId }, set);
  return { when: set.when, logicalExpression: set.logicalExpression };
}

export async function createCustomRule(ctx: ServiceContext, input: CustomRuleInput) {
  const name = validName(input.name);
  const routeType = oneOf('routeType', ROUTE_TYPES, input.routeType);
  const routeToId = targetId('routeToId', routeType, input.routeToId);
  if (routeToId === undefined || routeToId === null) throw invalidField('routeToId', 'is required');
  const routeToPriority = optionalOneOf('routeToPriority', PRIORITIES, input.routeToPriority) ?? null;
  const enable = bool('enable', input.enable) ?? true;
  const raw = rawConditionSetOf(input.conditions);
  return inTransaction(ctx, async (tx) => {
    const routeId = await lockSetting(tx);
    await checkTarget(tx, 'routeToId', routeType, routeToId, 'routeType');
    const last = await tx.routingCustomRule.aggregate({ where: { routeId }, _max: { orderIndex: true } });
    const rule = await tx.routingCustomRule.create({
      data: { routeId, name, enable, routeType, routeToId, routeToPriority, orderIndex: (last._max.orderIndex ?? 0) + 1 },
    });
    const combination = await writeRuleConditions(tx, rule.id, raw);
    await tx.routingCustomRule.update({ where: { id: rule.id }, data: combination });
    return findCustomRule(tx, rule.id);
  });
}

export async function updateCustomRule(ctx: ServiceContext, id: string | number, input: CustomRuleInput) {
  return inTransaction(ctx, async (tx) => {
    await lockSetting(tx);
    const existing = await findCustomRule(tx, id);
    const data: Prisma.RoutingCustomRuleUpdateInput = {};
    if (input.name !== undefined) data.name = validName(input.name);
    const enable = bool('enable', input.enable);
    if (enable !== undefined) data.enable = enable;
    const routeType = input.routeType !== undefined && input.routeType !== null ? oneOf('routeType', ROUTE_TYPES, input.routeType) : existing.routeType;
    data.routeType = routeType;
    const routeToId = targetId('routeToId', routeType, input.routeToId);
    if (routeToId === null) throw invalidField('routeToId', 'is required');
    data.routeToId = routeToId ?? existing.routeToId;
    await checkTarget(tx, 'routeToId', routeType, routeToId ?? existing.routeToId, 'routeType');
    const priority = optionalOneOf('routeToPriority', PRIORITIES, input.routeToPriority);
    if (priority !== undefined) data.routeToPriority = priority;
    if (input.conditions !== undefined) Object.assign(data, await writeRuleConditions(tx, existing.id, rawConditionSetOf(input.conditions)));
    await tx.routingCustomRule.update({ where: { id: existing.id }, data });
    return findCustomRule(tx, existing.id);
  });
}

export async function setCustomRuleEnabled(ctx: ServiceContext, id: string | number, enable: unknown) {
  const value = bool('enable', enable);
  if (value === undefined) throw invalidField('enable', 'is required');
  return inTransaction(ctx, async (tx) => {
    const existing = await findCustomRule(tx, id);
    await tx.routingCustomRule.update({ where: { id: existing.id }, data: { enable: value } });
    return findCustomRule(tx, existing.id);
  });
}

/**
 * Moves a rule one place up (earlier) or down in orderIndex order by swapping with its neighbour.
 * Past either end (the first rule up, the last down) is a no-op that succeeds.
 */
export async function sortCustomRule(ctx: ServiceContext, id: string | number, type: unknown) {
  const direction = oneOf('type', SORT_TYPES, type);
  return inTransaction(ctx, async (tx) => {
    const routeId = await lockSetting(tx);
    const rule = await findCustomRule(tx, id);
    const rules = await tx.routingCustomRule.findMany({ where: { routeId }, orderBy: [{ orderIndex: 'asc' }, { id: 'asc' }], select: { id: true } });
    const at = rules.findIndex((r) => r.id === rule.id);
    const to = direction === 'up' ? at - 1 : at + 1;
    if (to >= 0 && to < rules.length) {
      [rules[at], rules[to]] = [rules[to]!, rules[at]!];
      // Renumber 1..n: also mends duplicate order indexes.
      for (const [index, r] of rules.entries()) await tx.routingCustomRule.update({ where: { id: r.id }, data: { orderIndex: index + 1 } });
    }
    return findCustomRule(tx, rule.id);
  });
}

export async function deleteCustomRule(ctx: ServiceContext, id: string | number) {
  return inTransaction(ctx, async (tx) => {
    await lockSetting(tx);
    const existing = await findCustomRule(tx, id);
    await tx.routingCustomRule.delete({ where: { id: existing.id } });
    return existing;
  });
}

/**
 * What routes to an agent or department: the routing setting's simple / no-match targets and
 * custom rules. The agents and departments services refuse deleting a target in use (409).
 */
export async function routingUsersOf(tx: Tx, type: 'agent' | 'department', id: number): Promise<string[]> {
  const [setting, rules] = await Promise.all([
    tx.routingSetting.findFirst({ orderBy: { id: 'asc' } }),
    tx.routingCustomRule.findMany({ where: { routeType: type, routeToId: id }, orderBy: { orderIndex: 'asc' }, select: { name: true } }),
  ]);
  const users: string[] = [];
  if (setting?.simpleRouteType === type && setting.simpleRouteToId === id) users.push('the simple routing target');
  if (setting?.matchFailedType === type && setting.matchFailedToId === id) users.push('the routing rules’ no-match target');
  for (const rule of rules) users.push(`the routing rule ${JSON.stringify(rule.name)}`);
  return users;
}

export async function refuseDeletingRoutingTarget(tx: Tx, type: 'agent' | 'department', id: number) {
  const users = await routingUsersOf(tx, type, id);
  if (users.length) throw conflict(`The ${type} ${id} is a routing target of ${users.join(', ')}: change those first`);
}

/** Where routing sends a conversation: an agent or department and maybe a priority. */
export interface RouteDecision {
  agentId: number | null;
  departmentId: number | null;
  priority: string | null;
  ruleId: number | null;
}

const decision = (type: string | null, id: number | null, priority: string | null, ruleId: number | null): RouteDecision | null =>
  type && id !== null ? { agentId: type === 'agent' ? id : null, departmentId: type === 'department' ? id : null, priority, ruleId } : null;

/**
 * Routes a new conversation (inside its creating transaction): null when routing is off or names
 * no target. `subject.message` is the conversation's first message (rules may test its type, text
 * and sender type). `simple`: the configured target; `rules`: the first enabled custom rule in orderIndex
 * order whose conditions match, else the matchFailed target.
 */
export async function routeConversation(tx: Tx, subject: ConditionSubject): Promise<RouteDecision | null> {
  const setting = await tx.routingSetting.findFirst({ orderBy: { id: 'asc' }, include: withRules });
  if (!setting?.enable) return null;
  if (setting.type === 'simple') return decision(setting.simpleRouteType, setting.simpleRouteToId, setting.simpleRouteToPriority, null);
  const rules = setting.customRules.filter((rule) => rule.enable);
  // The fields are read once for all rules (not once per rule).
  const fields = rules.some((rule) => rule.conditions.length) ? await loadConditionFields(tx) : [];
  for (const rule of rules) {
    const set = await resolveConditionSet(
      tx,
      { when: rule.when as RawConditionSet['when'], logicalExpression: rule.logicalExpression, conditions: rawConditionsOf(rule.conditions) },
      { fields, automation: true },
    );
    if (evaluateConditionSet(set, subject)) return decision(rule.routeType, rule.routeToId, rule.routeToPriority, rule.id);
  }
  return decision(setting.matchFailedType, setting.matchFailedToId, setting.matchFailedToPriority, null);
}
