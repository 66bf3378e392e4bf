/**
 * Domain events: every write records what happened, in the same transaction as the change
 * (table DomainEvent, whose id is the event's cursor), and publishes it on the in-process bus
 * after commit. Subscriptions, triggers, SLA clocks and reports consume the bus or the log.
 */
import { EventEmitter } from 'node:events';
import type { Prisma } from '../generated/prisma/client.js';
import { partyOf, type Viewer } from '../auth/viewer.js';

export type DomainEventType =
  | 'conversation.created'
  | 'conversation.updated'
  | 'conversation.statusChanged'
  | 'conversation.assigneeChanged'
  | 'conversation.deleted'
  | 'conversation.restored'
  | 'conversation.purged'
  | 'conversation.merged'
  | 'conversation.readStateChanged'
  | 'message.added'
  | 'message.readStateChanged'
  | 'agent.mentioned'
  | 'draft.saved'
  | 'draft.deleted'
  | 'attachment.availabilityChanged'
  | 'attachment.deleted'
  | 'field.created'
  | 'field.updated'
  | 'field.deleted'
  | 'field.mappingsUpdated'
  | 'filter.created'
  | 'filter.updated'
  | 'filter.deleted'
  | (string & {});

export interface PendingEvent {
  type: DomainEventType;
  conversationId?: number | null;
  payload?: Record<string, unknown>;
}

export interface DomainEvent extends PendingEvent {
  /** Monotonically increasing cursor (the DomainEvent row id, as a decimal string). */
  cursor: string;
  actorType: string | null;
  actorId: string | null;
  time: Date;
  payload: Record<string, unknown>;
}

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
  const data = pending.map((event) => ({
    type: event.type,
    conversationId: event.conversationId ?? null,
    payload: event.payload ?? {},
    actorType: actor.actorType,
    actorId: actor.actorId,
  }));
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
    type: row.type,
    conversationId: row.conversationId,
    actorType: row.actorType,
    actorId: row.actorId,
    time: row.time,
    payload: row.payload as Record<string, unknown>,
  };
}
