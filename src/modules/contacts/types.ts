import { builder } from '../../graphql/builder.js';
import { alignByKey, defineSqlLoader, groupByKey } from '../../graphql/loaders.js';
import { Prisma, type Contact, type ContactIdentity } from '../../generated/prisma/client.js';

export const contactById = defineSqlLoader<number, Contact | null, Contact>('contactById', {
  sql: (_env, ids) => Prisma.sql`SELECT c.* FROM "Contact" c WHERE c.id = ANY(${[...ids]}::int[])`,
  model: 'Contact',
  result: (ids, rows) => alignByKey(ids, rows, (row) => row.id),
});

const identitiesByContact = defineSqlLoader<number, ContactIdentity[], ContactIdentity>('identitiesByContact', {
  sql: (_env, ids) => Prisma.sql`SELECT i.* FROM "ContactIdentity" i WHERE i."contactId" = ANY(${[...ids]}::int[]) ORDER BY i.id`,
  model: 'ContactIdentity',
  result: (ids, rows) => groupByKey(ids, rows, (row) => row.contactId),
});

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
