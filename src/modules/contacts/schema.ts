import { builder } from '../../graphql/builder.js';
import { notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';
import { connectionFields, offsetConnection } from '../../graphql/pagination.js';
import { contactSearchWhere, createContact, deleteContact, updateContact } from './service.js';
import { ContactIdentityTypeEnum, ContactRef } from './types.js';

const ContactIdentityInput = builder.inputType('ContactIdentityInput', {
  fields: (t) => ({
    type: t.field({ type: ContactIdentityTypeEnum, required: true }),
    value: t.string({ required: true }),
  }),
});

const ContactInput = builder.inputType('ContactInput', {
  fields: (t) => ({
    name: t.string(),
    alias: t.string(),
    company: t.string(),
    title: t.string(),
    phone: t.string(),
    mobile: t.string(),
    address: t.string(),
    city: t.string(),
    state: t.string(),
    country: t.string(),
    postalCode: t.string(),
    description: t.string(),
    identities: t.field({ type: [ContactIdentityInput], description: 'Replaces all identities of the contact.' }),
  }),
});

builder.queryFields((t) => ({
  contacts: t.connection(
    {
      type: ContactRef,
      authScopes: { agent: true, integration: true },
      args: {
        keywords: t.arg.string({ description: 'Matches name, alias or an identity value.' }),
        page: t.arg.int({ description: '1-based page number; an alternative to after/before.' }),
      },
      resolve: (_root, args, ctx, info) => {
        const where = contactSearchWhere(args.keywords);
        return offsetConnection(args, {
          info,
          defaultSize: ctx.config.pageSize,
          count: () => ctx.prisma.contact.count({ where }),
          fetch: (skip, take) => ctx.prisma.contact.findMany({ where, orderBy: { id: 'asc' }, skip, take }),
        });
      },
    },
    { fields: connectionFields },
  ),
  contact: t.field({
    type: ContactRef,
    authScopes: { agent: true, integration: true, contact: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = intId('Contact', args.id);
      // A contact may read only itself; anything else looks like it does not exist.
      if (ctx.viewer.kind === 'contact' && ctx.viewer.contactId !== id) throw notFound('contact', id);
      const contact = await ctx.prisma.contact.findUnique({ where: { id } });
      if (!contact) throw notFound('contact', id);
      return contact;
    },
  }),
}));

builder.mutationFields((t) => ({
  createContact: t.field({
    type: ContactRef,
    authScopes: { agent: true, integration: true },
    args: { input: t.arg({ type: ContactInput, required: true }) },
    resolve: (_root, args, ctx) => createContact(ctx, args.input),
  }),
  updateContact: t.field({
    type: ContactRef,
    authScopes: { agent: true, integration: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: ContactInput, required: true }) },
    resolve: (_root, args, ctx) => updateContact(ctx, intId('Contact', args.id), args.input),
  }),
  deleteContact: t.field({
    type: ContactRef,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteContact(ctx, intId('Contact', args.id)),
  }),
}));
