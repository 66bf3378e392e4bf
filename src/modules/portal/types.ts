/**
 * The customer portal's view of conversations: a PortalConversation is a Conversation of channel
 * `portal` seen from the contact's side (no notes, no agent-only fields), and a PortalMessage is a
 * non-note Message of it. Same rows as the agent console: nothing is copied.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Prisma, type Agent, type Contact, type Conversation, type Message } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { defineSqlLoader, groupByKey } from '../../graphql/loaders.js';
import { agentById } from '../agents/types.js';
import { attachmentsByMessage, AttachmentRef } from '../attachments/types.js';
import { contactById, ContactRef } from '../contacts/types.js';
import { customFieldsByConversation, CustomFieldValueRef } from '../fields/types.js';

/** The messages a contact sees (everything but notes), oldest first, by conversation id. */
export const portalMessagesByConversation = defineSqlLoader<number, Message[], Message>('portalMessagesByConversation', {
  sql: (_env, ids) => Prisma.sql`
    SELECT m.* FROM "Message" m WHERE m."conversationId" = ANY(${[...ids]}::int[]) AND m.type <> 'note' ORDER BY m.time, m.id`,
  model: 'Message',
  result: (ids, rows) => groupByKey(ids, rows, (row) => row.conversationId),
});

interface StoredText {
  id?: string;
  format?: string;
  content?: string;
}

export const PortalTextRef = builder.objectRef<{ id: string; format: string; content: string }>('PortalText').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    format: t.exposeString('format', { description: 'plaintext or html' }),
    content: t.exposeString('content'),
  }),
});

/** What a contact may know about an agent who wrote to it: no email, no roles. */
export const PortalAgentRef = builder.objectRef<Agent>('PortalAgent').implement({
  description: 'An agent as the customer portal shows it.',
  fields: (t) => ({
    databaseId: t.exposeInt('id'),
    name: t.exposeString('name'),
  }),
});

export const PortalSenderRef = builder.unionType('PortalMessageSender', {
  types: [PortalAgentRef, ContactRef],
  resolveType: (value) => ('email' in value ? PortalAgentRef : ContactRef),
});

export const PortalMessageRef = builder.objectRef<Message>('PortalMessage').implement({
  description: 'A message of a portal conversation as the contact sees it (notes never appear).',
  fields: (t) => ({
    id: t.id({ description: 'Relay id of the Message.', resolve: (message) => encodeGlobalID('Message', message.id) }),
    databaseId: t.exposeString('id', { description: 'The message id REST shows.' }),
    conversationId: t.exposeInt('conversationId'),
    text: t.field({
      type: PortalTextRef,
      nullable: true,
      description: 'The message text (the first of its texts).',
      resolve: (message) => {
        const texts = (Array.isArray(message.texts) ? message.texts : []) as StoredText[];
        const first = texts[0];
        if (!first) return null;
        return { id: String(first.id ?? `${message.id}-0`), format: String(first.format ?? 'plaintext'), content: String(first.content ?? '') };
      },
    }),
    senderId: t.exposeString('senderId', { nullable: true }),
    senderType: t.exposeString('senderType', { description: 'agent, contact or system' }),
    time: t.expose('time', { type: 'DateTime' }),
    attachments: t.field({
      type: [AttachmentRef],
      resolve: (message, _args, ctx) => ctx.loader(attachmentsByMessage).load(message.id),
    }),
    sender: t.field({
      type: PortalSenderRef,
      nullable: true,
      resolve: async (message, _args, ctx): Promise<Agent | Contact | null> => {
        const id = Number(message.senderId);
        if (!message.senderId || !Number.isSafeInteger(id)) return null;
        if (message.senderType === 'agent') return ctx.loader(agentById).load(id);
        if (message.senderType === 'contact') return ctx.loader(contactById).load(id);
        return null;
      },
    }),
  }),
});

export const PortalConversationRef = builder.objectRef<Conversation>('PortalConversation').implement({
  description: 'A conversation of channel portal as its contact sees it.',
  fields: (t) => ({
    id: t.id({ description: 'Relay id of the Conversation.', resolve: (conversation) => encodeGlobalID('Conversation', conversation.id) }),
    databaseId: t.exposeInt('id', { description: 'The id REST shows.' }),
    subject: t.exposeString('subject'),
    contactId: t.string({ nullable: true, resolve: (conversation) => (conversation.contactId === null ? null : String(conversation.contactId)) }),
    isClosed: t.boolean({ resolve: (conversation) => conversation.status === 'closed' }),
    isReadByContact: t.exposeBoolean('isReadByContact'),
    customFields: t.field({
      type: [CustomFieldValueRef],
      resolve: (conversation, _args, ctx) => ctx.loader(customFieldsByConversation).load(conversation.id),
    }),
    createdTime: t.expose('createdTime', { type: 'DateTime' }),
    closedTime: t.expose('closedTime', { type: 'DateTime', nullable: true }),
    contact: t.field({
      type: ContactRef,
      nullable: true,
      resolve: (conversation, _args, ctx) => (conversation.contactId === null ? null : ctx.loader(contactById).load(conversation.contactId)),
    }),
    messages: t.field({
      type: [PortalMessageRef],
      description: 'Oldest first; notes are never included.',
      resolve: (conversation, _args, ctx) => ctx.loader(portalMessagesByConversation).load(conversation.id),
    }),
  }),
});
