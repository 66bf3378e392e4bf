import { builder } from '../../graphql/builder.js';
import { intId } from '../../graphql/ids.js';
import {
  getPortalConversation,
  listPortalConversations,
  replyPortalConversation,
  setPortalStatus,
  setReadByContact,
  submitPortalConversation,
} from './service.js';
import { PortalConversationRef, PortalMessageRef } from './types.js';

export const PortalTextInput = builder.inputType('PortalTextInput', {
  fields: (t) => ({
    format: t.string({ description: 'plaintext (default) or html' }),
    content: t.string(),
  }),
});

export const PortalReplyInput = builder.inputType('PortalReplyInput', {
  fields: (t) => ({
    contactId: t.id({ description: 'Required for agents and portal integrations; a contact viewer always acts for itself.' }),
    text: t.field({ type: PortalTextInput }),
    attachmentIds: t.stringList({ description: 'Ids (guids) of attachments uploaded beforehand.' }),
  }),
});

/** Contacts (their own conversations), agents, and integrations with the `portal` scope. */
const portal = { portal: true } as const;
const contactIdHelp = 'The contact acted for (agents and portal integrations); ignored for a contact viewer, who always acts for itself.';

export const PortalMessageInput = builder.inputType('PortalMessageInput', {
  fields: (t) => ({
    text: t.field({ type: PortalTextInput }),
    attachmentIds: t.stringList({ description: 'Ids (guids) of attachments uploaded beforehand.' }),
  }),
});

export const PortalCustomFieldValueInput = builder.inputType('PortalCustomFieldValueInput', {
  fields: (t) => ({
    id: t.string({ description: 'The custom field id (or give its name).' }),
    name: t.string(),
    value: t.string(),
  }),
});

export const SubmitPortalConversationInput = builder.inputType('SubmitPortalConversationInput', {
  fields: (t) => ({
    subject: t.string({ description: 'Required.' }),
    contactId: t.id({ description: 'Required for agents and portal integrations; a contact viewer always submits as itself.' }),
    customFields: t.field({ type: [PortalCustomFieldValueInput] }),
    message: t.field({ type: PortalMessageInput, description: 'The first message: text and/or attachments. Required.' }),
  }),
});

builder.queryFields((t) => ({
  portalConversation: t.field({
    type: PortalConversationRef,
    authScopes: portal,
    args: { id: t.arg.id({ required: true }), contactId: t.arg.id({ description: contactIdHelp }) },
    resolve: (_root, args, ctx) => getPortalConversation(ctx, intId('Conversation', args.id), args.contactId as string | null | undefined),
  }),
  portalConversations: t.field({
    type: [PortalConversationRef],
    description: 'Portal conversations of the given contacts, newest first. A contact viewer gets its own.',
    authScopes: portal,
    args: { contactIds: t.arg.idList({ description: 'Required for agents and integrations.' }) },
    resolve: (_root, args, ctx) => listPortalConversations(ctx, args.contactIds),
  }),
}));

builder.mutationFields((t) => ({
  submitPortalConversation: t.field({
    type: PortalConversationRef,
    description: 'A contact submits a new conversation (channel portal, status new) with its first message.',
    authScopes: portal,
    args: { input: t.arg({ type: SubmitPortalConversationInput, required: true }) },
    resolve: (_root, args, ctx) => submitPortalConversation(ctx, args.input as never),
  }),
  closePortalConversation: t.field({
    type: PortalConversationRef,
    description: 'The contact closes its conversation (status closed for agents).',
    authScopes: portal,
    args: { id: t.arg.id({ required: true }), contactId: t.arg.id({ description: contactIdHelp }) },
    resolve: (_root, args, ctx) => setPortalStatus(ctx, intId('Conversation', args.id), args.contactId as string | null | undefined, true),
  }),
  reopenPortalConversation: t.field({
    type: PortalConversationRef,
    description: 'The contact reopens its conversation (status new for agents).',
    authScopes: portal,
    args: { id: t.arg.id({ required: true }), contactId: t.arg.id({ description: contactIdHelp }) },
    resolve: (_root, args, ctx) => setPortalStatus(ctx, intId('Conversation', args.id), args.contactId as string | null | undefined, false),
  }),
  replyPortalConversation: t.field({
    type: PortalMessageRef,
    description: 'The contact replies (409 while the conversation is closed).',
    authScopes: portal,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: PortalReplyInput, required: true }) },
    resolve: (_root, args, ctx) => replyPortalConversation(ctx, intId('Conversation', args.id), args.input),
  }),
  markPortalConversationRead: t.field({
    type: PortalConversationRef,
    description: 'The contact has read the conversation (agents see isReadByContact = true).',
    authScopes: portal,
    args: { id: t.arg.id({ required: true }), contactId: t.arg.id({ description: contactIdHelp }) },
    resolve: (_root, args, ctx) => setReadByContact(ctx, intId('Conversation', args.id), args.contactId as string | null | undefined, true),
  }),
  markPortalConversationUnread: t.field({
    type: PortalConversationRef,
    authScopes: portal,
    args: { id: t.arg.id({ required: true }), contactId: t.arg.id({ description: contactIdHelp }) },
    resolve: (_root, args, ctx) => setReadByContact(ctx, intId('Conversation', args.id), args.contactId as string | null | undefined, false),
  }),
}));
