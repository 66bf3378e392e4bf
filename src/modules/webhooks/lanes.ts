/**
 * Ordering. Deliveries of one endpoint that share an orderKey (`conversation:<id>`, or `global` for
 * events about no conversation) form a lane and go out one at a time in event-log order: only the
 * lane's head (its pending delivery with the smallest eventCursor) may be attempted; the next one
 * waits until the head succeeded or went dead, however many retries that takes.
 *
 * Why not graphile-worker's queueName alone: a named queue runs its jobs one at a time, but a job
 * that fails is rescheduled (run_at in the future) and the queue moves on to the next job, which
 * breaks the order on the first retry; and a process killed mid-job keeps the queue locked for
 * graphile-worker's 4-hour lock timeout. So the order lives in the delivery table instead:
 *   - an attempt claims its delivery with a lease (leaseUntil) only if it is the head of its lane;
 *   - the transaction that finishes a head (succeeded or dead) enqueues the lane's next head;
 *   - every claim, finish and consumer insert takes the lane's transaction-scoped advisory lock, so
 *     a head finishing while the consumer adds a delivery behind it cannot leave the newcomer
 *     waiting with nobody to enqueue it;
 *   - the sweep (every 5 minutes, and at every start) re-enqueues heads whose lease ran out: the
 *     attempt of a process that died mid-request is made again.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { enqueueJob } from '../../engine/jobs/index.js';
import type { Tx } from '../../engine/write.js';

/** Locks the lane until the transaction ends. */
export async function lockLane(tx: Tx, endpointId: number, orderKey: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`webhook-lane:${endpointId}:${orderKey}`}, 0))`;
}

export const jobKeyOf = (deliveryId: string) => `webhook:${deliveryId}`;

/** Enqueues the attempt of a delivery at `runAt` (replacing a waiting job of the same delivery). */
export async function enqueueAttempt(tx: Tx, deliveryId: string, runAt: Date): Promise<void> {
  await enqueueJob(tx, 'webhooks.deliver', { deliveryId }, { jobKey: jobKeyOf(deliveryId), runAt: runAt > new Date() ? runAt : undefined, maxAttempts: 5 });
}

/** Enqueues the head of the lane, if it has pending deliveries (call with the lane locked). */
export async function enqueueHead(tx: Tx, endpointId: number, orderKey: string): Promise<void> {
  const [head] = await tx.$queryRaw<{ id: string; nextAttemptTime: Date; leaseUntil: Date | null }[]>`
    SELECT "id"::text AS id, "nextAttemptTime", "leaseUntil" FROM "WebhookDelivery"
    WHERE "endpointId" = ${endpointId} AND "orderKey" = ${orderKey} AND "status" = 'pending'
    ORDER BY "eventCursor" LIMIT 1`;
  if (!head) return;
  // UTC columns (timestamp without time zone) come back as Date in UTC.
  const at = head.leaseUntil && head.leaseUntil > head.nextAttemptTime ? new Date(head.leaseUntil.getTime() + 1000) : head.nextAttemptTime;
  await enqueueAttempt(tx, head.id, at);
}

/** The heads of every lane with pending deliveries (the sweep); optionally of one endpoint. */
export async function laneHeads(tx: Pick<Tx, '$queryRaw'>, endpointId?: number): Promise<{ endpointId: number; orderKey: string }[]> {
  return tx.$queryRaw<{ endpointId: number; orderKey: string }[]>`
    SELECT DISTINCT "endpointId", "orderKey" FROM "WebhookDelivery"
    WHERE "status" = 'pending' ${endpointId === undefined ? Prisma.empty : Prisma.sql`AND "endpointId" = ${endpointId}`}`;
}
