/**
 * Conversation drafts: one per agent per conversation (agents never see or overwrite each
 * other's drafts). Drafts belong to agents, so only agent viewers have them.
 *
 * Domain events: draft.saved { agentId, draftId }, draft.deleted { agentId, draftId }.
 */
import type { Draft, MessageType } from '../../generated/prisma/client.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { conflict, forbidden, invalidField, notFound } from '../../graphql/errors.js';
import { checkAttachments } from '../attachments/service.js';
import { REPLY_TYPES } from './messages-service.js';
import { toStoredTexts, type TextInput } from './text.js';

export interface DraftInput {
  type?: string | null;
  accountId?: string | null;
  contactIdentityId?: string | null;
  parentId?: string | null;
  quoteTweetId?: string | null;
  text?: TextInput | null;
  texts?: readonly TextInput[] | null;
  quote?: string | null;
  subject?: string | null;
  cc?: string | null;
  attachments?: readonly unknown[] | null;
  mentionedAgentIds?: readonly (number | string)[] | null;
}

const STRING_FIELDS = ['accountId', 'contactIdentityId', 'parentId', 'quoteTweetId', 'quote', 'subject', 'cc'] as const;

function draftAgent(ctx: ServiceContext): number {
  if (ctx.viewer.kind !== 'agent') throw forbidden('Drafts belong to agents');
  return ctx.viewer.agentId;
}

async function editableConversation(tx: Tx, id: number) {
  const conversation = await tx.conversation.findUnique({ where: { id }, select: { id: true, deletedTime: true } });
  if (!conversation) throw notFound('conversation', id);
  if (conversation.deletedTime !== null) throw conflict(`Conversation ${id} is deleted; drafts cannot be saved on it`);
  return conversation;
}

export async function getDraft(ctx: ServiceContext, conversationId: number): Promise<Draft> {
  const agentId = draftAgent(ctx);
  const draft = await ctx.prisma.draft.findUnique({ where: { conversationId_agentId: { conversationId, agentId } } });
  if (draft) return draft;
  if (!(await ctx.prisma.conversation.findUnique({ where: { id: conversationId }, select: { id: true } }))) throw notFound('conversation', conversationId);
  throw notFound('draft of conversation', conversationId);
}

/**
 * Saves the viewer's draft. `create` replaces any draft the agent already has there (a client
 * autosaving twice must not fail); `update` changes only the fields given and 404s without a draft.
 */
export function saveDraft(ctx: ServiceContext, conversationId: number, input: DraftInput, mode: 'create' | 'update') {
  const agentId = draftAgent(ctx);
  const data: Record<string, unknown> = {};
  if (input.type !== undefined && input.type !== null) {
    if (!REPLY_TYPES.includes(input.type as MessageType)) throw invalidField('type', `must be one of ${REPLY_TYPES.join(', ')}, got ${JSON.stringify(input.type)}`);
    data.type = input.type;
  }
  for (const name of STRING_FIELDS) {
    const value = input[name];
    if (value === undefined) continue;
    if (value !== null && (typeof value !== 'string' || value.length > 100_000)) throw invalidField(name, 'must be a string');
    data[name] = value;
  }
  if (input.text !== undefined || input.texts !== undefined) {
    data.texts = toStoredTexts([...(input.text ? [input.text] : []), ...(input.texts ?? [])], 'text');
  }
  if (input.mentionedAgentIds !== undefined) {
    data.mentionedAgentIds = (input.mentionedAgentIds ?? []).map((value, index) => {
      if (!/^\d+$/.test(String(value)) || Number(value) > 2147483647) throw invalidField(`mentionedAgentIds[${index}]`, 'must be an agent id');
      return Number(value);
    });
  }
  return inTransaction(ctx, async (tx, emit) => {
    await editableConversation(tx, conversationId);
    if (input.attachments !== undefined) {
      data.attachmentIds = await checkAttachments(tx, { attachmentIds: input.attachments ?? [], conversationId });
    }
    const ids = (data.mentionedAgentIds as number[] | undefined) ?? [];
    if (ids.length) {
      const found = new Set((await tx.agent.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((a) => a.id));
      const missing = ids.find((id) => !found.has(id));
      if (missing !== undefined) throw notFound('agent', missing);
    }
    const key = { conversationId_agentId: { conversationId, agentId } };
    const now = new Date();
    let draft: Draft;
    if (mode === 'update') {
      if (!(await tx.draft.findUnique({ where: key, select: { id: true } }))) throw notFound('draft of conversation', conversationId);
      draft = await tx.draft.update({ where: key, data: { ...data, time: now } });
    } else {
      const full = {
        type: 'reply', accountId: null, contactIdentityId: null, parentId: null, quoteTweetId: null, texts: [], quote: null,
        subject: null, cc: null, mentionedAgentIds: [], attachmentIds: [], ...data, time: now,
      };
      draft = await tx.draft.upsert({ where: key, create: { conversationId, agentId, ...full } as never, update: full as never });
    }
    emit({ type: 'draft.saved', conversationId, payload: { agentId, draftId: draft.id } });
    return draft;
  });
}

export function deleteDraft(ctx: ServiceContext, conversationId: number) {
  const agentId = draftAgent(ctx);
  return inTransaction(ctx, async (tx, emit) => {
    const draft = await tx.draft.findUnique({ where: { conversationId_agentId: { conversationId, agentId } } });
    if (!draft) {
      if (!(await tx.conversation.findUnique({ where: { id: conversationId }, select: { id: true } }))) throw notFound('conversation', conversationId);
      throw notFound('draft of conversation', conversationId);
    }
    await tx.draft.delete({ where: { id: draft.id } });
    emit({ type: 'draft.deleted', conversationId, payload: { agentId, draftId: draft.id } });
    return draft;
  });
}
