/**
 * Auto allocation settings (spec "# AutoAllocation"): one settings row (id 1), department rules and
 * agent preferences. Every write is one transaction; bad input is a 400 naming the field, nothing
 * written. Every change emits `allocation.settingsUpdated` (the queue drains on it); allocation
 * itself is ./allocate.ts.
 */
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { invalidField } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';

export const ALLOCATION_RULES = ['loadBalancing', 'roundRobin'] as const;
type Db = Tx | ServiceContext['prisma'];

export async function getAllocationSettings(db: Db) {
  const [setting, departmentRules, agentPreferences] = await Promise.all([
    db.allocationSetting.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} }),
    db.allocationDepartmentRule.findMany({ orderBy: { departmentId: 'asc' } }),
    db.allocationAgentPreference.findMany({ orderBy: { agentId: 'asc' } }),
  ]);
  const departments = await db.department.findMany({ where: { id: { in: departmentRules.map((r) => r.departmentId) } }, select: { id: true, name: true } });
  const names = new Map(departments.map((d) => [d.id, d.name]));
  return {
    ...setting,
    departmentAllocationRule: departmentRules.map((r) => ({ ...r, departmentName: names.get(r.departmentId) ?? null })),
    agentPreferences,
  };
}
export type AllocationSettings = Awaited<ReturnType<typeof getAllocationSettings>>;

export interface DepartmentRuleInput {
  departmentId?: string | null;
  allocationRule?: string | null;
  preferLastAssignee?: boolean | null;
}
export interface AgentPreferenceInput {
  agentId?: string | null;
  maxConcurrentCount?: number | null;
  ifAcceptAllocation?: boolean | null;
}
export interface AllocationSettingsInput {
  enable?: boolean | null;
  defaultRule?: string | null;
  defaultPreferLastAssignee?: boolean | null;
  setMaxNumberForEachAgent?: boolean | null;
  maxNumberForAllAgents?: number | null;
  excludePendingExternal?: boolean | null;
  excludeOnHold?: boolean | null;
  /** The request's name; `departmentAllocationRule` is the object's. Replaces the department rules. */
  allocationRuleSettings?: readonly DepartmentRuleInput[] | null;
  departmentAllocationRule?: readonly DepartmentRuleInput[] | null;
  /** The request's name; `agentPreferences` is the object's. Sets the listed agents' preferences. */
  allocationAgentPreferences?: readonly AgentPreferenceInput[] | null;
  agentPreferences?: readonly AgentPreferenceInput[] | null;
}

function rule(field: string, value: unknown) {
  if (typeof value !== 'string' || !ALLOCATION_RULES.includes(value as never)) {
    throw invalidField(field, `must be one of ${ALLOCATION_RULES.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function limit(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100_000) {
    throw invalidField(field, `must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

const defined = <T>(a: T | null | undefined, b: T | null | undefined) => (a !== undefined && a !== null ? a : b);

export async function setAllocationEnabled(ctx: ServiceContext, enable: boolean) {
  return inTransaction(ctx, async (tx, emit) => {
    await tx.allocationSetting.upsert({ where: { id: 1 }, create: { id: 1, enable }, update: { enable } });
    emit({ type: 'allocation.settingsUpdated', payload: { fields: ['enable'] } });
    return getAllocationSettings(tx);
  });
}

export async function updateAllocationSettings(ctx: ServiceContext, input: AllocationSettingsInput) {
  const data: Record<string, unknown> = {};
  for (const key of ['enable', 'defaultPreferLastAssignee', 'setMaxNumberForEachAgent', 'excludePendingExternal', 'excludeOnHold'] as const) {
    if (input[key] !== undefined && input[key] !== null) data[key] = input[key];
  }
  if (input.defaultRule !== undefined && input.defaultRule !== null) data.defaultRule = rule('defaultRule', input.defaultRule);
  if (input.maxNumberForAllAgents !== undefined && input.maxNumberForAllAgents !== null) data.maxNumberForAllAgents = limit('maxNumberForAllAgents', input.maxNumberForAllAgents);
  const departmentField = input.allocationRuleSettings != null ? 'allocationRuleSettings' : 'departmentAllocationRule';
  const departmentRules = defined(input.allocationRuleSettings, input.departmentAllocationRule);
  const agentField = input.allocationAgentPreferences != null ? 'allocationAgentPreferences' : 'agentPreferences';
  const agentPrefs = defined(input.allocationAgentPreferences, input.agentPreferences);
  const rules = departmentRules?.map((r, i) => ({
    departmentId: intId('Department', r.departmentId ?? '', `${departmentField}[${i}].departmentId`),
    allocationRule: rule(`${departmentField}[${i}].allocationRule`, r.allocationRule),
    preferLastAssignee: r.preferLastAssignee ?? false,
  }));
  const prefs = agentPrefs?.map((p, i) => ({
    agentId: intId('Agent', p.agentId ?? '', `${agentField}[${i}].agentId`),
    ...(p.maxConcurrentCount !== undefined && p.maxConcurrentCount !== null ? { maxConcurrentCount: limit(`${agentField}[${i}].maxConcurrentCount`, p.maxConcurrentCount) } : {}),
    ...(p.ifAcceptAllocation !== undefined && p.ifAcceptAllocation !== null ? { ifAcceptAllocation: p.ifAcceptAllocation } : {}),
  }));
  const duplicate = (ids: number[]) => ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (rules && duplicate(rules.map((r) => r.departmentId)) >= 0) throw invalidField(`${departmentField}[${duplicate(rules.map((r) => r.departmentId))}].departmentId`, 'is listed twice');
  if (prefs && duplicate(prefs.map((p) => p.agentId)) >= 0) throw invalidField(`${agentField}[${duplicate(prefs.map((p) => p.agentId))}].agentId`, 'is listed twice');
  return inTransaction(ctx, async (tx, emit) => {
    await tx.$executeRaw`SELECT 1 FROM "AllocationSetting" WHERE id = 1 FOR UPDATE`;
    if (rules?.length) {
      const found = new Set((await tx.department.findMany({ where: { id: { in: rules.map((r) => r.departmentId) } }, select: { id: true } })).map((d) => d.id));
      const missing = rules.findIndex((r) => !found.has(r.departmentId));
      if (missing >= 0) throw invalidField(`${departmentField}[${missing}].departmentId`, `must be an existing department id, got ${rules[missing]!.departmentId}`);
    }
    if (prefs?.length) {
      const found = new Set((await tx.agent.findMany({ where: { id: { in: prefs.map((p) => p.agentId) } }, select: { id: true } })).map((a) => a.id));
      const missing = prefs.findIndex((p) => !found.has(p.agentId));
      if (missing >= 0) throw invalidField(`${agentField}[${missing}].agentId`, `must be an existing agent id, got ${prefs[missing]!.agentId}`);
    }
    await tx.allocationSetting.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
    if (rules) {
      await tx.allocationDepartmentRule.deleteMany({});
      if (rules.length) await tx.allocationDepartmentRule.createMany({ data: rules });
    }
    for (const p of prefs ?? []) {
      const { agentId, ...rest } = p;
      await tx.allocationAgentPreference.upsert({ where: { agentId }, create: p, update: rest });
    }
    // The durable allocation consumer drains the queue on this (a raised limit, enabling...).
    const fields = [...Object.keys(data), ...(rules ? ['departmentAllocationRule'] : []), ...(prefs ? ['agentPreferences'] : [])];
    emit({ type: 'allocation.settingsUpdated', payload: { fields } });
    return getAllocationSettings(tx);
  });
}
