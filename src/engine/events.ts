/**
 * Domain events: every write records what happened, in the same transaction as the change
 * (table DomainEvent, whose id is the event's cursor), and publishes it on the in-process bus
 * after commit. Subscriptions, triggers, SLA clocks and reports consume the bus or the log.
 */
import { EventEmitter } from 'node:events';
import type { Prisma } from '../generated/prisma/client.js';
import type { Viewer } from '../auth/viewer.js';

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

export function actorOf(viewer: Viewer): { actorType: string | null; actorId: string | null } {
  switch (viewer.kind) {
    case 'agent':
      return { actorType: 'agent', actorId: String(viewer.agentId) };
    case 'contact':
      return { actorType: 'contact', actorId: String(viewer.contactId) };
    case 'integration':
      return { actorType: 'integration', actorId: viewer.clientId };
    default:
      return { actorType: null, actorId: null };
  }
}

/** Inserts the events into the log inside `tx`; returns them with their cursors. */
export async function logEvents(tx: Prisma.TransactionClient, viewer: Viewer, pending: PendingEvent[]): Promise<DomainEvent[]> {
  if (pending.length === 0) return [];
  const actor = actorOf(viewer);
  const rows = await tx.domainEvent.createManyAndReturn({
    data: pending.map((event) => ({
      type: event.type,
      conversationId: event.conversationId ?? null,
      payload: (event.payload ?? {}) as Prisma.InputJsonValue,
      ...actor,
    })),
  });
  return rows.map((row) => ({
    cursor: row.id.toString(),
    type: row.type,
    conversationId: row.conversationId,
    actorType: row.actorType,
    actorId: row.actorId,
    time: row.time,
    payload: row.payload as Record<string, unknown>,
  }));
}
