/** Contacts: the people conversations are with. */
import type { Prisma } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { conflict, invalidField, notFound } from '../../graphql/errors.js';

export const contactTextFields = [
  'name', 'alias', 'company', 'title', 'phone', 'mobile', 'address', 'city', 'state', 'country', 'postalCode', 'description',
] as const;

export interface IdentityInput {
  type: 'email' | 'SSOUserId' | 'externalId';
  value: string;
}

export type ContactInput = Partial<Record<(typeof contactTextFields)[number], string | null>> & {
  identities?: IdentityInput[] | null;
};

const emailPattern = /^[^\s@]+@[^\s@]+$/;

function validate(input: ContactInput, creating: boolean) {
  const data: Record<string, string> = {};
  for (const field of contactTextFields) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    if (value.length > 1000) throw invalidField(field, 'must be at most 1000 characters');
    data[field] = value.trim();
  }
  if (creating && !data.name) throw invalidField('name', 'is required');
  if (!creating && data.name === '') throw invalidField('name', 'must not be empty');
  const identities = input.identities?.map((identity, index) => {
    const value = identity.value?.trim() ?? '';
    if (!value) throw invalidField(`identities[${index}].value`, 'is required');
    if (identity.type === 'email' && !emailPattern.test(value)) {
      throw invalidField(`identities[${index}].value`, `must be an email address, got "${identity.value}"`);
    }
    return { type: identity.type, value: identity.type === 'email' ? value.toLowerCase() : value };
  });
  return { data, identities };
}

async function replaceIdentities(tx: Tx, contactId: number, identities: IdentityInput[]) {
  await tx.contactIdentity.deleteMany({ where: { contactId } });
  try {
    await tx.contactIdentity.createMany({ data: identities.map((identity) => ({ ...identity, contactId })) });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('An identity with that type and value already belongs to a contact');
    throw error;
  }
}

export async function createContact(ctx: ServiceContext, input: ContactInput) {
  const { data, identities } = validate(input, true);
  return inTransaction(ctx, async (tx) => {
    const contact = await tx.contact.create({ data: data as unknown as Prisma.ContactCreateInput });
    if (identities?.length) await replaceIdentities(tx, contact.id, identities);
    return contact;
  });
}

export async function updateContact(ctx: ServiceContext, id: number, input: ContactInput) {
  const { data, identities } = validate(input, false);
  return inTransaction(ctx, async (tx) => {
    if (!(await tx.contact.findUnique({ where: { id }, select: { id: true } }))) throw notFound('contact', id);
    const contact = await tx.contact.update({ where: { id }, data });
    if (identities) await replaceIdentities(tx, id, identities);
    return contact;
  });
}

export async function deleteContact(ctx: ServiceContext, id: number) {
  return inTransaction(ctx, async (tx) => {
    const contact = await tx.contact.findUnique({ where: { id } });
    if (!contact) throw notFound('contact', id);
    const conversations = await tx.conversation.count({ where: { contactId: id } });
    if (conversations > 0) throw conflict(`Contact ${id} has ${conversations} conversation(s); delete those first`);
    await tx.contact.delete({ where: { id } });
    return contact;
  });
}

/** Keywords match name, alias or any identity value (case-insensitive substring). */
export function contactSearchWhere(keywords: string | null | undefined): Prisma.ContactWhereInput {
  const term = keywords?.trim();
  if (!term) return {};
  return {
    OR: [
      { name: { contains: term, mode: 'insensitive' } },
      { alias: { contains: term, mode: 'insensitive' } },
      { identities: { some: { value: { contains: term, mode: 'insensitive' } } } },
    ],
  };
}
