/** Tags that label conversations. */
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction, type ServiceContext } from '../../engine/write.js';
import { conflict, invalidField, notFound } from '../../graphql/errors.js';

export interface TagInput {
  name?: string | null;
  color?: string | null;
}

function validate(input: TagInput, creating: boolean) {
  const data: { name?: string; color?: string } = {};
  if (input.name !== undefined && input.name !== null) {
    if (!input.name.trim()) throw invalidField('name', 'must not be empty');
    if (input.name.length > 100) throw invalidField('name', 'must be at most 100 characters');
    data.name = input.name.trim();
  } else if (creating) throw invalidField('name', 'is required');
  if (input.color !== undefined && input.color !== null) {
    if (input.color && !/^#[0-9a-fA-F]{6}$/.test(input.color)) throw invalidField('color', `must look like #RRGGBB, got "${input.color}"`);
    data.color = input.color;
  }
  return data;
}

const duplicate = (name?: string) => conflict(`A tag named "${name}" already exists`);

export async function createTag(ctx: ServiceContext, input: TagInput) {
  const data = validate(input, true);
  return inTransaction(ctx, async (tx) => {
    try {
      return await tx.tag.create({ data: data as { name: string } });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate(data.name);
      throw error;
    }
  });
}

export async function updateTag(ctx: ServiceContext, id: number, input: TagInput) {
  const data = validate(input, false);
  return inTransaction(ctx, async (tx) => {
    if (!(await tx.tag.findUnique({ where: { id } }))) throw notFound('tag', id);
    try {
      return await tx.tag.update({ where: { id }, data });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate(data.name);
      throw error;
    }
  });
}

export async function deleteTag(ctx: ServiceContext, id: number) {
  return inTransaction(ctx, async (tx) => {
    const tag = await tx.tag.findUnique({ where: { id } });
    if (!tag) throw notFound('tag', id);
    await tx.conversationTag.deleteMany({ where: { tagId: id } });
    await tx.tag.delete({ where: { id } });
    return tag;
  });
}
