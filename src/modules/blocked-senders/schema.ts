/** Blocked senders in GraphQL: the same operations as REST. Agents and integrations read; admins write. */
import { builder } from '../../graphql/builder.js';
import { deleteBlockedSender, findBlockedSender, listBlockedSenders, putBlockedSender } from './service.js';
import { BlockedSenderRef } from './types.js';

const reader = { agent: true, integration: true } as const;
const admin = { admin: true } as const;

const BlockedSenderInput = builder.inputType('BlockedSenderInput', {
  fields: (t) => ({
    email: t.string({ description: 'An email address (email types) or a domain (domain types).' }),
    blockType: t.string({ description: 'blockEmailasJunk, rejectEmail, blockDomainasJunk or rejectDomain.' }),
  }),
});

builder.queryFields((t) => ({
  blockedSenders: t.field({
    type: [BlockedSenderRef],
    description: 'All blocked senders by value; `email` keeps those whose value contains it.',
    authScopes: reader,
    args: { email: t.arg.string() },
    resolve: (_root, args, ctx) => listBlockedSenders(ctx.prisma, args.email),
  }),
  blockedSender: t.field({
    type: BlockedSenderRef,
    authScopes: reader,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findBlockedSender(ctx.prisma, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  putBlockedSender: t.field({
    type: BlockedSenderRef,
    description: 'Adds the rule for an address or domain, or changes the blockType of its rule.',
    authScopes: admin,
    args: { input: t.arg({ type: BlockedSenderInput, required: true }) },
    resolve: (_root, args, ctx) => putBlockedSender(ctx, args.input),
  }),
  deleteBlockedSender: t.field({
    type: BlockedSenderRef,
    description: 'Removes the rule of this address or domain (the removed rule is returned).',
    authScopes: admin,
    args: { email: t.arg.string({ description: 'Required.' }) },
    resolve: (_root, args, ctx) => deleteBlockedSender(ctx, args.email),
  }),
}));
