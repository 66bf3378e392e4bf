import { builder } from '../../graphql/builder.js';
import { alignByKey, defineLoader, groupByKey } from '../../graphql/loaders.js';
import type { Contact, ContactIdentity } from '../../generated/prisma/client.js';

export const contactById = defineLoader<number, Contact | null>('contactById', async ({ prisma }, ids) =>
  alignByKey(ids, await prisma.contact.findMany({ where: { id: { in: [...ids] } } }), (row) => row.id),
);

const identitiesByContact = defineLoader<number, ContactIdentity[]>('identitiesByContact', async ({ prisma }, ids) =>
  groupByKey(ids, await prisma.contactIdentity.findMany({ where: { contactId: { in: [...ids] } }, orderBy: { id: 'asc' } }), (row) => row.contactId),
);

export const ContactIdentityTypeEnum = builder.enumType('ContactIdentityType', {
  values: ['email', 'SSOUserId', 'externalId'] as const,
});

export const ContactIdentityRef = builder.objectRef<ContactIdentity>('ContactIdentity').implement({
  fields: (t) => ({
    id: t.exposeInt('id'),
    type: t.expose('type', { type: ContactIdentityTypeEnum }),
    value: t.exposeString('value'),
  }),
});

export const ContactRef = builder.prismaNode('Contact', {
  id: { field: 'id' },
  findUnique: (id) => ({ id: Number(id) }),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The id REST shows.' }),
    name: t.exposeString('name'),
    alias: t.exposeString('alias'),
    company: t.exposeString('company'),
    title: t.exposeString('title'),
    phone: t.exposeString('phone'),
    mobile: t.exposeString('mobile'),
    address: t.exposeString('address'),
    city: t.exposeString('city'),
    state: t.exposeString('state'),
    country: t.exposeString('country'),
    postalCode: t.exposeString('postalCode'),
    description: t.exposeString('description'),
    createdTime: t.expose('createdTime', { type: 'DateTime' }),
    identities: t.field({
      type: [ContactIdentityRef],
      resolve: (contact, _args, ctx) => ctx.loader(identitiesByContact).load(contact.id),
    }),
  }),
});
