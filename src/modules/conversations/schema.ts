/**
 * Agent console queries and mutations. Resolvers stay thin: ids are decoded here, rules live in
 * the services (service.ts, messages-service.ts, drafts-service.ts, list.ts).
 * Who: agents, and integrations with the `api` scope (see canUseConsole); contacts get 403.
 */
import type { Conversation } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { invalidField, notFound } from '../../graphql/errors.js';
import { intId, optionalIntId, uuidId } from '../../graphql/ids.js';
import { connectionFields, offsetConnection, type PageArgs } from '../../graphql/pagination.js';
import { deleteDraft, getDraft, saveDraft, type DraftInput } from './drafts-service.js';
import {
  conversationListWhere,
  conversationOrderSql,
  countConversations,
  fetchConversationPage,
  MAX_LIST_PAGE,
  SORT_BY,
  SORT_ORDERS,
  unreadCounts,
  type ConversationListFilter,
} from './list.js';
import type { MessageInput } from './messages-service.js';
import {
  batchUpdateConversations,
  canUseConsole,
  createConversation,
  deleteConversations,
  mergeConversation,
  purgeConversation,
  replyConversation,
  restoreConversation,
  setConversationRead,
  setMessageRead,
  updateConversation,
  type ConversationFieldsInput,
} from './service.js';
import {
  conversationById,
  ConversationDraftRef,
  ConversationPriorityEnum,
  ConversationRef,
  ConversationStatusEnum,
  MessageRef,
  ReplyMessageTypeEnum,
  TextFormatEnum,
} from './types.js';

const consoleAccess = (_parent: unknown, _args: unknown, ctx: GraphQLContext) => canUseConsole(ctx.viewer);
const agentOnly = { agent: true } as const;

// ─── Inputs ────────────────────────────────────────────────────────────────

const MessageTextInput = builder.inputType('MessageTextInput', {
  fields: (t) => ({
    format: t.field({ type: TextFormatEnum, defaultValue: 'plaintext' }),
    content: t.string({ required: true }),
  }),
});

const MessageAttachmentInput = builder.inputType('MessageAttachmentInput', {
  description: 'An uploaded attachment, by id (POST /api/v3/anytime/attachments or uploadAttachment).',
  fields: (t) => ({ id: t.string({ required: true }) }),
});

const CustomFieldValueInput = builder.inputType('CustomFieldValueInput', {
  description: 'A custom field value; the field is named by id (or by name). An empty or null value clears it.',
  fields: (t) => ({ id: t.string(), name: t.string(), value: t.string() }),
});

const messageFields = (t: any) => ({
  text: t.field({ type: MessageTextInput }),
  texts: t.field({ type: [MessageTextInput], description: 'Several text parts (alternative to text).' }),
  subject: t.string({ description: 'Email subject.' }),
  from: t.string({ description: 'Email messages: the email account address sending it.' }),
  cc: t.string(),
  quote: t.string({ description: 'Email messages: quoted content.' }),
  accountId: t.string(),
  contactIdentityId: t.string(),
  parentId: t.string(),
  quoteTweetId: t.string(),
  attachments: t.field({ type: [MessageAttachmentInput] }),
  mentionedAgentIds: t.idList({ description: 'Notes only: agents to @mention.' }),
});

const ConversationMessageInput = builder.inputType('ConversationMessageInput', {
  fields: (t) => ({
    type: t.field({ type: ReplyMessageTypeEnum, required: true }),
    ...messageFields(t),
    sendByType: t.string({ description: 'Integrations: write as this party (agent or contact) instead of as system.' }),
    sendById: t.id(),
  }),
});

const conversationFields = (t: any) => ({
  relatedType: t.string({ description: 'contact, visitor or agent' }),
  relatedId: t.string(),
  assignedAgentId: t.id(),
  assignedDepartmentId: t.id(),
  priority: t.field({ type: ConversationPriorityEnum }),
  status: t.field({ type: ConversationStatusEnum }),
  receivedBy: t.string(),
  originalId: t.string(),
  originalLink: t.string(),
  customFields: t.field({ type: [CustomFieldValueInput] }),
  tagIds: t.idList({ description: 'Replaces the tags.' }),
  isActive: t.boolean({ description: "Open in the viewing agent's active work area." }),
});

const CreateConversationInput = builder.inputType('CreateConversationInput', {
  fields: (t) => ({
    subject: t.string({ required: true }),
    channel: t.string({ required: true, description: 'portal, email, chat, offlineMessage, facebookMessenger, facebookWallPost, Tweet, ...' }),
    ...conversationFields(t),
    message: t.field({ type: ConversationMessageInput, required: true, description: 'The first message.' }),
  }),
});

const UpdateConversationInput = builder.inputType('UpdateConversationInput', {
  fields: (t) => ({
    subject: t.string(),
    ...conversationFields(t),
    isRead: t.boolean({ description: 'For the viewing agent only.' }),
  }),
});

const BatchUpdateConversationsInput = builder.inputType('BatchUpdateConversationsInput', {
  fields: (t) => ({
    status: t.field({ type: ConversationStatusEnum }),
    priority: t.field({ type: ConversationPriorityEnum }),
    assignedAgentId: t.id(),
    assignedDepartmentId: t.id(),
    isRead: t.boolean(),
  }),
});

const ConversationDraftInput = builder.inputType('ConversationDraftInput', {
  fields: (t) => ({
    type: t.field({ type: ReplyMessageTypeEnum }),
    ...messageFields(t),
  }),
});

const ConversationConditionInput = builder.inputType('ConversationConditionInput', {
  fields: (t) => ({
    field: t.string({ required: true, description: 'A system field name (subject, status, ...) or a custom field id or name.' }),
    matchType: t.string({ required: true, description: 'contains, notContains, is, isNot, isMoreThan, isLessThan, before, after' }),
    value: t.string(),
  }),
});

const ConversationFilterInput = builder.inputType('ConversationFilterInput', {
  fields: (t) => ({
    filterId: t.id({ description: 'A stored filter, or a built-in view: all, mine, unassigned, mentions.' }),
    tagId: t.id(),
    keywords: t.string({ description: 'Full-text search in the subject and message texts.' }),
    timeFrom: t.string({ description: 'Last reply time from (ISO-8601); default 30 days before timeTo.' }),
    timeTo: t.string({ description: 'Last reply time to (ISO-8601); default now.' }),
    timeZoneOffset: t.float({ description: 'Hours east of UTC in which times without an offset are read.' }),
    conditions: t.field({ type: [ConversationConditionInput], description: 'All must match.' }),
  }),
});

const ConversationSortByEnum = builder.enumType('ConversationSortBy', { values: SORT_BY });
const ConversationSortOrderEnum = builder.enumType('ConversationSortOrder', { values: SORT_ORDERS });

// ─── Input mapping ─────────────────────────────────────────────────────────

type Raw = Record<string, any>;

function toFieldsInput(input: Raw): ConversationFieldsInput {
  const out: ConversationFieldsInput = { ...input } as ConversationFieldsInput;
  if ('assignedAgentId' in input) out.assignedAgentId = optionalIntId('Agent', input.assignedAgentId, 'assignedAgentId');
  if ('assignedDepartmentId' in input) out.assignedDepartmentId = optionalIntId('Department', input.assignedDepartmentId, 'assignedDepartmentId');
  if (input.tagIds) out.tagIds = (input.tagIds as string[]).map((id, i) => intId('Tag', id, `tagIds[${i}]`));
  return out;
}

function toMessageInput(input: Raw): MessageInput {
  return {
    ...input,
    type: input.type,
    mentionedAgentIds: input.mentionedAgentIds?.map((id: string, i: number) => intId('Agent', id, `mentionedAgentIds[${i}]`)),
  } as MessageInput;
}

function toFilter(filter: Raw | null | undefined): ConversationListFilter {
  if (!filter) return {};
  return { ...filter, tagId: optionalIntId('Tag', filter.tagId, 'tagId') } as ConversationListFilter;
}

function idList(ids: readonly (string | number)[]) {
  return ids.map((id, i) => intId('Conversation', id, `ids[${i}]`));
}

async function listConnection(ctx: GraphQLContext, info: GraphQLResolveInfo, args: PageArgs, filter: ConversationListFilter, deleted: boolean, sortBy?: string | null, sortOrder?: string | null) {
  if ((args.first ?? 0) > MAX_LIST_PAGE) throw invalidField('first', `must be at most ${MAX_LIST_PAGE}`);
  if ((args.last ?? 0) > MAX_LIST_PAGE) throw invalidField('last', `must be at most ${MAX_LIST_PAGE}`);
  const where = await conversationListWhere(ctx, filter, deleted);
  const order = conversationOrderSql((sortBy ?? undefined) as never, (sortOrder ?? undefined) as never);
  return offsetConnection(args, {
    info,
    defaultSize: Math.min(ctx.config.pageSize, MAX_LIST_PAGE),
    count: () => countConversations(ctx, where),
    fetch: (offset, limit) => fetchConversationPage(ctx, where, order, offset, Math.min(limit, MAX_LIST_PAGE)),
  });
}

async function findConversation(ctx: GraphQLContext, rawId: string | number, deleted?: boolean): Promise<Conversation> {
  const id = intId('Conversation', rawId);
  // Through the read batch (typed SQL), not Prisma's query compiler: opening a conversation is the
  // console's second most frequent read, and its relations' loaders share the same tick.
  const row = await ctx.loader(conversationById).load(id);
  if (!row || (deleted === true && row.deletedTime === null)) throw notFound(deleted ? 'deleted conversation' : 'conversation', id);
  return row;
}

// ─── Unread counts ─────────────────────────────────────────────────────────

const FilterUnreadCountRef = builder
  .objectRef<{ filterId: string; unreadCount: number; unreadMentionedCount: number }>('ConversationFilterUnreadCount')
  .implement({
    fields: (t) => ({
      filterId: t.exposeString('filterId'),
      unreadCount: t.exposeInt('unreadCount', { description: "Conversations of the filter the viewing agent hasn't read." }),
      unreadMentionedCount: t.exposeInt('unreadMentionedCount', { description: '...of which the agent is @mentioned in.' }),
    }),
  });

const UnreadCountsRef = builder
  .objectRef<{ allCount: number; filters: { filterId: string; unreadCount: number; unreadMentionedCount: number }[] }>('ConversationUnreadCounts')
  .implement({
    fields: (t) => ({
      allCount: t.exposeInt('allCount', { description: 'All unread conversations (not deleted).' }),
      filters: t.field({ type: [FilterUnreadCountRef], resolve: (row) => row.filters }),
    }),
  });

// ─── Queries ───────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  conversations: t.connection(
    {
      type: ConversationRef,
      description: 'The agent console list (deleted conversations excluded); at most 50 per page.',
      authScopes: consoleAccess,
      args: {
        filter: t.arg({ type: ConversationFilterInput }),
        sortBy: t.arg({ type: ConversationSortByEnum, defaultValue: 'lastReplyTime' }),
        sortOrder: t.arg({ type: ConversationSortOrderEnum, defaultValue: 'descending' }),
        page: t.arg.int({ description: '1-based page number (REST pageIndex); an alternative to after/before.' }),
      },
      resolve: (_root, args, ctx, info) => listConnection(ctx, info, args, toFilter(args.filter), false, args.sortBy, args.sortOrder),
    },
    { fields: connectionFields },
  ),
  conversation: t.field({
    type: ConversationRef,
    description: 'A conversation by id (deleted ones too: see isDeleted, mergedIntoId).',
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findConversation(ctx, args.id),
  }),
  deletedConversations: t.connection(
    {
      type: ConversationRef,
      authScopes: consoleAccess,
      args: {
        keywords: t.arg.string(),
        timeFrom: t.arg.string(),
        timeTo: t.arg.string(),
        timeZoneOffset: t.arg.float(),
        page: t.arg.int(),
      },
      resolve: (_root, args, ctx, info) =>
        listConnection(ctx, info, args, { keywords: args.keywords, timeFrom: args.timeFrom, timeTo: args.timeTo, timeZoneOffset: args.timeZoneOffset }, true),
    },
    { fields: connectionFields },
  ),
  deletedConversation: t.field({
    type: ConversationRef,
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findConversation(ctx, args.id, true),
  }),
  conversationDraft: t.field({
    type: ConversationDraftRef,
    description: "The viewing agent's draft (404 when it has none).",
    authScopes: agentOnly,
    args: { conversationId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getDraft(ctx, intId('Conversation', args.conversationId, 'conversationId')),
  }),
  conversationUnreadCounts: t.field({
    type: UnreadCountsRef,
    description: "The viewing agent's unread conversations: all, and per filter (built-in views or stored filters).",
    authScopes: agentOnly,
    args: { filterIds: t.arg.idList({ required: true }) },
    resolve: (_root, args, ctx) => unreadCounts(ctx, args.filterIds.map(String)),
  }),
}));

// ─── Mutations ─────────────────────────────────────────────────────────────

builder.mutationFields((t) => ({
  createConversation: t.field({
    type: ConversationRef,
    authScopes: consoleAccess,
    args: { input: t.arg({ type: CreateConversationInput, required: true }) },
    resolve: (_root, args, ctx) => createConversation(ctx, { ...toFieldsInput(args.input), message: toMessageInput(args.input.message) }),
  }),
  updateConversation: t.field({
    type: ConversationRef,
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateConversationInput, required: true }) },
    resolve: (_root, args, ctx) => updateConversation(ctx, intId('Conversation', args.id), toFieldsInput(args.input)),
  }),
  updateConversations: t.field({
    type: [ConversationRef],
    description: 'Batch update: all or nothing.',
    authScopes: consoleAccess,
    args: { ids: t.arg.idList({ required: true }), input: t.arg({ type: BatchUpdateConversationsInput, required: true }) },
    resolve: (_root, args, ctx) => batchUpdateConversations(ctx, idList(args.ids), toFieldsInput(args.input)),
  }),
  replyConversation: t.field({
    type: MessageRef,
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: ConversationMessageInput, required: true }) },
    resolve: (_root, args, ctx) => replyConversation(ctx, intId('Conversation', args.id), toMessageInput(args.input)),
  }),
  markConversationRead: t.field({
    type: ConversationRef,
    authScopes: agentOnly,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => setConversationRead(ctx, intId('Conversation', args.id), true),
  }),
  markConversationUnread: t.field({
    type: ConversationRef,
    authScopes: agentOnly,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => setConversationRead(ctx, intId('Conversation', args.id), false),
  }),
  markMessageRead: t.field({
    type: MessageRef,
    authScopes: agentOnly,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => setMessageRead(ctx, uuidId('Message', String(args.id)), true),
  }),
  markMessageUnread: t.field({
    type: MessageRef,
    authScopes: agentOnly,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => setMessageRead(ctx, uuidId('Message', String(args.id)), false),
  }),
  deleteConversation: t.field({
    type: ConversationRef,
    description: 'Moves the conversation to the deleted conversations.',
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => (await deleteConversations(ctx, [intId('Conversation', args.id)]))[0]!,
  }),
  deleteConversations: t.field({
    type: [ConversationRef],
    description: 'Batch delete: all or nothing.',
    authScopes: consoleAccess,
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, args, ctx) => deleteConversations(ctx, idList(args.ids)),
  }),
  restoreConversation: t.field({
    type: ConversationRef,
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => restoreConversation(ctx, intId('Conversation', args.id)),
  }),
  deleteConversationPermanently: t.int({
    description: 'Deletes a conversation of the deleted conversations for good; returns its id.',
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => (await purgeConversation(ctx, intId('Conversation', args.id))).id,
  }),
  createConversationDraft: t.field({
    type: ConversationDraftRef,
    description: "Saves the viewing agent's draft (replacing one it already has).",
    authScopes: agentOnly,
    args: { conversationId: t.arg.id({ required: true }), input: t.arg({ type: ConversationDraftInput, required: true }) },
    resolve: (_root, args, ctx) => saveDraft(ctx, intId('Conversation', args.conversationId, 'conversationId'), toMessageInput(args.input) as DraftInput, 'create'),
  }),
  updateConversationDraft: t.field({
    type: ConversationDraftRef,
    description: "Changes the given fields of the viewing agent's draft (404 when it has none).",
    authScopes: agentOnly,
    args: { conversationId: t.arg.id({ required: true }), input: t.arg({ type: ConversationDraftInput, required: true }) },
    resolve: (_root, args, ctx) => saveDraft(ctx, intId('Conversation', args.conversationId, 'conversationId'), toMessageInput(args.input) as DraftInput, 'update'),
  }),
  deleteConversationDraft: t.field({
    type: ConversationDraftRef,
    authScopes: agentOnly,
    args: { conversationId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteDraft(ctx, intId('Conversation', args.conversationId, 'conversationId')),
  }),
  mergeConversation: t.field({
    type: ConversationRef,
    description: "Merges sourceId into id: the source's messages move here, the source goes to the deleted conversations.",
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true, description: 'The target.' }), sourceId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => mergeConversation(ctx, intId('Conversation', args.id), intId('Conversation', args.sourceId, 'sourceId')),
  }),
}));
