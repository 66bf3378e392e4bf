/**
 * Conversation writes for the agent console: create (with its first message), update, batch
 * update, per-agent read state, soft delete / restore / permanent delete, merge.
 * One transaction per write (`inTransaction`); every write emits domain events.
 *
 * Domain events (payloads kept small; `conversationId` is on the event itself):
 *  - conversation.created         { channel, status, priority, assignedAgentId, assignedDepartmentId, contactId, createdByType, createdById }
 *  - conversation.updated         { fields: string[] }                 names of the fields that changed
 *  - conversation.statusChanged   { from, to, at }                     (reports and SLA clocks read status history from these; `at` = the row's lastStatusChangeTime)
 *  - conversation.assigneeChanged { from: { agentId, departmentId }, to: { agentId, departmentId } }
 *  - conversation.readStateChanged{ agentId, isRead }                 one agent's own read flag
 *    (the contact's is conversation.contactReadStateChanged { contactId, isRead }, portal/service.ts)
 *  - message.readStateChanged     { messageId, agentId, isRead }
 *  - conversation.deleted         { mergedIntoId? }                    soft delete (or merged away)
 *  - conversation.restored        {}
 *  - conversation.purged          {}                                    deleted permanently
 *  - conversation.merged          { sourceId, targetId, messageCount } on the target
 *  - message.added / agent.mentioned: see messages-service.ts
 */
import { queueReplyEmail } from '../email/service.js';
import '../email/jobs.js';
import type { Conversation, ConversationPriority, ConversationStatus, Prisma } from '../../generated/prisma/client.js';
import { partyOf, type Viewer } from '../../auth/viewer.js';
import { loadConditionSubjects, type ConditionMessage } from '../../engine/conditions/index.js';
import { routeConversation } from '../routing-rules/service.js';
import { applySla } from '../sla-policies/clocks.js';
import { allocateNewConversation } from '../auto-allocation/allocate.js';
import { inTransaction, type Emit, type ServiceContext, type Tx } from '../../engine/write.js';
import { conflict, forbidden, invalidField, notFound } from '../../graphql/errors.js';
import { enqueueFileDeletion } from '../attachments/service.js';
import { writeCustomFieldValues, type CustomFieldValueInput } from '../fields/service.js';
import { addMessage, REPLY_TYPES, resolveSender, validateMessageInput, type MessageInput, type MessageWriter } from './messages-service.js';
import { plainTextOf } from './text.js';

export const STATUSES: readonly ConversationStatus[] = ['new', 'pendingInternal', 'pendingExternal', 'onHold', 'closed'];
export const PRIORITIES: readonly ConversationPriority[] = ['urgent', 'high', 'normal', 'low'];
export const RELATED_TYPES = ['contact', 'visitor', 'agent'] as const;

/**
 * Who may use the agent console endpoints: agents, and integrations (OAuth clients) holding the
 * `api` scope (server-to-server tools: ticket importers, CRM sync). Contacts never (they use the portal).
 */
/** Agents, integrations with the `api` scope, and automation rules (the system acting inside the engine). */
export const canUseConsole = (viewer: Viewer) =>
  viewer.kind === 'agent' || viewer.kind === 'automation' || (viewer.kind === 'integration' && viewer.scopes.includes('api'));

/** A deleted or merged conversation is read-only: it can be restored or purged, not edited. */
export const isEditableBy = (viewer: Viewer, conversation: Pick<Conversation, 'deletedTime' | 'mergedIntoId'>) =>
  canUseConsole(viewer) && conversation.deletedTime === null && conversation.mergedIntoId === null;

export const viewerAgentId = (viewer: Viewer) => (viewer.kind === 'agent' ? viewer.agentId : null);


/** Kept for callers written before the fields module owned custom field values. */
export type CustomFieldInput = CustomFieldValueInput;

export interface ConversationFieldsInput {
  subject?: string | null;
  channel?: string | null;
  relatedType?: string | null;
  relatedId?: string | number | null;
  assignedAgentId?: number | null;
  assignedDepartmentId?: number | null;
  priority?: string | null;
  status?: string | null;
  receivedBy?: string | null;
  originalId?: string | null;
  originalLink?: string | null;
  customFields?: readonly CustomFieldValueInput[] | null;
  tagIds?: readonly number[] | null;
  /** Per viewer (agent) state. */
  isRead?: boolean | null;
  isActive?: boolean | null;
}

export interface CreateConversationInput extends ConversationFieldsInput {
  message?: MessageInput | null;
}

// ─── Validation ────────────────────────────────────────────────────────────

function text(value: unknown, field: string, max = 1000): string {
  if (typeof value !== 'string') throw invalidField(field, 'must be a string');
  if (value.length > max) throw invalidField(field, `must be at most ${max} characters`);
  return value;
}

interface ResolvedFields {
  data: Prisma.ConversationUncheckedUpdateInput;
  tagIds?: number[];
}

/**
 * Validates the conversation fields of a create or update (400 naming the field; 404 for ids of
 * agents, departments, contacts, tags or fields that do not exist). Reads only; writes nothing.
 */
async function resolveFields(tx: Tx, input: ConversationFieldsInput, existing: Conversation | null): Promise<ResolvedFields> {
  const data: Prisma.ConversationUncheckedUpdateInput = {};
  const creating = existing === null;
  if (creating || input.subject !== undefined) {
    const subject = input.subject === null || input.subject === undefined ? '' : text(input.subject, 'subject').trim();
    if (!subject) throw invalidField('subject', 'is required');
    data.subject = subject;
  }
  if (creating) {
    const channel = input.channel === null || input.channel === undefined ? '' : text(input.channel, 'channel', 100).trim();
    if (!channel) throw invalidField('channel', 'is required');
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(channel)) throw invalidField('channel', `must be a channel name such as portal, email or chat, got ${JSON.stringify(input.channel)}`);
    // The documented spelling is offlineMessage; the list of channels also says offlinemessage.
    data.channel = channel === 'offlinemessage' ? 'offlineMessage' : channel;
  }
  if (input.priority !== undefined && input.priority !== null) {
    if (!PRIORITIES.includes(input.priority as ConversationPriority)) throw invalidField('priority', `must be one of ${PRIORITIES.join(', ')}, got ${JSON.stringify(input.priority)}`);
    data.priority = input.priority as ConversationPriority;
  }
  if (input.status !== undefined && input.status !== null) {
    if (!STATUSES.includes(input.status as ConversationStatus)) throw invalidField('status', `must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(input.status)}`);
    data.status = input.status as ConversationStatus;
  }
  for (const name of ['receivedBy', 'originalId', 'originalLink'] as const) {
    if (input[name] !== undefined) data[name] = input[name] === null ? null : text(input[name], name, 2000);
  }
  if (input.assignedAgentId !== undefined) {
    if (input.assignedAgentId !== null && !(await tx.agent.findUnique({ where: { id: input.assignedAgentId }, select: { id: true } }))) {
      throw notFound('agent', input.assignedAgentId);
    }
    data.assignedAgentId = input.assignedAgentId;
  }
  if (input.assignedDepartmentId !== undefined) {
    if (input.assignedDepartmentId !== null && !(await tx.department.findUnique({ where: { id: input.assignedDepartmentId }, select: { id: true } }))) {
      throw notFound('department', input.assignedDepartmentId);
    }
    data.assignedDepartmentId = input.assignedDepartmentId;
  }
  if (input.relatedType !== undefined || input.relatedId !== undefined) {
    const type = input.relatedType === undefined ? existing?.relatedType ?? null : input.relatedType;
    // Clearing relatedType clears relatedId with it.
    const rawId = input.relatedId === undefined ? (type === null ? null : existing?.relatedId ?? null) : input.relatedId;
    if (type !== null && !RELATED_TYPES.includes(type as never)) throw invalidField('relatedType', `must be contact, visitor or agent, got ${JSON.stringify(type)}`);
    if (type !== null && (rawId === null || String(rawId).trim() === '')) throw invalidField('relatedId', `is required with relatedType ${type}`);
    if (type === null && rawId !== null) throw invalidField('relatedType', 'is required with relatedId');
    const id = rawId === null ? null : String(rawId).trim();
    let contactId: number | null = null;
    if (type === 'contact' || type === 'agent') {
      if (!/^\d+$/.test(id!) || Number(id) > 2147483647) throw invalidField('relatedId', `must be a ${type} id, got ${JSON.stringify(rawId)}`);
      const found =
        type === 'contact'
          ? await tx.contact.findUnique({ where: { id: Number(id) }, select: { id: true } })
          : await tx.agent.findUnique({ where: { id: Number(id) }, select: { id: true } });
      if (!found) throw notFound(type, id);
      if (type === 'contact') contactId = Number(id);
    } else if (id !== null) {
      text(id, 'relatedId', 200);
    }
    data.relatedType = type;
    data.relatedId = id;
    data.contactId = contactId;
  }
  const resolved: ResolvedFields = { data };
  if (input.tagIds !== undefined && input.tagIds !== null) {
    const tagIds = [...new Set(input.tagIds)];
    const found = new Set((await tx.tag.findMany({ where: { id: { in: tagIds } }, select: { id: true } })).map((t) => t.id));
    const missing = tagIds.find((id) => !found.has(id));
    if (missing !== undefined) throw notFound('tag', missing);
    resolved.tagIds = tagIds;
  }
  return resolved;
}

/**
 * Tags and custom field values (validated and written by the fields module: types, options,
 * required fields and defaults on create). Returns the names of what changed.
 */
async function writeTagsAndFields(
  tx: Tx,
  conversationId: number,
  resolved: ResolvedFields,
  customFields: ConversationFieldsInput['customFields'],
  creating: boolean,
): Promise<string[]> {
  const changed: string[] = [];
  if (resolved.tagIds) {
    const current = (await tx.conversationTag.findMany({ where: { conversationId }, select: { tagId: true } })).map((t) => t.tagId);
    const same = current.length === resolved.tagIds.length && current.every((id) => resolved.tagIds!.includes(id));
    if (!same) {
      await tx.conversationTag.deleteMany({ where: { conversationId } });
      await tx.conversationTag.createMany({ data: resolved.tagIds.map((tagId) => ({ conversationId, tagId })) });
      changed.push('tagIds');
    }
  }
  if (creating || (customFields !== undefined && customFields !== null)) {
    const fields = await writeCustomFieldValues(tx, conversationId, customFields ?? [], { creating });
    if (fields.length) changed.push('customFields');
  }
  return changed;
}

async function setAgentState(tx: Tx, conversationId: number, agentId: number, state: { isRead?: boolean; isActive?: boolean }) {
  await tx.conversationAgentState.upsert({
    where: { conversationId_agentId: { conversationId, agentId } },
    create: { conversationId, agentId, isRead: state.isRead ?? false, isActive: state.isActive ?? false },
    update: state,
  });
}

/** Per-agent read flag of a conversation; reading it also reads its messages and mentions of this agent. */
async function writeReadState(tx: Tx, emit: Emit, conversationId: number, agentId: number, isRead: boolean) {
  await setAgentState(tx, conversationId, agentId, { isRead });
  if (isRead) {
    await tx.$executeRaw`
      INSERT INTO "MessageRead" ("messageId", "agentId", "isRead")
      SELECT m.id, ${agentId}, true FROM "Message" m WHERE m."conversationId" = ${conversationId}
      ON CONFLICT ("messageId", "agentId") DO UPDATE SET "isRead" = true`;
    await tx.mention.updateMany({ where: { conversationId, agentId, isRead: false }, data: { isRead: true } });
  }
  emit({ type: 'conversation.readStateChanged', conversationId, payload: { agentId, isRead } });
}

function readStateAgent(viewer: Viewer, field: string): number {
  const agentId = viewerAgentId(viewer);
  if (agentId === null) throw invalidField(field, 'is kept per agent; only an agent can set it');
  return agentId;
}

// ─── Loading for writes ────────────────────────────────────────────────────

/** The conversation, locked for the rest of the transaction; 404 when unknown. */
export async function lockConversation(tx: Tx, id: number): Promise<Conversation> {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Conversation" WHERE id = ${id} FOR UPDATE`;
  if (rows.length === 0) throw notFound('conversation', id);
  return (await tx.conversation.findUnique({ where: { id } }))!;
}

function assertEditable(viewer: Viewer, conversation: Conversation) {
  if (!isEditableBy(viewer, conversation)) {
    throw forbidden(
      conversation.mergedIntoId !== null
        ? `Conversation ${conversation.id} was merged into ${conversation.mergedIntoId} and can no longer be edited`
        : conversation.deletedTime !== null
          ? `Conversation ${conversation.id} is deleted; restore it before editing`
          : 'You may not edit this conversation',
    );
  }
}

// ─── Create ────────────────────────────────────────────────────────────────

/**
 * Creates a conversation with its first message inside the caller's transaction (portal submit
 * reuses this with a contact viewer). The creator is the viewer (agent, contact, or system for
 * integrations); a contact viewer is also the conversation's related contact.
 */
export async function createConversationTx(tx: Tx, emit: Emit, writer: MessageWriter, input: CreateConversationInput): Promise<Conversation> {
  const { viewer } = writer;
  if (!input.message) {
    // Validate the rest first so that the caller hears about every required field in a sensible order.
    if (!input.subject) throw invalidField('subject', 'is required');
    if (!input.channel) throw invalidField('channel', 'is required');
    throw invalidField('message', 'is required');
  }
  const fields: ConversationFieldsInput =
    viewer.kind === 'contact' ? { ...input, relatedType: 'contact', relatedId: String(viewer.contactId) } : input;
  const resolved = await resolveFields(tx, fields, null);
  if (viewer.kind !== 'contact' && !REPLY_TYPES.includes(input.message.type as never)) {
    throw invalidField('message.type', `must be one of ${REPLY_TYPES.join(', ')}, got ${JSON.stringify(input.message.type)}`);
  }
  const now = new Date();
  // createdBy is an agent or a contact; integrations and automation create as the system.
  const party = partyOf(viewer);
  const createdBy =
    party.type === 'agent' || party.type === 'contact'
      ? { createdByType: party.type, createdById: party.id }
      : { createdByType: 'system', createdById: null };
  const created = await tx.conversation.create({
    data: {
      ...(resolved.data as Prisma.ConversationUncheckedCreateInput),
      ...createdBy,
      createdTime: now,
      lastActivityTime: now,
      lastStatusChangeTime: now,
      lastRepliedTime: now,
      closedTime: resolved.data.status === 'closed' ? now : null,
    },
  });
  await writeTagsAndFields(tx, created.id, resolved, input.customFields, true);
  // The first message as routing rules see it (checked now; addMessage reuses the sender).
  const sender = await resolveSender(tx, viewer, input.message);
  const firstMessage: ConditionMessage = { type: input.message.type as string, text: plainTextOf(validateMessageInput(input.message, 'message').texts), senderType: sender.type };
  const routed = await routeNewConversation(tx, created, input, firstMessage);
  const agentId = viewerAgentId(viewer);
  if (agentId !== null && (input.isActive !== undefined && input.isActive !== null)) {
    await setAgentState(tx, created.id, agentId, { isActive: input.isActive });
  }
  emit({
    type: 'conversation.created',
    conversationId: created.id,
    payload: {
      channel: created.channel,
      status: created.status,
      priority: routed.priority,
      assignedAgentId: routed.assignedAgentId,
      assignedDepartmentId: routed.assignedDepartmentId,
      contactId: created.contactId,
      ...createdBy,
    },
  });
  const first = await addMessage(tx, emit, writer, routed, input.message, { time: now, sender, skipSla: true });
  // An agent's first message of type email (or reply, on channel email) goes to the contact too (README "Outgoing email").
  await queueReplyEmail(tx, writer.config, routed, first, { field: 'message', first: true });
  // Auto allocation (src/modules/auto-allocation/allocate.ts) after routing, in this transaction,
  // so the answer already shows the agent; its events name the automation as their actor.
  // Read first: the allocation lock is then held for as few statements as possible.
  const row = (await tx.conversation.findUnique({ where: { id: created.id } }))!;
  const allocated = await allocateNewConversation(tx, emit, row);
  // The SLA policy and clocks after routing and allocation (policies may test the assignee).
  const sla = await applySla(tx, created.id);
  return { ...row, ...(allocated === null ? {} : { assignedAgentId: allocated }), ...sla };
}

/**
 * Routing (src/modules/routing-rules) inside the creating transaction: a conversation created with
 * neither an agent nor a department goes where the routing settings send it; the route's priority
 * applies unless the caller gave one.
 */
async function routeNewConversation(tx: Tx, created: Conversation, input: CreateConversationInput, message: ConditionMessage): Promise<Conversation> {
  if (created.assignedAgentId !== null || created.assignedDepartmentId !== null) return created;
  const subject = (await loadConditionSubjects(tx, [created.id])).get(created.id);
  const route = subject ? await routeConversation(tx, { ...subject, message }) : null;
  if (!route) return created;
  const priority = route.priority && (input.priority === undefined || input.priority === null) ? (route.priority as Conversation['priority']) : undefined;
  return tx.conversation.update({
    where: { id: created.id },
    data: { assignedAgentId: route.agentId, assignedDepartmentId: route.departmentId, ...(priority ? { priority } : {}) },
  });
}

export function createConversation(ctx: ServiceContext, input: CreateConversationInput) {
  return inTransaction(ctx, (tx, emit) => createConversationTx(tx, emit, ctx, input));
}

// ─── Update ────────────────────────────────────────────────────────────────

/** What every status change also sets: when it changed, and when it was closed (null once reopened). */
function statusBookkeeping(status: ConversationStatus, now: Date) {
  return { status, lastStatusChangeTime: now, closedTime: status === 'closed' ? now : null };
}

/**
 * Sets only the status, with its bookkeeping and events; for callers that are not console users
 * (the portal's close/reopen by a contact). No change, no write, no event.
 */
export async function setConversationStatusTx(
  tx: Tx,
  emit: Emit,
  existing: Conversation,
  status: ConversationStatus,
  eventDetails: Record<string, unknown> = {},
): Promise<Conversation> {
  if (existing.status === status) return existing;
  const now = new Date();
  const updated = await tx.conversation.update({ where: { id: existing.id }, data: { ...statusBookkeeping(status, now), lastActivityTime: now } });
  emit({ type: 'conversation.updated', conversationId: existing.id, payload: { fields: ['status'], changes: { status: [existing.status, status] } } });
  emit({ type: 'conversation.statusChanged', conversationId: existing.id, payload: { from: existing.status, to: status, at: now.toISOString(), ...eventDetails } });
  return { ...updated, ...(await applySla(tx, existing.id)) };
}

async function applyUpdate(tx: Tx, emit: Emit, viewer: Viewer, existing: Conversation, input: ConversationFieldsInput): Promise<Conversation> {
  assertEditable(viewer, existing);
  if (input.channel !== undefined) throw invalidField('channel', 'cannot be changed after the conversation was created');
  const resolved = await resolveFields(tx, input, existing);
  const now = new Date();
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resolved.data)) {
    if ((existing as Record<string, unknown>)[key] !== value) changes[key] = value;
  }
  const fields = Object.keys(changes).filter((key) => key !== 'contactId');
  if (changes.status !== undefined) Object.assign(changes, statusBookkeeping(changes.status as ConversationStatus, now));
  fields.push(...(await writeTagsAndFields(tx, existing.id, resolved, input.customFields, false)));
  let updated = existing;
  if (fields.length) {
    updated = await tx.conversation.update({ where: { id: existing.id }, data: { ...changes, lastActivityTime: now } });
    const changed: Record<string, [unknown, unknown]> = {};
    for (const key of fields) {
      if (key in changes) changed[key] = [(existing as Record<string, unknown>)[key] ?? null, (updated as Record<string, unknown>)[key] ?? null];
    }
    emit({ type: 'conversation.updated', conversationId: existing.id, payload: { fields, changes: changed } });
    if (changes.status !== undefined) {
      emit({ type: 'conversation.statusChanged', conversationId: existing.id, payload: { from: existing.status, to: updated.status, at: now.toISOString() } });
    }
    // A changed field may change which SLA policy applies; a status change moves the clocks.
    updated = { ...updated, ...(await applySla(tx, existing.id)) };
    if (changes.assignedAgentId !== undefined || changes.assignedDepartmentId !== undefined) {
      emit({
        type: 'conversation.assigneeChanged',
        conversationId: existing.id,
        payload: {
          from: { agentId: existing.assignedAgentId, departmentId: existing.assignedDepartmentId },
          to: { agentId: updated.assignedAgentId, departmentId: updated.assignedDepartmentId },
        },
      });
    }
  }
  if (input.isRead !== undefined && input.isRead !== null) {
    await writeReadState(tx, emit, existing.id, readStateAgent(viewer, 'isRead'), input.isRead);
  }
  if (input.isActive !== undefined && input.isActive !== null) {
    await setAgentState(tx, existing.id, readStateAgent(viewer, 'isActive'), { isActive: input.isActive });
  }
  return updated;
}

/** An update inside the caller's transaction (triggers write through this as the automation actor). */
export async function updateConversationTx(tx: Tx, emit: Emit, viewer: Viewer, id: number, input: ConversationFieldsInput): Promise<Conversation> {
  return applyUpdate(tx, emit, viewer, await lockConversation(tx, id), input);
}

export function updateConversation(ctx: ServiceContext, id: number, input: ConversationFieldsInput) {
  return inTransaction(ctx, async (tx, emit) => applyUpdate(tx, emit, ctx.viewer, await lockConversation(tx, id), input));
}

export const BATCH_FIELDS = ['status', 'priority', 'assignedAgentId', 'assignedDepartmentId', 'isRead'] as const;
export const MAX_BATCH = 100;

function batchIds(ids: readonly number[]): number[] {
  if (ids.length === 0) throw invalidField('ids', 'must list at least one conversation id');
  if (ids.length > MAX_BATCH) throw invalidField('ids', `must list at most ${MAX_BATCH} conversation ids`);
  return [...new Set(ids)];
}

/** All or nothing: one unknown id (404) or one read-only conversation (403) changes nothing. */
export function batchUpdateConversations(ctx: ServiceContext, ids: readonly number[], input: Pick<ConversationFieldsInput, (typeof BATCH_FIELDS)[number]>) {
  const unique = batchIds(ids);
  return inTransaction(ctx, async (tx, emit) => {
    const results: Conversation[] = [];
    for (const id of [...unique].sort((a, b) => a - b)) results.push(await applyUpdate(tx, emit, ctx.viewer, await lockConversation(tx, id), input));
    return unique.map((id) => results.find((row) => row.id === id)!);
  });
}

// ─── Read state ────────────────────────────────────────────────────────────

export function setConversationRead(ctx: ServiceContext, id: number, isRead: boolean) {
  const agentId = readStateAgent(ctx.viewer, 'isRead');
  return inTransaction(ctx, async (tx, emit) => {
    const conversation = await tx.conversation.findUnique({ where: { id } });
    if (!conversation) throw notFound('conversation', id);
    await writeReadState(tx, emit, id, agentId, isRead);
    return conversation;
  });
}

/**
 * Per-agent read flag of one message. Reading a message reads the agent's mentions in it;
 * marking one unread marks its conversation unread for that agent (as mail clients do), and
 * reading the last unread message reads the conversation.
 */
export function setMessageRead(ctx: ServiceContext, messageId: string, isRead: boolean) {
  const agentId = readStateAgent(ctx.viewer, 'isRead');
  return inTransaction(ctx, async (tx, emit) => {
    const message = await tx.message.findUnique({ where: { id: messageId } });
    if (!message) throw notFound('message', messageId);
    await tx.messageRead.upsert({
      where: { messageId_agentId: { messageId, agentId } },
      create: { messageId, agentId, isRead },
      update: { isRead },
    });
    if (isRead) {
      await tx.mention.updateMany({ where: { messageId, agentId }, data: { isRead: true } });
      const unread = await tx.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM "Message" m
        LEFT JOIN "MessageRead" r ON r."messageId" = m.id AND r."agentId" = ${agentId}
        WHERE m."conversationId" = ${message.conversationId} AND COALESCE(r."isRead", false) = false`;
      if (unread[0]!.n === 0) await setAgentState(tx, message.conversationId, agentId, { isRead: true });
    } else {
      await setAgentState(tx, message.conversationId, agentId, { isRead: false });
    }
    emit({ type: 'message.readStateChanged', conversationId: message.conversationId, payload: { messageId, agentId, isRead } });
    return message;
  });
}

// ─── Reply ─────────────────────────────────────────────────────────────────

export function replyConversation(ctx: ServiceContext, id: number, input: MessageInput) {
  return inTransaction(ctx, async (tx, emit) => {
    const conversation = await lockConversation(tx, id);
    if (conversation.deletedTime !== null) {
      throw conflict(
        conversation.mergedIntoId !== null
          ? `Conversation ${id} was merged into ${conversation.mergedIntoId}; reply there`
          : `Conversation ${id} is deleted; restore it before replying`,
      );
    }
    if (!REPLY_TYPES.includes(input.type as never)) {
      throw invalidField('type', `must be one of ${REPLY_TYPES.join(', ')}, got ${JSON.stringify(input.type)}`);
    }
    let message = await addMessage(tx, emit, ctx, conversation, input, { field: '' });
    // An email reply goes to the contact by the outbox's job after the commit (README "Outgoing email").
    const sendStatus = await queueReplyEmail(tx, ctx.config, conversation, message);
    if (sendStatus) message = { ...message, sendStatus };
    // The agent's draft of this conversation has been sent.
    const agentId = viewerAgentId(ctx.viewer);
    if (agentId !== null) await tx.draft.deleteMany({ where: { conversationId: id, agentId } });
    return message;
  });
}

// ─── Delete, restore, purge ────────────────────────────────────────────────

export function deleteConversations(ctx: ServiceContext, ids: readonly number[]) {
  const unique = batchIds(ids);
  return inTransaction(ctx, async (tx, emit) => {
    const now = new Date();
    for (const id of [...unique].sort((a, b) => a - b)) {
      const conversation = await lockConversation(tx, id);
      if (conversation.deletedTime !== null) throw conflict(`Conversation ${id} is already deleted`);
    }
    await tx.conversation.updateMany({ where: { id: { in: unique } }, data: { deletedTime: now, lastActivityTime: now } });
    for (const id of unique) emit({ type: 'conversation.deleted', conversationId: id, payload: {} });
    // A deleted conversation has no SLA (restoring it recomputes).
    for (const id of unique) await applySla(tx, id);
    return tx.conversation.findMany({ where: { id: { in: unique } } });
  });
}

async function lockDeleted(tx: Tx, id: number) {
  const conversation = await tx.conversation.findUnique({ where: { id } });
  if (!conversation || conversation.deletedTime === null) throw notFound('deleted conversation', id);
  await lockConversation(tx, id);
  return conversation;
}

export function restoreConversation(ctx: ServiceContext, id: number) {
  return inTransaction(ctx, async (tx, emit) => {
    const conversation = await lockDeleted(tx, id);
    if (conversation.mergedIntoId !== null) {
      throw conflict(`Conversation ${id} was merged into ${conversation.mergedIntoId}; its messages live there now`);
    }
    const restored = await tx.conversation.update({ where: { id }, data: { deletedTime: null, lastActivityTime: new Date() } });
    emit({ type: 'conversation.restored', conversationId: id, payload: {} });
    return { ...restored, ...(await applySla(tx, id)) };
  });
}

/**
 * Deletes a conversation of the deleted list for good (messages, reads, mentions, drafts,
 * attachments cascade). The attachments' stored files are deleted by the
 * `attachments.deleteFiles` job this transaction enqueues: it commits with the purge, so a
 * rolled-back purge keeps every file, and a crash right after the commit still has the files
 * deleted by the next process that runs jobs (unlike a delete after commit in this request).
 */
export async function purgeConversation(ctx: ServiceContext, id: number) {
  return inTransaction(ctx, async (tx, emit) => {
    const conversation = await lockDeleted(tx, id);
    // Attachments reference their conversation without a foreign key: remove those not on a message too.
    const attachments = await tx.attachment.findMany({ where: { conversationId: id }, select: { storageKey: true } });
    await tx.attachment.deleteMany({ where: { conversationId: id } });
    await tx.conversation.delete({ where: { id } });
    await enqueueFileDeletion(tx, attachments.map((row) => row.storageKey));
    emit({ type: 'conversation.purged', conversationId: id, payload: {} });
    return conversation;
  });
}

// ─── Merge ─────────────────────────────────────────────────────────────────

/**
 * Merges `sourceId` into `targetId` in one transaction: the source's messages (with their
 * attachments, reads and mentions) move into the target, where they interleave by time; the
 * target's bookkeeping is recomputed from its last message; the source goes to the deleted
 * conversations with `mergedIntoId` pointing at the target.
 */
export function mergeConversation(ctx: ServiceContext, targetId: number, sourceId: number) {
  if (targetId === sourceId) throw conflict('A conversation cannot be merged into itself');
  return inTransaction(ctx, async (tx, emit) => {
    // Lock both in id order so that two opposite merges cannot deadlock.
    const [first, second] = targetId < sourceId ? [targetId, sourceId] : [sourceId, targetId];
    const a = await lockConversation(tx, first);
    const b = await lockConversation(tx, second);
    const target = a.id === targetId ? a : b;
    const source = a.id === sourceId ? a : b;
    if (target.deletedTime !== null) throw conflict(`Conversation ${targetId} is deleted; it cannot take a merge`);
    if (source.deletedTime !== null) throw conflict(`Conversation ${sourceId} is deleted; restore it before merging`);
    if (!isEditableBy(ctx.viewer, target)) throw forbidden();

    const moved = await tx.message.updateMany({ where: { conversationId: sourceId }, data: { conversationId: targetId } });
    await tx.attachment.updateMany({ where: { conversationId: sourceId }, data: { conversationId: targetId } });
    await tx.mention.updateMany({ where: { conversationId: sourceId }, data: { conversationId: targetId } });
    // Tags of the source carry over to the target.
    await tx.$executeRaw`
      INSERT INTO "ConversationTag" ("conversationId", "tagId")
      SELECT ${targetId}, "tagId" FROM "ConversationTag" WHERE "conversationId" = ${sourceId}
      ON CONFLICT DO NOTHING`;

    const now = new Date();
    const last = await tx.message.findFirst({ where: { conversationId: targetId }, orderBy: [{ time: 'desc' }, { id: 'desc' }] });
    const lastReply = await tx.message.findFirst({ where: { conversationId: targetId, type: { not: 'note' } }, orderBy: [{ time: 'desc' }, { id: 'desc' }] });
    const merged = await tx.conversation.update({
      where: { id: targetId },
      data: {
        lastActivityTime: now,
        lastMessage: last?.plainText.slice(0, 1000) ?? '',
        ...(lastReply
          ? { lastRepliedTime: lastReply.time, lastRepliedById: lastReply.senderId, lastRepliedByType: lastReply.senderType }
          : {}),
      },
    });
    // New messages arrived in the target: unread for everyone but the agent merging.
    const agentId = viewerAgentId(ctx.viewer);
    if (moved.count > 0) {
      await tx.conversationAgentState.updateMany({
        where: { conversationId: targetId, ...(agentId !== null ? { agentId: { not: agentId } } : {}) },
        data: { isRead: false },
      });
    }
    await tx.conversation.update({ where: { id: sourceId }, data: { deletedTime: now, mergedIntoId: targetId, lastActivityTime: now } });

    emit({ type: 'conversation.merged', conversationId: targetId, payload: { sourceId, targetId, messageCount: moved.count } });
    emit({ type: 'conversation.deleted', conversationId: sourceId, payload: { mergedIntoId: targetId } });
    // The target's clocks see the moved messages; the merged-away source has no SLA any more.
    await applySla(tx, sourceId);
    return { ...merged, ...(await applySla(tx, targetId)) };
  });
}
