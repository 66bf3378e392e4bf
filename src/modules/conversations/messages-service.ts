/**
 * Writing messages: the one function every message goes through (agent console replies, the
 * first message of a new conversation, portal submit and contact replies). It keeps the
 * conversation's bookkeeping true and emits `message.added`.
 *
 * Exported for other modules (portal): `addMessage(tx, emit, { viewer, config }, conversation, input)`;
 * the limits it applies (attachments per conversation) come from that `config`, never from module state.
 *
 * Domain events emitted here (payloads kept small; consumers reload what they need):
 *  - message.added      { messageId, type, senderType, senderId }
 *  - agent.mentioned    { agentId, messageId }                  one per mentioned agent
 */
import { randomUUID } from 'node:crypto';
import type { Conversation, Message, MessageType } from '../../generated/prisma/client.js';
import type { Viewer } from '../../auth/viewer.js';
import type { Emit, ServiceContext, Tx } from '../../engine/write.js';
import { forbidden, invalidField, notFound } from '../../graphql/errors.js';
import { claimAttachments, attachmentIdsFrom } from '../attachments/service.js';
import { applySla } from '../sla-policies/clocks.js';
import { mentionedIdsInHtml, plainTextOf, previewOf, toStoredTexts, type TextInput } from './text.js';

export const MESSAGE_TYPES: readonly MessageType[] = ['note', 'email', 'reply', 'socialMessage', 'chat', 'offlineMessage'];
/** The types an agent (or integration) may write through the console: the spec's reply types. */
export const REPLY_TYPES: readonly MessageType[] = ['note', 'email', 'reply', 'socialMessage'];

export interface MessageInput {
  type: MessageType | string;
  /** The documented single text; `texts` is accepted too (several parts). */
  text?: TextInput | null;
  texts?: readonly TextInput[] | null;
  subject?: string | null;
  from?: string | null;
  cc?: string | null;
  quote?: string | null;
  accountId?: string | null;
  contactIdentityId?: string | null;
  parentId?: string | null;
  quoteTweetId?: string | null;
  originalMessageId?: string | null;
  originalMessageLink?: string | null;
  /** Uploaded attachments: ids or `{ id }` objects (claimed by this message). */
  attachments?: readonly unknown[] | null;
  /** Notes only: agents to @mention (in addition to `<span data-id=.. class="athighlight">` in HTML). */
  mentionedAgentIds?: readonly (number | string)[] | null;
  /** agentConsole, helpDesk, webForm, API, chat, offlineMessage; defaults from the viewer. */
  source?: string | null;
  /** Integrations only: write the message as this agent (or contact) instead of as "system". */
  sendByType?: string | null;
  sendById?: string | number | null;
}

export interface Sender {
  type: 'agent' | 'contact' | 'system';
  id: string | null;
  /** `send` from the agent side, `receive` from the contact. */
  directType: 'send' | 'receive';
}

const SHORT_FIELDS = ['subject', 'from', 'cc', 'accountId', 'contactIdentityId', 'parentId', 'quoteTweetId', 'originalMessageId', 'originalMessageLink', 'source'] as const;
const SOURCES = ['agentConsole', 'helpDesk', 'webForm', 'API', 'chat', 'offlineMessage'];

/**
 * Who a message is from. Agents write as themselves (sendById naming another agent is refused),
 * contacts as themselves; integrations as system unless they name an agent or contact with
 * sendByType/sendById (e.g. an email integration delivering a customer's mail).
 */
export async function resolveSender(tx: Tx, viewer: Viewer, input: Pick<MessageInput, 'sendByType' | 'sendById'>): Promise<Sender> {
  const hasSendBy = (input.sendByType ?? null) !== null || (input.sendById ?? null) !== null;
  if (viewer.kind === 'contact') return { type: 'contact', id: String(viewer.contactId), directType: 'receive' };
  if (viewer.kind === 'agent') {
    if (hasSendBy && !(input.sendByType === 'agent' && String(input.sendById) === String(viewer.agentId))) {
      throw forbidden('Agents send messages as themselves; sendByType/sendById are for integrations');
    }
    return { type: 'agent', id: String(viewer.agentId), directType: 'send' };
  }
  // Automation rules write as the system, like an integration naming no sender.
  if (viewer.kind === 'automation' && !hasSendBy) return { type: 'system', id: null, directType: 'send' };
  if (viewer.kind !== 'integration' && viewer.kind !== 'automation') throw forbidden();
  if (!hasSendBy) return { type: 'system', id: null, directType: 'send' };
  if (input.sendByType !== 'agent' && input.sendByType !== 'contact') {
    throw invalidField('sendByType', `must be agent or contact, got ${JSON.stringify(input.sendByType)}`);
  }
  const raw = String(input.sendById ?? '');
  if (!/^\d+$/.test(raw) || Number(raw) > 2147483647) throw invalidField('sendById', `must be an ${input.sendByType} id, got ${JSON.stringify(input.sendById)}`);
  const id = Number(raw);
  const exists =
    input.sendByType === 'agent'
      ? await tx.agent.findUnique({ where: { id }, select: { id: true } })
      : await tx.contact.findUnique({ where: { id }, select: { id: true } });
  if (!exists) throw notFound(input.sendByType, id);
  return input.sendByType === 'agent'
    ? { type: 'agent', id: raw, directType: 'send' }
    : { type: 'contact', id: raw, directType: 'receive' };
}

/** Checks a message input without touching the database (400 naming the field, prefixed with `field.`). */
export function validateMessageInput(input: MessageInput, field = 'message') {
  if (!input || typeof input !== 'object') throw invalidField(field || 'message', 'is required');
  // Error messages name fields as the caller sent them: `message.text` inside a new conversation, `text` in a reply.
  const prefix = field ? `${field}.` : '';
  if (!MESSAGE_TYPES.includes(input.type as MessageType)) {
    throw invalidField(`${prefix}type`, `must be one of ${MESSAGE_TYPES.join(', ')}, got ${JSON.stringify(input.type)}`);
  }
  for (const name of SHORT_FIELDS) {
    const value = input[name];
    if (value !== undefined && value !== null && (typeof value !== 'string' || value.length > 2000)) {
      throw invalidField(`${prefix}${name}`, 'must be a string of at most 2000 characters');
    }
  }
  if (input.quote !== undefined && input.quote !== null && typeof input.quote !== 'string') throw invalidField(`${prefix}quote`, 'must be a string');
  if (input.source && !SOURCES.includes(input.source)) throw invalidField(`${prefix}source`, `must be one of ${SOURCES.join(', ')}`);
  const texts = toStoredTexts([...(input.text ? [input.text] : []), ...(input.texts ?? [])], `${prefix}text`);
  const attachmentIds = attachmentIdsFrom(input.attachments ?? [], `${prefix}attachments`);
  if (texts.every((text) => text.content.trim() === '') && attachmentIds.length === 0) {
    throw invalidField(`${prefix}text`, 'is required (a message needs text or attachments)');
  }
  const mentionIds = (input.mentionedAgentIds ?? []).map((value, index) => {
    const raw = String(value);
    if (!/^\d+$/.test(raw) || Number(raw) > 2147483647) throw invalidField(`${prefix}mentionedAgentIds[${index}]`, `must be an agent id, got ${JSON.stringify(value)}`);
    return Number(raw);
  });
  if (mentionIds.length && input.type !== 'note') throw invalidField(`${prefix}mentionedAgentIds`, 'is only for notes');
  return { texts, attachmentIds, mentionIds };
}

/** The agent ids a note mentions: listed ones must exist (404); ones found in HTML are kept if they exist. */
async function resolveMentions(tx: Tx, listed: number[], inHtml: number[]): Promise<number[]> {
  const wanted = [...new Set([...listed, ...inHtml])];
  if (wanted.length === 0) return [];
  const found = new Set((await tx.agent.findMany({ where: { id: { in: wanted } }, select: { id: true } })).map((a) => a.id));
  const missing = listed.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound('agent', missing);
  return wanted.filter((id) => found.has(id));
}

/**
 * Inserts a message into `conversation` inside the caller's transaction and keeps the
 * conversation true: lastMessage, lastActivityTime, lastRepliedTime/By (not for notes, which the
 * contact never sees), isReadByContact, and per-agent read state (read for the sending agent,
 * unread for every other agent). Claims attachments, records mentions, emits events.
 * The caller checks that the conversation may take messages (not deleted / merged).
 */
/** Who writes a message, and the gateway config whose limits apply to it. */
export type MessageWriter = Pick<ServiceContext, 'viewer' | 'config'>;

export async function addMessage(
  tx: Tx,
  emit: Emit,
  writer: MessageWriter,
  conversation: Pick<Conversation, 'id'>,
  input: MessageInput,
  options: { sender?: Sender; time?: Date; field?: string; /** The creating transaction computes the SLA itself, once, after routing and allocation. */ skipSla?: boolean } = {},
): Promise<Message> {
  const { viewer, config } = writer;
  const { texts, attachmentIds, mentionIds } = validateMessageInput(input, options.field ?? 'message');
  const sender = options.sender ?? (await resolveSender(tx, viewer, input));
  const type = input.type as MessageType;
  const mentioned = type === 'note' ? await resolveMentions(tx, mentionIds, mentionedIdsInHtml(texts)) : [];
  const plainText = plainTextOf(texts);
  const time = options.time ?? new Date();
  const id = randomUUID();

  const message = await tx.message.create({
    data: {
      id,
      conversationId: conversation.id,
      type,
      directType: sender.directType,
      accountId: input.accountId ?? null,
      contactIdentityId: input.contactIdentityId ?? null,
      source: input.source ?? (sender.type === 'contact' ? 'helpDesk' : viewer.kind === 'agent' ? 'agentConsole' : 'API'),
      originalMessageId: input.originalMessageId ?? null,
      originalMessageLink: input.originalMessageLink ?? null,
      parentId: input.parentId ?? null,
      quoteTweetId: input.quoteTweetId ?? null,
      texts: texts as never,
      plainText,
      quote: input.quote ?? null,
      subject: input.subject ?? null,
      from: input.from ?? null,
      cc: input.cc ?? null,
      mentionedAgentIds: mentioned,
      senderId: sender.id,
      senderType: sender.type,
      time,
    },
  });
  if (attachmentIds.length) {
    await claimAttachments(tx, {
      attachmentIds,
      conversationId: conversation.id,
      messageId: id,
      maxConversationBytes: config.attachmentMaxConversationBytes,
      viewer: viewer.kind === 'contact' ? viewer : undefined,
    });
  }

  const isReply = type !== 'note';
  await tx.conversation.update({
    where: { id: conversation.id },
    data: {
      lastActivityTime: time,
      lastMessage: previewOf(plainText),
      ...(isReply
        ? {
            lastRepliedTime: time,
            lastRepliedById: sender.id,
            lastRepliedByType: sender.type,
            isReadByContact: sender.type === 'contact',
          }
        : {}),
    },
  });

  // Read state: the sending agent has read it; everyone else has something new.
  const senderAgentId = sender.type === 'agent' ? Number(sender.id) : null;
  await tx.conversationAgentState.updateMany({
    where: { conversationId: conversation.id, isRead: true, ...(senderAgentId !== null ? { agentId: { not: senderAgentId } } : {}) },
    data: { isRead: false },
  });
  if (senderAgentId !== null) {
    await tx.conversationAgentState.upsert({
      where: { conversationId_agentId: { conversationId: conversation.id, agentId: senderAgentId } },
      create: { conversationId: conversation.id, agentId: senderAgentId, isRead: true },
      update: { isRead: true },
    });
    await tx.messageRead.create({ data: { messageId: id, agentId: senderAgentId, isRead: true } });
  }
  if (mentioned.length) {
    await tx.mention.createMany({
      data: mentioned.map((agentId) => ({ conversationId: conversation.id, messageId: id, agentId, isRead: agentId === senderAgentId, createdTime: time })),
    });
  }

  // SLA clocks move with messages (first/next response), in this transaction.
  if (!options.skipSla) await applySla(tx, conversation.id);
  emit({ type: 'message.added', conversationId: conversation.id, payload: { messageId: id, type, senderType: sender.type, senderId: sender.id } });
  for (const agentId of mentioned) emit({ type: 'agent.mentioned', conversationId: conversation.id, payload: { agentId, messageId: id } });
  return message;
}
