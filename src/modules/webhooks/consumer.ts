/**
 * The `webhooks` durable consumer: for each event an enabled endpoint subscribes to, one
 * WebhookDelivery row (its body fixed now, so every attempt sends the same bytes), written in the
 * transaction that moves the consumer's position: an event is turned into deliveries exactly once,
 * even across crashes. The first attempt of each lane's head is enqueued in that transaction too.
 */
import { randomUUID } from 'node:crypto';
import { defineConsumer } from '../../engine/consumers/index.js';
import { DOMAIN_EVENT_TYPES, type DomainEvent } from '../../engine/events.js';
import { sweepLanes } from './deliver.js';
import { enqueueHead, lockLane } from './lanes.js';

export const WEBHOOK_CONSUMER = 'webhooks';

/** What the receiver gets: `id` is the delivery's id, the idempotency key (same on every attempt and replay). */
export function bodyOf(id: string, event: DomainEvent): string {
  return JSON.stringify({
    id,
    type: event.type,
    time: event.time.toISOString(),
    cursor: event.cursor,
    conversationId: event.conversationId,
    actor: event.actorType ? { type: event.actorType, id: event.actorId } : null,
    data: event.payload,
  });
}

export const orderKeyOf = (conversationId: number | null) => (conversationId === null ? 'global' : `conversation:${conversationId}`);

defineConsumer({
  name: WEBHOOK_CONSUMER,
  eventTypes: DOMAIN_EVENT_TYPES,
  // A process that died mid-attempt left its delivery leased: re-enqueue it now rather than at the next sweep.
  onStart: sweepLanes,
  async handle(events, tx) {
    const endpoints = await tx.webhookEndpoint.findMany({ where: { enabled: true }, select: { id: true, eventTypes: true }, orderBy: { id: 'asc' } });
    if (!endpoints.length) return;
    const rows = [];
    for (const event of events) {
      for (const endpoint of endpoints) {
        if (!endpoint.eventTypes.includes(event.type)) continue;
        const id = randomUUID();
        rows.push({
          id,
          endpointId: endpoint.id,
          eventCursor: BigInt(event.cursor),
          eventType: event.type,
          conversationId: event.conversationId,
          orderKey: orderKeyOf(event.conversationId),
          body: bodyOf(id, event),
        });
      }
    }
    if (!rows.length) return;
    // Lanes in a fixed order (no two transactions wait on each other's locks in a cycle).
    const lanes = [...new Map(rows.map((r) => [`${r.endpointId}\u0000${r.orderKey}`, r])).values()].sort((a, b) =>
      a.endpointId - b.endpointId || (a.orderKey < b.orderKey ? -1 : a.orderKey > b.orderKey ? 1 : 0),
    );
    for (const lane of lanes) await lockLane(tx, lane.endpointId, lane.orderKey);
    await tx.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
    for (const lane of lanes) await enqueueHead(tx, lane.endpointId, lane.orderKey);
  },
});
