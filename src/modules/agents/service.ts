/** Agents and their API keys. Admins manage agents; an agent may manage its own keys. */
import { refuseDeletingRoutingTarget } from '../routing-rules/service.js';
import { hashSecret, generateSecret } from '../../auth/secrets.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { conflict, forbidden, invalidField, notFound } from '../../graphql/errors.js';

export interface AgentInput {
  name?: string | null;
  email?: string | null;
  role?: 'admin' | 'agent' | null;
  isOnline?: boolean | null;
  departmentIds?: number[] | null;
}

const emailPattern = /^[^\s@]+@[^\s@]+$/;

function validate(input: AgentInput, creating: boolean) {
  const data: { name?: string; email?: string; role?: 'admin' | 'agent'; isOnline?: boolean } = {};
  if (input.name !== undefined && input.name !== null) {
    if (!input.name.trim()) throw invalidField('name', 'must not be empty');
    data.name = input.name.trim();
  } else if (creating) throw invalidField('name', 'is required');
  if (input.email !== undefined && input.email !== null) {
    const email = input.email.trim().toLowerCase();
    if (!emailPattern.test(email)) throw invalidField('email', `must be an email address, got "${input.email}"`);
    data.email = email;
  } else if (creating) throw invalidField('email', 'is required');
  if (input.role) data.role = input.role;
  if (input.isOnline !== undefined && input.isOnline !== null) data.isOnline = input.isOnline;
  return data;
}

async function setDepartments(tx: Tx, agentId: number, departmentIds: number[]) {
  const unique = [...new Set(departmentIds)];
  const found = await tx.department.findMany({ where: { id: { in: unique } }, select: { id: true } });
  const missing = unique.filter((id) => !found.some((row) => row.id === id));
  if (missing.length) throw notFound('department', missing.join(', '));
  await tx.agentDepartment.deleteMany({ where: { agentId } });
  await tx.agentDepartment.createMany({ data: unique.map((departmentId) => ({ agentId, departmentId })) });
}

export async function createAgent(ctx: ServiceContext, input: AgentInput) {
  const data = validate(input, true);
  return inTransaction(ctx, async (tx, emit) => {
    try {
      const agent = await tx.agent.create({ data: data as { name: string; email: string } });
      if (input.departmentIds?.length) await setDepartments(tx, agent.id, input.departmentIds);
      emit({ type: 'agent.created', payload: { agentId: agent.id } });
      return agent;
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`An agent with email ${data.email} already exists`);
      throw error;
    }
  });
}

export async function updateAgent(ctx: ServiceContext, id: number, input: AgentInput) {
  const data = validate(input, false);
  return inTransaction(ctx, async (tx, emit) => {
    const existing = await tx.agent.findUnique({ where: { id } });
    if (!existing) throw notFound('agent', id);
    if (existing.role === 'admin' && data.role === 'agent') await ensureAnotherAdmin(tx, id);
    try {
      const agent = await tx.agent.update({ where: { id }, data });
      if (input.departmentIds) await setDepartments(tx, id, input.departmentIds);
      // Auto allocation listens (an agent coming online or joining a department is capacity).
      const fields: string[] = (Object.keys(data) as (keyof typeof data)[]).filter((key) => existing[key] !== agent[key]);
      if (input.departmentIds) fields.push('departmentIds');
      if (fields.length) emit({ type: 'agent.updated', payload: { agentId: id, fields } });
      return agent;
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`An agent with email ${data.email} already exists`);
      throw error;
    }
  });
}

/** The last admin cannot be demoted or deleted: nobody could administer the gateway any more. */
async function ensureAnotherAdmin(tx: Tx, id: number) {
  const others = await tx.agent.count({ where: { role: 'admin', id: { not: id } } });
  if (others === 0) throw conflict('This is the last admin; make another agent admin first');
}

export async function deleteAgent(ctx: ServiceContext, id: number) {
  return inTransaction(ctx, async (tx) => {
    const existing = await tx.agent.findUnique({ where: { id } });
    if (!existing) throw notFound('agent', id);
    if (existing.role === 'admin') await ensureAnotherAdmin(tx, id);
    await refuseDeletingRoutingTarget(tx, 'agent', id);
    // Conversations stay; they just lose the assignee.
    await tx.conversation.updateMany({ where: { assignedAgentId: id }, data: { assignedAgentId: null } });
    await tx.agent.delete({ where: { id } });
    return existing;
  });
}

function mayManageKeysOf(ctx: ServiceContext, agentId: number) {
  return ctx.viewer.kind === 'agent' && (ctx.viewer.role === 'admin' || ctx.viewer.agentId === agentId);
}

export async function createApiKey(ctx: ServiceContext, agentId: number, name: string | null | undefined) {
  if (!mayManageKeysOf(ctx, agentId)) throw forbidden('Only admins may manage other agents’ API keys');
  const secret = generateSecret('atk');
  const secretHash = await hashSecret(secret);
  const apiKey = await inTransaction(ctx, async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: agentId } });
    if (!agent) throw notFound('agent', agentId);
    return tx.apiKey.create({ data: { agentId, name: name?.trim() || 'default', prefix: secret.slice(0, 8), secretHash } });
  });
  return { apiKey, secret };
}

export async function revokeApiKey(ctx: ServiceContext, id: number) {
  return inTransaction(ctx, async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id } });
    if (!key) throw notFound('API key', id);
    if (!mayManageKeysOf(ctx, key.agentId)) throw forbidden('Only admins may manage other agents’ API keys');
    if (key.revokedTime) return key;
    return tx.apiKey.update({ where: { id }, data: { revokedTime: new Date() } });
  });
}
