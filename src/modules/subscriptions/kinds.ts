/** The live subscriptions: which events concern each, and what its client receives. */
import type { Conversation, Message } from '../../generated/prisma/client.js';
import type { Viewer } from '../../auth/viewer.js';
import type { DomainEvent } from '../../engine/events.js';
import type { Credential } from './credentials.js';
import { maySeeConversation, maySeeMessage } from './access.js';
import { agentIdsIn, LiveSubscription, membershipKey, messageIdOf, type BatchFacts, type Membership, type SubscriptionHub } from './hub.js';
import { currentMembers, type ViewFilter } from './views.js';

export interface MessageAddedPayload {
  cursor: string;
  conversationId: number;
  message: Message;
}

export class MessageAddedSubscription extends LiveSubscription<MessageAddedPayload> {
  readonly index;
  readonly logFilter;
  constructor(hub: SubscriptionHub, viewer: Viewer, credential: Credential, readonly conversationId: number) {
    super(hub, viewer, credential);
    this.index = { conversationId };
    this.logFilter = { types: ['message.added'], conversationId };
  }

  match(event: DomainEvent, facts: BatchFacts): MessageAddedPayload | null {
    if (event.type !== 'message.added' || event.conversationId !== this.conversationId) return null;
    const conversation = facts.conversations.get(this.conversationId);
    const messageId = messageIdOf(event);
    const message = messageId ? facts.messages.get(messageId) : undefined;
    // Gone since (purged, message deleted): nothing to show.
    if (!conversation || !message) return null;
    if (!maySeeMessage(this.viewer, conversation, message)) return null;
    return { cursor: event.cursor, conversationId: this.conversationId, message };
  }
}

export interface MentionedPayload {
  cursor: string;
  conversationId: number;
  messageId: string | null;
  conversation: Conversation;
  message: Message | null;
}

export class MentionedSubscription extends LiveSubscription<MentionedPayload> {
  readonly index;
  readonly logFilter = { types: ['agent.mentioned'] };
  constructor(hub: SubscriptionHub, viewer: Viewer & { kind: 'agent' }, credential: Credential) {
    super(hub, viewer, credential);
    this.index = { agentId: viewer.agentId };
  }

  match(event: DomainEvent, facts: BatchFacts): MentionedPayload | null {
    if (event.type !== 'agent.mentioned' || this.viewer.kind !== 'agent') return null;
    if (!agentIdsIn(event).includes(this.viewer.agentId)) return null;
    const conversation = event.conversationId != null ? facts.conversations.get(event.conversationId) : undefined;
    if (!conversation || !maySeeConversation(this.viewer, conversation)) return null;
    const messageId = messageIdOf(event);
    return {
      cursor: event.cursor,
      conversationId: conversation.id,
      messageId,
      conversation,
      message: (messageId && facts.messages.get(messageId)) || null,
    };
  }
}

export interface SlaBreachedPayload {
  cursor: string;
  conversationId: number;
  target: string;
  policyId: string | null;
  breachAt: string;
  conversation: Conversation;
}

/** Every SLA breach of a conversation the viewer may see. */
export class SlaBreachedSubscription extends LiveSubscription<SlaBreachedPayload> {
  readonly index = { everyConversation: true };
  readonly logFilter = { types: ['sla.breached'], withConversation: true };

  match(event: DomainEvent, facts: BatchFacts): SlaBreachedPayload | null {
    if (event.type !== 'sla.breached' || event.conversationId == null) return null;
    const conversation = facts.conversations.get(event.conversationId);
    if (!conversation || !maySeeConversation(this.viewer, conversation)) return null;
    return { cursor: event.cursor, conversationId: conversation.id, ...event.payload, conversation };
  }
}

export type ConversationChange = 'entered' | 'updated' | 'left';

export interface ConversationChangedPayload {
  cursor: string;
  filterId: string;
  change: ConversationChange;
  eventType: string;
  conversationId: number;
  /** The conversation as it is now; null when it no longer exists or may not be seen. */
  conversation: Conversation | null;
  /** What the event says changed (its payload, e.g. { from, to }). */
  changes: Record<string, unknown>;
}

/** Event types that change what a conversation list shows. */
export const conversationChangeTypes = (type: string) => type.startsWith('conversation.') || type === 'message.added' || type === 'sla.breached';

/** How many member ids a subscription remembers to tell "left" from "was never in". */
const MEMBERSHIP_MEMORY = 5000;

export class ConversationChangedSubscription extends LiveSubscription<ConversationChangedPayload> {
  readonly index = { everyConversation: true };
  readonly logFilter = { withConversation: true };
  /** Conversations known to be in the filter (seeded at start, then kept by events). */
  private readonly members = new Set<number>();
  /** False when the filter held more than we remember: an unknown conversation may have been in it. */
  private exhaustive = true;
  /** Set while replaying the log: the seed is today's membership, not the past's. */
  replaying = false;

  constructor(hub: SubscriptionHub, viewer: Viewer, credential: Credential, readonly filter: ViewFilter) {
    super(hub, viewer, credential);
  }

  async seed(): Promise<void> {
    const ids = await currentMembers(this.hub.prisma, this.filter, MEMBERSHIP_MEMORY);
    if (ids.length > MEMBERSHIP_MEMORY) {
      this.exhaustive = false;
      ids.length = MEMBERSHIP_MEMORY;
    }
    for (const id of ids) this.members.add(id);
  }

  override membership(): Membership {
    const agentId = this.viewer.kind === 'agent' ? this.viewer.agentId : null;
    return { key: membershipKey(this.filter, agentId), filter: this.filter, agentId };
  }

  match(event: DomainEvent, facts: BatchFacts): ConversationChangedPayload | null {
    if (!conversationChangeTypes(event.type) || event.conversationId == null) return null;
    // Read state is per agent: another agent reading a conversation changes nothing in my list.
    // (The contact reading it, conversation.contactReadStateChanged, changes isReadByContact, which everyone sees.)
    if (event.type === 'conversation.readStateChanged' && (this.viewer.kind !== 'agent' || event.payload.agentId !== this.viewer.agentId)) return null;
    const id = event.conversationId;
    const row = facts.conversations.get(id);
    const visible = row !== undefined && maySeeConversation(this.viewer, row);
    const isMember = visible && (facts.members.get(this.membership().key)?.has(id) ?? false);
    const wasMember = this.members.has(id);
    let change: ConversationChange;
    if (isMember) {
      change = wasMember ? 'updated' : 'entered';
      if (this.members.size < MEMBERSHIP_MEMORY || wasMember) this.members.add(id);
      else this.exhaustive = false;
    } else if (wasMember || !this.exhaustive || this.replaying) {
      // Not in the filter now; it was (or may have been): tell the client to drop it.
      this.members.delete(id);
      change = 'left';
    } else {
      return null;
    }
    // Never reveal a conversation the viewer may not see, even as "left".
    if (!visible && row !== undefined) return null;
    return {
      cursor: event.cursor,
      filterId: this.filter.id,
      change,
      eventType: event.type,
      conversationId: id,
      conversation: visible ? row! : null,
      changes: event.payload ?? {},
    };
  }
}

export interface MessageSendStatusChangedPayload {
  cursor: string;
  conversationId: number;
  messageId: string;
  from: string;
  to: string;
  message: Message;
}

/**
 * The sendStatus of a message of one conversation changed (an outgoing email's delivery ended:
 * sending → sucess | fail; src/modules/email/jobs.ts logs message.sendStatusChanged).
 */
export class MessageSendStatusChangedSubscription extends LiveSubscription<MessageSendStatusChangedPayload> {
  readonly index;
  readonly logFilter;
  constructor(hub: SubscriptionHub, viewer: Viewer, credential: Credential, readonly conversationId: number) {
    super(hub, viewer, credential);
    this.index = { conversationId };
    this.logFilter = { types: ['message.sendStatusChanged'], conversationId };
  }

  match(event: DomainEvent, facts: BatchFacts): MessageSendStatusChangedPayload | null {
    if (event.type !== 'message.sendStatusChanged' || event.conversationId !== this.conversationId) return null;
    const conversation = facts.conversations.get(this.conversationId);
    const message = facts.messages.get(event.payload.messageId);
    if (!conversation || !message || !maySeeMessage(this.viewer, conversation, message)) return null;
    return { cursor: event.cursor, conversationId: this.conversationId, messageId: message.id, from: event.payload.from, to: event.payload.to, message };
  }
}
