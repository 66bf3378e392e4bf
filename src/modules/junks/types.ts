/**
 * The Junk GraphQL type (the spec's "junk" object, shaped like a message) and its loaders. A junk
 * has no contact of its own (none is created for junk mail): `sendertId` / `contactIdentityId`
 * name the contact whose email identity is the From address when one exists, else null.
 */
import { Prisma, type Attachment } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { alignByKey, defineSqlLoader, groupByKey } from '../../graphql/loaders.js';
import { AttachmentRef } from '../attachments/types.js';
import { MessageTextRef } from '../conversations/types.js';
import { storedTexts } from '../conversations/text.js';
import type { JunkRow } from './service.js';

export const attachmentsByJunk = defineSqlLoader<number, Attachment[], Attachment>('attachmentsByJunk', {
  sql: (_env, ids) => Prisma.sql`SELECT a.* FROM "Attachment" a WHERE a."junkId" = ANY(${[...ids]}::int[]) ORDER BY a."createdTime", a.id`,
  model: 'Attachment',
  result: (ids, rows) => groupByKey(ids, rows, (row) => row.junkId!),
});

interface IdentityRow {
  id: number;
  contactId: number;
  value: string;
}

export const emailIdentityByAddress = defineSqlLoader<string, IdentityRow | null, IdentityRow>('emailIdentityByAddress', {
  sql: (_env, addresses) => Prisma.sql`SELECT i.id, i."contactId", i.value FROM "ContactIdentity" i WHERE i.type = 'email' AND i.value = ANY(${[...addresses]}::text[])`,
  result: (addresses, rows) => alignByKey(addresses, rows, (row) => row.value),
});

export const JunkRef = builder.objectRef<JunkRow>('Junk').implement({
  description: 'A mail kept as junk (its sender is blocked as junk): outside the inbox, no contact created.',
  fields: (t) => ({
    id: t.string({ resolve: (row) => String(row.id) }),
    type: t.string({ description: 'Always email.', resolve: () => 'email' }),
    accountId: t.string({ description: 'The integration account the mail came to.', resolve: (row) => String(row.accountId) }),
    contactIdentityId: t.string({
      nullable: true,
      description: "The email identity of the From address, when a contact has it (none is created for junk).",
      resolve: async (row, _args, ctx) => {
        const identity = await ctx.loader(emailIdentityByAddress).load(row.fromAddress);
        return identity ? String(identity.id) : null;
      },
    }),
    source: t.string({ description: 'API, as for other inbound mail.', resolve: () => 'API' }),
    originalMessageId: t.exposeString('emailMessageId', { description: 'The Message-ID (without angle brackets).' }),
    originalMessageLink: t.string({ nullable: true, resolve: () => null }),
    parentId: t.string({ nullable: true, resolve: () => null }),
    quoteTweetId: t.string({ nullable: true, resolve: () => null }),
    texts: t.field({ type: [MessageTextRef], resolve: (row) => storedTexts(row.texts) }),
    plainText: t.exposeString('plainText', { description: 'All texts with HTML stripped.' }),
    subject: t.exposeString('subject'),
    from: t.exposeString('from', { nullable: true, description: 'The From header as written.' }),
    fromAddress: t.exposeString('fromAddress', { description: 'The From address, lower-cased.' }),
    fromName: t.exposeString('fromName'),
    cc: t.exposeString('cc', { nullable: true }),
    attachments: t.field({ type: [AttachmentRef], resolve: (row, _args, ctx) => ctx.loader(attachmentsByJunk).load(row.id) }),
    isRead: t.exposeBoolean('isRead'),
    senderId: t.string({
      nullable: true,
      description: "The contact whose email identity is the From address, when one exists.",
      resolve: async (row, _args, ctx) => {
        const identity = await ctx.loader(emailIdentityByAddress).load(row.fromAddress);
        return identity ? String(identity.contactId) : null;
      },
    }),
    senderType: t.string({ description: 'Always contact.', resolve: () => 'contact' }),
    time: t.expose('time', { type: 'DateTime', description: 'When the gateway received the mail.' }),
    sentTime: t.expose('sentTime', { type: 'DateTime', nullable: true, description: "The mail's Date header (the sender's claim), when valid." }),
  }),
});
