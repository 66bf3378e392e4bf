/**
 * Portal rules. The portal writes to the same conversations and messages the agent console
 * shows; conversation bookkeeping (last message, replied-by, unread flags, events) is the
 * conversations module's, and is called here, never repeated.
 */
import type { Conversation, Message } from '../../generated/prisma/client.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { conflict, invalidField } from '../../graphql/errors.js';
import { actingAsContact } from '../attachments/service.js';
import { addMessage, type Sender } from '../conversations/messages-service.js';
import { createConversationTx, setConversationStatusTx, type CustomFieldInput } from '../conversations/service.js';
import { actingContact, findPortalConversation, listedContacts, portalWhere } from './access.js';

export async function listPortalConversations(ctx: ServiceContext, contactIds: readonly (string | number)[] | null | undefined): Promise<Conversation[]> {
  const ids = listedContacts(ctx.viewer, contactIds);
  return ctx.prisma.conversation.findMany({ where: { ...portalWhere, contactId: { in: ids } }, orderBy: { id: 'desc' } });
}

export async function getPortalConversation(ctx: ServiceContext, id: number, contactId: string | null | undefined): Promise<Conversation> {
  return (await findPortalConversation(ctx.prisma, ctx.viewer, id, contactId)).conversation;
}

/** The contact marks its conversation read or unread (the agent side shows it as `isReadByContact`). */
export async function setReadByContact(ctx: ServiceContext, id: number, contactId: string | null | undefined, isRead: boolean): Promise<Conversation> {
  return inTransaction(ctx, async (tx, emit) => {
    const { conversation } = await findPortalConversation(tx, ctx.viewer, id, contactId);
    if (conversation.isReadByContact === isRead) return conversation;
    const updated = await tx.conversation.update({ where: { id }, data: { isReadByContact: isRead } });
    emit({ type: 'conversation.contactReadStateChanged', conversationId: id, payload: { contactId: conversation.contactId, isRead } });
    return updated;
  });
}

/**
 * The contact closes (`closed`) or reopens (`new`) its conversation: the status agents see.
 * Closing a closed conversation (or reopening an open one) changes nothing and is not an error.
 */
export async function setPortalStatus(ctx: ServiceContext, id: number, contactId: string | null | undefined, close: boolean): Promise<Conversation> {
  return inTransaction(ctx, async (tx, emit) => {
    const { conversation } = await findPortalConversation(tx, ctx.viewer, id, contactId, { required: true });
    // Closing a closed conversation (or reopening an open one) is not an error.
    if ((conversation.status === 'closed') === close) return conversation;
    const updated = await setConversationStatusTx(tx, emit, conversation, close ? 'closed' : 'new', {
      by: 'contact',
      contactId: conversation.contactId,
    });
    return updated;
  });
}

export interface PortalTextInput {
  format?: string | null;
  content?: string | null;
}

export interface PortalMessageInput {
  text?: PortalTextInput | null;
  /** Uploaded attachment ids (REST callers may send the documented attachment objects). */
  attachmentIds?: readonly unknown[] | null;
}

/** Portal messages are written by the contact, whoever carries them (the contact, an agent or a portal integration). */
export const contactSender = (contactId: number): Sender => ({ type: 'contact', id: String(contactId), directType: 'receive' });

/** Writes a contact's message through the conversations module (which keeps the bookkeeping). */
export function addPortalMessage(tx: Tx, emit: Parameters<typeof addMessage>[1], ctx: ServiceContext, conversationId: number, contactId: number, input: PortalMessageInput, field: string) {
  return addMessage(
    tx,
    emit,
    { viewer: actingAsContact(ctx.viewer, contactId), config: ctx.config },
    { id: conversationId },
    { type: 'reply', text: input.text ?? null, attachments: input.attachmentIds ?? [] },
    { sender: contactSender(contactId), field },
  );
}

/** The contact replies. A closed conversation takes no replies until it is reopened (409). */
export async function replyPortalConversation(
  ctx: ServiceContext,
  id: number,
  input: PortalMessageInput & { contactId?: string | null },
): Promise<Message> {
  return inTransaction(ctx, async (tx, emit) => {
    // Lock the conversation so that a concurrent close cannot slip between the check and the insert.
    await tx.$executeRaw`SELECT 1 FROM "Conversation" WHERE id = ${id} FOR UPDATE`;
    const { conversation, contactId } = await findPortalConversation(tx, ctx.viewer, id, input.contactId, { required: true });
    if (conversation.status === 'closed') throw conflict(`portal conversation ${id} is closed; reopen it to reply`);
    return addPortalMessage(tx, emit, ctx, id, contactId, input, 'reply');
  });
}

export interface SubmitPortalConversationInput {
  subject?: string | null;
  contactId?: string | null;
  customFields?: readonly CustomFieldInput[] | null;
  message?: PortalMessageInput | null;
}

/**
 * A contact submits a new portal conversation with its first message. This is the console's
 * conversation creation (same validation, custom fields, events), done as the contact: agents see
 * a `portal` conversation with status new, created by the contact, the message from the contact.
 */
export async function submitPortalConversation(ctx: ServiceContext, input: SubmitPortalConversationInput): Promise<Conversation> {
  const contactId = actingContact(ctx.viewer, input.contactId, { required: true })!;
  const message = input.message;
  if (message !== undefined && message !== null && (typeof message !== 'object' || Array.isArray(message))) throw invalidField('message', 'must be an object');
  return inTransaction(ctx, (tx, emit) =>
    createConversationTx(tx, emit, { viewer: actingAsContact(ctx.viewer, contactId), config: ctx.config }, {
      subject: typeof input.subject === 'string' ? input.subject : input.subject === undefined || input.subject === null ? null : String(input.subject),
      channel: 'portal',
      status: 'new',
      customFields: input.customFields ?? null,
      message: message ? { type: 'reply', text: message.text ?? null, attachments: message.attachmentIds ?? [] } : null,
    }),
  );
}
