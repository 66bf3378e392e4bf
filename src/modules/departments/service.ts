/** Departments: admin-managed groups of agents. */
import { refuseDeletingRoutingTarget } from '../routing-rules/service.js';
import { conflict, invalidField, notFound } from '../../graphql/errors.js';
import { inTransaction, type ServiceContext } from '../../engine/write.js';
import { isUniqueViolation } from '../../db/errors.js';

export interface DepartmentInput {
  name?: string | null;
  description?: string | null;
}

function cleanName(name: string | null | undefined, required: boolean): string | undefined {
  if (name === undefined || name === null) {
    if (required) throw invalidField('name', 'is required');
    return undefined;
  }
  const trimmed = name.trim();
  if (!trimmed) throw invalidField('name', 'must not be empty');
  if (trimmed.length > 200) throw invalidField('name', 'must be at most 200 characters');
  return trimmed;
}

export async function createDepartment(ctx: ServiceContext, input: DepartmentInput) {
  const name = cleanName(input.name, true)!;
  return inTransaction(ctx, async (tx) => {
    try {
      return await tx.department.create({ data: { name, description: input.description ?? '' } });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A department named "${name}" already exists`);
      throw error;
    }
  });
}

export async function updateDepartment(ctx: ServiceContext, id: number, input: DepartmentInput) {
  const name = cleanName(input.name, false);
  return inTransaction(ctx, async (tx) => {
    const existing = await tx.department.findUnique({ where: { id } });
    if (!existing) throw notFound('department', id);
    try {
      return await tx.department.update({
        where: { id },
        data: { ...(name !== undefined ? { name } : {}), ...(input.description != null ? { description: input.description } : {}) },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A department named "${name}" already exists`);
      throw error;
    }
  });
}

export async function deleteDepartment(ctx: ServiceContext, id: number) {
  return inTransaction(ctx, async (tx) => {
    const existing = await tx.department.findUnique({ where: { id } });
    if (!existing) throw notFound('department', id);
    await refuseDeletingRoutingTarget(tx, 'department', id);
    // Conversations keep their history: the assignment is cleared, not the conversation.
    await tx.conversation.updateMany({ where: { assignedDepartmentId: id }, data: { assignedDepartmentId: null } });
    await tx.department.delete({ where: { id } });
    return existing;
  });
}
