/**
 * Domain events: every write records what happened, in the same transaction as the change
 * (table DomainEvent, whose id is the event's cursor), and publishes it on the in-process bus
 * after commit. Subscriptions, triggers, SLA clocks and reports consume the bus or the log.
 */
import { EventEmitter } from 'node:events';
import type { Prisma } from '../generated/prisma/client.js';
import { partyOf, type Viewer } from '../auth/viewer.js';

type Assignee = { agentId: number | null; departmentId: number | null };

/**
 * The event catalogue: one payload type per event type. Adding an event means adding it here;
 * there is no open string type, so a consumer's switch over `event.type` narrows the payload.
 */
export interface DomainEventPayloads {
  'conversation.created': {
    channel: string;
    status: string;
    priority: string;
    assignedAgentId: number | null;
    assignedDepartmentId: number | null;
    contactId: number | null;
    createdByType: string;
    createdById: string | null;
  };
  /**
   * `fields` names every changed field (columns, tags, custom fields); `changes` holds the
   * conversation columns' `[from, to]` (for automation conditions on what changed).
   */
  'conversation.updated': { fields: string[]; changes: Record<string, [unknown, unknown]> };
  /** `at`: the instant of the change as the row's lastStatusChangeTime records it (ISO). */
  'conversation.statusChanged': { from: string; to: string; at?: string; [detail: string]: unknown };
  'conversation.assigneeChanged': { from: Assignee; to: Assignee };
  'conversation.deleted': { mergedIntoId?: number };
  'conversation.restored': Record<string, never>;
  'conversation.purged': Record<string, never>;
  'conversation.merged': { sourceId: number; targetId: number; messageCount: number };
  /** One agent's own read flag of the conversation (per agent: only that agent's views and counts move). */
  'conversation.readStateChanged': { agentId: number; isRead: boolean };
  /**
   * The contact read (or unread) its portal conversation: the conversation's `isReadByContact`,
   * which every agent sees and which moves no agent's unread counts. A type of its own rather than
   * a second shape of conversation.readStateChanged, so that consumers tell the two apart by type
   * (log filters, switches that narrow) instead of probing the payload's keys.
   */
  'conversation.contactReadStateChanged': { contactId: number | null; isRead: boolean };
  'message.added': { messageId: string; type: string; senderType: string; senderId: string | null };
  'message.readStateChanged': { messageId: string; agentId: number; isRead: boolean };
  'agent.mentioned': { agentId: number; messageId: string };
  'draft.saved': { agentId: number; draftId: string };
  'draft.deleted': { agentId: number; draftId: string };
  'attachment.availabilityChanged': { attachmentId: string; isAvailable: boolean };
  'attachment.deleted': { attachmentId: string; messageId: string | null };
  'field.created': { fieldId: string };
  'field.updated': { fieldId: string };
  'field.deleted': { fieldId: string; name: string };
  'field.mappingsUpdated': { fieldIds: string[] };
  'filter.created': { filterId: string; isPrivate: boolean };
  'filter.updated': { filterId: string };
  'filter.deleted': { filterId: string };
  /** An agent was created (it may already be online: capacity for auto allocation). */
  'agent.created': { agentId: number };
  /** `fields` names what changed: name, email, role, isOnline, departmentIds, ifAcceptAllocation. */
  'agent.updated': { agentId: number; fields: string[] };
  /** Auto allocation settings changed (enable, rules, limits, exclusions, agent preferences). */
  'allocation.settingsUpdated': { fields: string[] };
  /** An SLA policy was created, updated, deleted or moved (src/modules/sla-policies). */
  'sla.policyChanged': { policyId: number; change: 'created' | 'updated' | 'deleted' | 'sorted' };
  /** The site calendar changed: working time (and time zone) or a holiday (src/modules/working-time). */
  /** A target's breach instant passed unmet (the breach timer job): which target, which policy, the instant. */
  'sla.breached': { target: 'firstRespond' | 'nextRespond' | 'resolve'; policyId: string | null; breachAt: string };
  'sla.calendarChanged': { what: 'workingTime' | 'holiday'; id?: number; timeZone?: string };
  /** An outgoing email's delivery ended (src/modules/email/jobs.ts): the message's sendStatus, e.g. sending → sucess | fail. */
  'message.sendStatusChanged': { messageId: string; from: string; to: string };
}

export type DomainEventType = keyof DomainEventPayloads;

/**
 * An event about to be logged: a discriminated union on `type`. `actor` overrides the writing
 * viewer for this event alone (auto allocation inside a creating transaction records the
 * automation as the actor of its own writes, the creator stays the actor of the creation).
 */
export type PendingEvent = {
  [K in DomainEventType]: { type: K; conversationId?: number | null; payload: DomainEventPayloads[K]; actor?: Viewer };
}[DomainEventType];

interface LoggedFields {
  /** Monotonically increasing cursor (the DomainEvent row id, as a decimal string). */
  cursor: string;
  conversationId: number | null;
  actorType: string | null;
  actorId: string | null;
  time: Date;
}

/** A logged event: the same union, with its cursor and actor. */
export type DomainEvent = {
  [K in DomainEventType]: LoggedFields & { type: K; payload: DomainEventPayloads[K] };
}[DomainEventType];

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  publish(events: DomainEvent[]): void {
    for (const event of events) this.emitter.emit('event', event);
  }
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

/** The event's actor columns: the one viewer → party mapping (partyOf). */
export function actorOf(viewer: Viewer): { actorType: string | null; actorId: string | null } {
  const party = partyOf(viewer);
  return { actorType: party.type, actorId: party.id };
}

/**
 * Key of the transaction-scoped advisory lock that orders the event log: taken right before the
 * insert and held until commit, so cursors are handed out in commit order. Without it a
 * transaction that drew id 10 could commit after one that drew id 11, and a subscriber resuming
 * `after: 11` would silently miss event 10. Writes that emit no events never take it.
 */
export const EVENT_LOG_LOCK_KEY = 0x616e7974; // "anyt"

/** A DomainEvent table row, as raw SQL returns it. */
export interface EventRow {
  id: bigint;
  type: string;
  conversationId: number | null;
  actorType: string | null;
  actorId: string | null;
  payload: unknown;
  time: Date;
}

/** Inserts the events into the log inside `tx` (one statement); returns them with their cursors. */
export async function logEvents(tx: Prisma.TransactionClient, viewer: Viewer, pending: PendingEvent[]): Promise<DomainEvent[]> {
  if (pending.length === 0) return [];
  const actor = actorOf(viewer);
  const data = pending.map((event) => {
    const { actorType, actorId } = event.actor ? actorOf(event.actor) : actor;
    return { type: event.type, conversationId: event.conversationId ?? null, payload: event.payload ?? {}, actorType, actorId };
  });
  // The MATERIALIZED CTE is scanned before the first row reaches the insert, so the lock is held
  // before any id is drawn from the sequence; ORDER BY keeps the ids in emit order.
  const rows = await tx.$queryRaw<EventRow[]>`
    WITH commit_order AS MATERIALIZED (SELECT pg_advisory_xact_lock(${EVENT_LOG_LOCK_KEY}::bigint))
    INSERT INTO "DomainEvent" ("type", "conversationId", "actorType", "actorId", "payload")
    SELECT e.value->>'type', (e.value->>'conversationId')::int, e.value->>'actorType', e.value->>'actorId', e.value->'payload'
    FROM commit_order, jsonb_array_elements(${JSON.stringify(data)}::jsonb) WITH ORDINALITY AS e(value, ord)
    ORDER BY e.ord
    RETURNING "id", "type", "conversationId", "actorType", "actorId", "payload", "time"`;
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rows.map(eventFromRow);
}

/** A log row as the event the bus and subscribers see (the row id becomes the cursor). */
export function eventFromRow(row: EventRow): DomainEvent {
  return {
    cursor: row.id.toString(),
    type: row.type as DomainEventType,
    conversationId: row.conversationId,
    actorType: row.actorType,
    actorId: row.actorId,
    time: row.time,
    payload: row.payload,
  } as DomainEvent;
}

/**
 * Every event type of the catalogue at run time (webhook endpoints subscribe by name). A Record,
 * so the compiler fails until a new entry of DomainEventPayloads is listed here too.
 */
const eventTypeSet: Record<DomainEventType, true> = {
  'conversation.created': true, 'conversation.updated': true, 'conversation.statusChanged': true, 'conversation.assigneeChanged': true,
  'conversation.deleted': true, 'conversation.restored': true, 'conversation.purged': true, 'conversation.merged': true,
  'conversation.readStateChanged': true, 'conversation.contactReadStateChanged': true, 'message.added': true, 'message.readStateChanged': true, 'message.sendStatusChanged': true,
  'agent.mentioned': true, 'draft.saved': true, 'draft.deleted': true, 'attachment.availabilityChanged': true, 'attachment.deleted': true,
  'field.created': true, 'field.updated': true, 'field.deleted': true, 'field.mappingsUpdated': true, 'filter.created': true,
  'filter.updated': true, 'filter.deleted': true, 'agent.created': true, 'agent.updated': true, 'allocation.settingsUpdated': true,
  'sla.policyChanged': true, 'sla.breached': true, 'sla.calendarChanged': true,
};
export const DOMAIN_EVENT_TYPES = Object.keys(eventTypeSet) as DomainEventType[];
export const isDomainEventType = (name: string): name is DomainEventType => Object.hasOwn(eventTypeSet, name);
