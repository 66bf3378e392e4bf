/**
 * SLA policies (spec "# SLAPolicies"): targets in whole hours (first response, next response,
 * resolution), counted in business hours (the site calendar: working time minus holidays) or
 * calendar hours, and conditions in the one condition store (ownerType `sla`). Policies apply in
 * orderIndex order: the first enabled one whose conditions match (see clocks.ts). Every write is
 * one transaction; bad input is a 400 naming the field and writes nothing.
 */
import type { Prisma } from '../../generated/prisma/client.js';
import { rawConditionSetOf, resolveConditionSet, type RawConditionSet } from '../../engine/conditions/index.js';
import { saveConditions, withConditions } from '../../engine/conditions/store.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { invalidField, notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';
import { enqueueSlaRecompute } from './recompute.js';

export const SORT_TYPES = ['up', 'down'] as const;
/** Upper bound of a target: ten years of hours. */
export const MAX_TARGET_HOURS = 87_600;

type Db = Tx | ServiceContext['prisma'];

export type SlaPolicyRow = Prisma.SlaPolicyGetPayload<{ include: typeof withConditions }>;

const ORDER = [{ orderIndex: 'asc' }, { id: 'asc' }] as const satisfies Prisma.SlaPolicyOrderByWithRelationInput[];

export function listPolicies(db: Db): Promise<SlaPolicyRow[]> {
  return db.slaPolicy.findMany({ orderBy: [...ORDER], include: withConditions });
}

export async function findPolicy(db: Db, id: string | number): Promise<SlaPolicyRow> {
  const policyId = intId('SLAPolicy', id);
  const policy = await db.slaPolicy.findUnique({ where: { id: policyId }, include: withConditions });
  if (!policy) throw notFound('SLA policy', id);
  return policy;
}

export interface SlaPolicyInput {
  enable?: boolean | null;
  firstRespondWithin?: unknown;
  nextRespondWithin?: unknown;
  resolveRespondWithin?: unknown;
  /** true / false, or the update's strings `businessHours` / `calenderHours` (also `calendarHours`). */
  businessHours?: unknown;
  /** The spec's condition list; the routing rules' `{ when, logicExpression, list }` object is accepted too. */
  conditions?: unknown;
  /** all (default), any or logicalExpression: how the list combines. */
  when?: string | null;
  logicExpression?: string | null;
}

/** The policy's conditions as a raw set: a list (with `when` / `logicExpression` beside it) or the object form. */
function rawSetOf(input: SlaPolicyInput): RawConditionSet {
  if (Array.isArray(input.conditions)) {
    return rawConditionSetOf({ when: input.when ?? 'all', logicExpression: input.logicExpression ?? null, list: input.conditions });
  }
  return rawConditionSetOf(input.conditions ?? { when: input.when ?? 'all', logicExpression: input.logicExpression ?? null, list: [] });
}

function target(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > MAX_TARGET_HOURS) {
    throw invalidField(field, `must be a whole number of hours from 1 to ${MAX_TARGET_HOURS}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function hoursKind(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'businessHours') return true;
  if (value === 'false' || value === 'calenderHours' || value === 'calendarHours') return false;
  throw invalidField('businessHours', `must be true (businessHours) or false (calenderHours), got ${JSON.stringify(value)}`);
}

function bool(field: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidField(field, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

const TARGETS = ['firstRespondWithin', 'nextRespondWithin', 'resolveRespondWithin'] as const;

/** Serializes writes to the policies and their order. */
const lockPolicies = (tx: Tx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('SlaPolicy'))`;

async function writePolicyConditions(tx: Tx, policyId: number, raw: RawConditionSet) {
  // SLA policies test the conversation as it is (no event fields): they are re-evaluated on every change.
  const set = await resolveConditionSet(tx, raw, {});
  await saveConditions(tx, { type: 'sla', id: policyId }, set);
  return { when: set.when, logicalExpression: set.logicalExpression };
}

export async function createPolicy(ctx: ServiceContext, input: SlaPolicyInput): Promise<SlaPolicyRow> {
  const targets = Object.fromEntries(TARGETS.map((name) => [name, target(name, input[name])])) as Record<(typeof TARGETS)[number], number>;
  const businessHours = input.businessHours === undefined || input.businessHours === null ? true : hoursKind(input.businessHours);
  const enable = bool('enable', input.enable) ?? true;
  const raw = rawSetOf(input);
  return inTransaction(ctx, async (tx, emit) => {
    await lockPolicies(tx);
    const last = await tx.slaPolicy.aggregate({ _max: { orderIndex: true } });
    const policy = await tx.slaPolicy.create({ data: { ...targets, businessHours, enable, orderIndex: (last._max.orderIndex ?? 0) + 1 } });
    const combination = await writePolicyConditions(tx, policy.id, raw);
    await tx.slaPolicy.update({ where: { id: policy.id }, data: combination });
    emit({ type: 'sla.policyChanged', conversationId: null, payload: { policyId: policy.id, change: 'created' } });
    await enqueueSlaRecompute(tx);
    return findPolicy(tx, policy.id);
  });
}

export async function updatePolicy(ctx: ServiceContext, id: string | number, input: SlaPolicyInput): Promise<SlaPolicyRow> {
  const data: Prisma.SlaPolicyUpdateInput = {};
  for (const name of TARGETS) if (input[name] !== undefined && input[name] !== null) data[name] = target(name, input[name]);
  if (input.businessHours !== undefined && input.businessHours !== null) data.businessHours = hoursKind(input.businessHours);
  const enable = bool('enable', input.enable);
  if (enable !== undefined) data.enable = enable;
  const raw = input.conditions !== undefined && input.conditions !== null ? rawSetOf(input) : null;
  return inTransaction(ctx, async (tx, emit) => {
    await lockPolicies(tx);
    const existing = await findPolicy(tx, id);
    if (raw) Object.assign(data, await writePolicyConditions(tx, existing.id, raw));
    await tx.slaPolicy.update({ where: { id: existing.id }, data });
    emit({ type: 'sla.policyChanged', conversationId: null, payload: { policyId: existing.id, change: 'updated' } });
    await enqueueSlaRecompute(tx);
    return findPolicy(tx, existing.id);
  });
}

/**
 * Moves a policy one place up (earlier: tried first) or down by swapping with its neighbour.
 * Past either end (the first policy up, the last down) is a no-op that succeeds.
 */
export async function sortPolicy(ctx: ServiceContext, id: string | number, type: unknown): Promise<SlaPolicyRow> {
  if (typeof type !== 'string' || !SORT_TYPES.includes(type as never)) throw invalidField('type', `must be one of up, down, got ${JSON.stringify(type)}`);
  return inTransaction(ctx, async (tx, emit) => {
    await lockPolicies(tx);
    const policy = await findPolicy(tx, id);
    const policies = await tx.slaPolicy.findMany({ orderBy: [...ORDER], select: { id: true } });
    const at = policies.findIndex((p) => p.id === policy.id);
    const to = type === 'up' ? at - 1 : at + 1;
    if (to >= 0 && to < policies.length) {
      [policies[at], policies[to]] = [policies[to]!, policies[at]!];
      // Renumber 1..n: also mends duplicate order indexes.
      for (const [index, p] of policies.entries()) await tx.slaPolicy.update({ where: { id: p.id }, data: { orderIndex: index + 1 } });
      emit({ type: 'sla.policyChanged', conversationId: null, payload: { policyId: policy.id, change: 'sorted' } });
      await enqueueSlaRecompute(tx);
    }
    return findPolicy(tx, policy.id);
  });
}

export async function deletePolicy(ctx: ServiceContext, id: string | number): Promise<SlaPolicyRow> {
  return inTransaction(ctx, async (tx, emit) => {
    await lockPolicies(tx);
    const existing = await findPolicy(tx, id);
    await tx.slaPolicy.delete({ where: { id: existing.id } });
    emit({ type: 'sla.policyChanged', conversationId: null, payload: { policyId: existing.id, change: 'deleted' } });
    await enqueueSlaRecompute(tx);
    return existing;
  });
}
