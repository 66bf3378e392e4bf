/**
 * GraphQL types of the agent console: Conversation, Message, ConversationDraft, MessageText,
 * MentionedAgent, CustomFieldValue, and the loaders that resolve their relations in batches
 * (a page of conversations with every include costs a constant number of SQL statements).
 * Per-viewer fields (isRead, isActive, hasDraft, isEditable) read the viewer's own state.
 */
import { Prisma, type Agent, type Contact, type Conversation, type ConversationAgentState, type Draft, type Mention, type Message } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { alignByKey, defineSqlLoader, groupByKey, uuidKeys } from '../../graphql/loaders.js';
import { agentById, AgentRef } from '../agents/types.js';
import { attachmentById, attachmentsByMessage, AttachmentRef, type Attachment } from '../attachments/types.js';
import { contactById, ContactRef } from '../contacts/types.js';
import { departmentById, DepartmentRef } from '../departments/types.js';
import { customFieldsByConversation, CustomFieldValueRef } from '../fields/types.js';
import { isEditableBy, PRIORITIES, STATUSES } from './service.js';
import { MESSAGE_TYPES, REPLY_TYPES } from './messages-service.js';
import { storedTexts, type StoredText } from './text.js';

// ─── Loaders ───────────────────────────────────────────────────────────────

export const conversationById = defineSqlLoader<number, Conversation | null, Conversation>('conversationById', {
  sql: (_env, ids) => Prisma.sql`SELECT c.* FROM "Conversation" c WHERE c.id = ANY(${[...ids]}::int[])`,
  model: 'Conversation',
  result: (ids, rows) => alignByKey(ids, rows, (row) => row.id),
});

/** The viewer's own state (read / active) per conversation; null for non-agents or no row. */
const agentStateByConversation = defineSqlLoader<number, ConversationAgentState | null, ConversationAgentState>('agentStateByConversation', {
  sql: ({ viewer }, ids) =>
    viewer.kind !== 'agent'
      ? null
      : Prisma.sql`SELECT s.* FROM "ConversationAgentState" s WHERE s."agentId" = ${viewer.agentId} AND s."conversationId" = ANY(${[...ids]}::int[])`,
  model: 'ConversationAgentState',
  result: (ids, rows) => alignByKey(ids, rows, (row) => row.conversationId),
});

const viewerHasDraft = defineSqlLoader<number, boolean, { conversationId: number }>('viewerHasDraft', {
  sql: ({ viewer }, ids) =>
    viewer.kind !== 'agent'
      ? null
      : Prisma.sql`SELECT d."conversationId" FROM "Draft" d WHERE d."agentId" = ${viewer.agentId} AND d."conversationId" = ANY(${[...ids]}::int[])`,
  result: (ids, rows) => {
    const set = new Set(rows.map((row) => row.conversationId));
    return ids.map((id) => set.has(id));
  },
});

const tagIdsByConversation = defineSqlLoader<number, number[], { conversationId: number; tagId: number }>('tagIdsByConversation', {
  sql: (_env, ids) => Prisma.sql`
    SELECT ct."conversationId", ct."tagId" FROM "ConversationTag" ct WHERE ct."conversationId" = ANY(${[...ids]}::int[]) ORDER BY ct."tagId"`,
  result: (ids, rows) => groupByKey(ids, rows, (row) => row.conversationId).map((list) => list.map((row) => row.tagId)),
});

const mentionsByConversation = defineSqlLoader<number, Mention[], Mention>('mentionsByConversation', {
  sql: (_env, ids) => Prisma.sql`
    SELECT mn.* FROM "Mention" mn WHERE mn."conversationId" = ANY(${[...ids]}::int[]) ORDER BY mn."createdTime", mn."agentId"`,
  model: 'Mention',
  result: (ids, rows) => groupByKey(ids, rows, (row) => row.conversationId),
});

// Custom field values (CustomFieldValue, customFieldsByConversation) come from the fields module.

/** Messages of each conversation, oldest first. */
export const messagesByConversation = defineSqlLoader<number, Message[], Message>('messagesByConversation', {
  sql: (_env, ids) => Prisma.sql`SELECT m.* FROM "Message" m WHERE m."conversationId" = ANY(${[...ids]}::int[]) ORDER BY m.time, m.id`,
  model: 'Message',
  result: (ids, rows) => groupByKey(ids, rows, (row) => row.conversationId),
});

export const messageById = defineSqlLoader<string, Message | null, Message>('messageById', {
  sql: (_env, ids) => (uuidKeys(ids).length ? Prisma.sql`SELECT m.* FROM "Message" m WHERE m.id = ANY(${uuidKeys(ids)}::uuid[])` : null),
  model: 'Message',
  result: (ids, rows) => alignByKey(ids, rows, (row) => row.id),
});

const viewerReadMessage = defineSqlLoader<string, boolean, { messageId: string; isRead: boolean }>('viewerReadMessage', {
  sql: ({ viewer }, ids) =>
    viewer.kind !== 'agent'
      ? null
      : Prisma.sql`SELECT r."messageId", r."isRead" FROM "MessageRead" r WHERE r."agentId" = ${viewer.agentId} AND r."messageId" = ANY(${uuidKeys(ids)}::uuid[])`,
  result: (ids, rows) => alignByKey(ids, rows, (row) => row.messageId).map((row) => row?.isRead ?? false),
});

// ─── Enums ─────────────────────────────────────────────────────────────────

export const ConversationStatusEnum = builder.enumType('ConversationStatus', { values: STATUSES });
export const ConversationPriorityEnum = builder.enumType('ConversationPriority', { values: PRIORITIES });
export const MessageTypeEnum = builder.enumType('MessageType', { values: MESSAGE_TYPES });
export const ReplyMessageTypeEnum = builder.enumType('ReplyMessageType', {
  description: 'The message types an agent or integration writes: note, email, reply, socialMessage.',
  values: REPLY_TYPES,
});
export const TextFormatEnum = builder.enumType('TextFormat', { values: ['plaintext', 'html'] as const });

// ─── Small objects ─────────────────────────────────────────────────────────

export const MessageTextRef = builder.objectRef<StoredText>('MessageText').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    format: t.expose('format', { type: TextFormatEnum }),
    content: t.exposeString('content', { description: 'Plain text, or an HTML body.' }),
  }),
});

export const MentionedAgentRef = builder.objectRef<Mention>('MentionedAgent').implement({
  description: 'An agent @mentioned in a note of the conversation; isRead is that agent\'s own flag.',
  fields: (t) => ({
    agentId: t.exposeInt('agentId'),
    isRead: t.exposeBoolean('isRead'),
    messageId: t.exposeString('messageId'),
    agent: t.field({ type: AgentRef, nullable: true, resolve: (row, _args, ctx) => ctx.loader(agentById).load(row.agentId) }),
  }),
});

/** createdBy / lastRepliedBy / sender: an agent or a contact (null for system and visitors). */
export const PartyRef = builder.unionType('ConversationParty', {
  types: [AgentRef, ContactRef],
  resolveType: (value) => ('role' in (value as object) ? 'Agent' : 'Contact'),
});

async function loadParty(ctx: { loader: any }, type: string | null, id: string | null): Promise<Agent | Contact | null> {
  if (!id || !/^\d+$/.test(id)) return null;
  if (type === 'agent') return ctx.loader(agentById).load(Number(id));
  if (type === 'contact') return ctx.loader(contactById).load(Number(id));
  return null;
}

const intOrNull = (value: string | null) => (value && /^\d+$/.test(value) ? Number(value) : null);

// ─── Message ───────────────────────────────────────────────────────────────

export const MessageRef = builder.prismaNode('Message', {
  id: { field: 'id' },
  findUnique: (id) => ({ id }),
  fields: (t) => ({
    databaseId: t.exposeString('id', { description: 'The id REST shows (a guid).' }),
    conversationId: t.exposeInt('conversationId'),
    type: t.expose('type', { type: MessageTypeEnum }),
    directType: t.exposeString('directType', { description: 'receive (from the contact) or send (from the agent side).' }),
    accountId: t.exposeString('accountId', { nullable: true }),
    contactIdentityId: t.exposeString('contactIdentityId', { nullable: true }),
    source: t.exposeString('source', { description: 'agentConsole, helpDesk, webForm, API, chat, offlineMessage' }),
    originalMessageId: t.exposeString('originalMessageId', { nullable: true }),
    originalMessageLink: t.exposeString('originalMessageLink', { nullable: true }),
    parentId: t.exposeString('parentId', { nullable: true }),
    quoteTweetId: t.exposeString('quoteTweetId', { nullable: true }),
    texts: t.field({ type: [MessageTextRef], resolve: (row) => storedTexts(row.texts) }),
    plainText: t.exposeString('plainText', { description: 'All texts with HTML stripped.' }),
    quote: t.exposeString('quote', { nullable: true }),
    subject: t.exposeString('subject', { nullable: true }),
    from: t.exposeString('from', { nullable: true }),
    cc: t.exposeString('cc', { nullable: true }),
    attachments: t.field({ type: [AttachmentRef], resolve: (row, _args, ctx) => ctx.loader(attachmentsByMessage).load(row.id) }),
    mentionedAgentIds: t.exposeIntList('mentionedAgentIds'),
    isRead: t.boolean({ description: 'Read by the viewing agent.', resolve: (row, _args, ctx) => ctx.loader(viewerReadMessage).load(row.id) }),
    sendStatus: t.exposeString('sendStatus', { description: 'sucess (sic, as documented), sending or fail' }),
    senderId: t.exposeString('senderId', { nullable: true }),
    senderType: t.exposeString('senderType', { description: 'agent, contact or system' }),
    time: t.expose('time', { type: 'DateTime' }),
    sender: t.field({ type: PartyRef, nullable: true, resolve: (row, _args, ctx) => loadParty(ctx, row.senderType, row.senderId) }),
  }),
});

// ─── Draft ─────────────────────────────────────────────────────────────────

export const ConversationDraftRef = builder.objectRef<Draft>('ConversationDraft').implement({
  description: "The viewing agent's unsent message on a conversation (one per agent per conversation).",
  fields: (t) => ({
    id: t.exposeString('id'),
    conversationId: t.exposeInt('conversationId'),
    type: t.expose('type', { type: MessageTypeEnum }),
    accountId: t.exposeString('accountId', { nullable: true }),
    contactIdentityId: t.exposeString('contactIdentityId', { nullable: true }),
    parentId: t.exposeString('parentId', { nullable: true }),
    quoteTweetId: t.exposeString('quoteTweetId', { nullable: true }),
    texts: t.field({ type: [MessageTextRef], resolve: (row) => storedTexts(row.texts) }),
    quote: t.exposeString('quote', { nullable: true }),
    subject: t.exposeString('subject', { nullable: true }),
    cc: t.exposeString('cc', { nullable: true }),
    attachments: t.field({
      type: [AttachmentRef],
      description: 'Attachments still available (a deleted upload drops out).',
      resolve: async (row, _args, ctx) =>
        (await ctx.loader(attachmentById).loadMany(row.attachmentIds)).filter((a): a is Attachment => a !== null && !(a instanceof Error)),
    }),
    mentionedAgentIds: t.exposeIntList('mentionedAgentIds'),
    senderId: t.string({ description: 'The agent whose draft this is.', resolve: (row) => String(row.agentId) }),
    time: t.expose('time', { type: 'DateTime', description: 'When the draft was last saved.' }),
  }),
});

// ─── Conversation ──────────────────────────────────────────────────────────

export const ConversationRef = builder.prismaNode('Conversation', {
  id: { field: 'id' },
  findUnique: (id) => ({ id: Number(id) }),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The id REST shows.' }),
    guid: t.exposeString('guid'),
    relatedType: t.exposeString('relatedType', { nullable: true, description: 'contact, visitor or agent' }),
    relatedId: t.exposeString('relatedId', { nullable: true }),
    contactId: t.exposeInt('contactId', { nullable: true, description: 'The related contact (relatedType contact).' }),
    subject: t.exposeString('subject'),
    assignedAgentId: t.exposeInt('assignedAgentId', { nullable: true }),
    assignedDepartmentId: t.exposeInt('assignedDepartmentId', { nullable: true }),
    channel: t.exposeString('channel', { description: 'portal, email, chat, offlineMessage, facebookMessenger, facebookWallPost, Tweet, ...' }),
    receivedBy: t.exposeString('receivedBy', { nullable: true }),
    originalId: t.exposeString('originalId', { nullable: true }),
    originalLink: t.exposeString('originalLink', { nullable: true }),
    priority: t.expose('priority', { type: ConversationPriorityEnum }),
    status: t.expose('status', { type: ConversationStatusEnum }),
    hasDraft: t.boolean({ description: 'The viewing agent has a draft here.', resolve: (row, _args, ctx) => ctx.loader(viewerHasDraft).load(row.id) }),
    isDeleted: t.boolean({ resolve: (row) => row.deletedTime !== null }),
    isRead: t.boolean({
      description: 'Read by the viewing agent (each agent has its own flag).',
      resolve: async (row, _args, ctx) => (await ctx.loader(agentStateByConversation).load(row.id))?.isRead ?? false,
    }),
    isReadByContact: t.exposeBoolean('isReadByContact'),
    isEditable: t.boolean({
      description: 'The viewer may update and reply: false for deleted or merged conversations.',
      resolve: (row, _args, ctx) => isEditableBy(ctx.viewer, row),
    }),
    isActive: t.boolean({
      description: "Open in the viewing agent's active work area.",
      resolve: async (row, _args, ctx) => (await ctx.loader(agentStateByConversation).load(row.id))?.isActive ?? false,
    }),
    lastMessage: t.exposeString('lastMessage', { description: 'Plain text of the last message (HTML stripped).' }),
    tagIds: t.intList({ resolve: (row, _args, ctx) => ctx.loader(tagIdsByConversation).load(row.id) }),
    mentionedAgents: t.field({ type: [MentionedAgentRef], resolve: (row, _args, ctx) => ctx.loader(mentionsByConversation).load(row.id) }),
    customFields: t.field({ type: [CustomFieldValueRef], resolve: (row, _args, ctx) => ctx.loader(customFieldsByConversation).load(row.id) }),
    createdById: t.exposeString('createdById', { nullable: true }),
    createdByType: t.exposeString('createdByType', { description: 'agent, contact, system or visitor' }),
    createdTime: t.expose('createdTime', { type: 'DateTime' }),
    lastActivityTime: t.expose('lastActivityTime', { type: 'DateTime' }),
    lastStatusChangeTime: t.expose('lastStatusChangeTime', { type: 'DateTime' }),
    lastRepliedTime: t.expose('lastRepliedTime', { type: 'DateTime' }),
    lastRepliedById: t.int({ nullable: true, resolve: (row) => intOrNull(row.lastRepliedById) }),
    lastRepliedByType: t.exposeString('lastRepliedByType', { nullable: true, description: 'agent, contact or system' }),
    slaPolicyId: t.exposeString('slaPolicyId', { nullable: true }),
    firstRespondBreachAt: t.expose('firstRespondBreachAt', { type: 'DateTime', nullable: true }),
    nextRespondBreachAt: t.expose('nextRespondBreachAt', { type: 'DateTime', nullable: true }),
    resolveBreachAt: t.expose('resolveBreachAt', { type: 'DateTime', nullable: true }),
    closedTime: t.expose('closedTime', { type: 'DateTime', nullable: true }),
    deletedTime: t.expose('deletedTime', { type: 'DateTime', nullable: true }),
    mergedIntoId: t.exposeInt('mergedIntoId', { nullable: true, description: 'Set when this conversation was merged into another.' }),
    // Relations (REST includes), all through loaders.
    assignedAgent: t.field({
      type: AgentRef,
      nullable: true,
      resolve: (row, _args, ctx) => (row.assignedAgentId === null ? null : ctx.loader(agentById).load(row.assignedAgentId)),
    }),
    assignedDepartment: t.field({
      type: DepartmentRef,
      nullable: true,
      resolve: (row, _args, ctx) => (row.assignedDepartmentId === null ? null : ctx.loader(departmentById).load(row.assignedDepartmentId)),
    }),
    contact: t.field({
      type: ContactRef,
      nullable: true,
      resolve: (row, _args, ctx) => (row.contactId === null ? null : ctx.loader(contactById).load(row.contactId)),
    }),
    createdBy: t.field({
      type: PartyRef,
      nullable: true,
      description: 'The agent or contact that created it, per createdByType (null for system and visitors).',
      resolve: (row, _args, ctx) => loadParty(ctx, row.createdByType, row.createdById),
    }),
    lastRepliedBy: t.field({
      type: PartyRef,
      nullable: true,
      resolve: (row, _args, ctx) => loadParty(ctx, row.lastRepliedByType, row.lastRepliedById),
    }),
    messages: t.field({
      type: [MessageRef],
      description: 'All messages, oldest first.',
      resolve: (row, _args, ctx) => ctx.loader(messagesByConversation).load(row.id),
    }),
  }),
});
