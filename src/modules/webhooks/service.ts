/** Webhook endpoints (admins), their delivery log and dead letters; sending is in ./deliver.ts. */
import type { Config } from '../../config.js';
import { DOMAIN_EVENT_TYPES, isDomainEventType } from '../../engine/events.js';
import { inTransaction, type ServiceContext } from '../../engine/write.js';
import { conflict, invalidField, notFound } from '../../graphql/errors.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { enqueueHead, lockLane } from './lanes.js';
import { assertPublicTarget, TargetRefused } from './targets.js';

export interface WebhookInput {
  url?: string | null;
  eventTypes?: readonly string[] | null;
  secret?: string | null;
  enabled?: boolean | null;
}

export const SECRET_MIN_LENGTH = 16;

async function validate(config: Config, input: WebhookInput, creating: boolean) {
  const data: { url?: string; eventTypes?: string[]; secret?: string; enabled?: boolean } = {};
  if (input.url != null) {
    let url: URL;
    try {
      url = new URL(input.url.trim());
    } catch {
      throw invalidField('url', 'must be an absolute http or https URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidField('url', `must be an http or https URL, got ${url.protocol.replace(/:$/, '')}`);
    if (url.username || url.password) throw invalidField('url', 'must not carry credentials (the signature authenticates the gateway)');
    if (input.url.length > 2000) throw invalidField('url', 'must be at most 2000 characters');
    if (!config.webhookAllowPrivate) {
      try {
        await assertPublicTarget(url);
      } catch (error) {
        if (error instanceof TargetRefused) throw invalidField('url', `is not allowed: ${error.message} (private targets need WEBHOOK_ALLOW_PRIVATE=true)`);
        throw error;
      }
    }
    data.url = url.toString();
  } else if (creating) throw invalidField('url', 'is required');
  if (input.eventTypes != null) {
    if (!input.eventTypes.length) throw invalidField('eventTypes', 'must name at least one event type');
    const unknown = input.eventTypes.filter((type) => !isDomainEventType(type));
    if (unknown.length) throw invalidField('eventTypes', `has unknown event types: ${unknown.join(', ')} (known: ${DOMAIN_EVENT_TYPES.join(', ')})`);
    data.eventTypes = [...new Set(input.eventTypes)];
  } else if (creating) throw invalidField('eventTypes', 'is required');
  if (input.secret != null) {
    if (input.secret.length < SECRET_MIN_LENGTH) throw invalidField('secret', `must be at least ${SECRET_MIN_LENGTH} characters`);
    if (input.secret.length > 200) throw invalidField('secret', 'must be at most 200 characters');
    data.secret = input.secret;
  } else if (creating) throw invalidField('secret', 'is required');
  if (input.enabled != null) data.enabled = input.enabled;
  return data;
}

export async function createWebhook(ctx: ServiceContext, input: WebhookInput) {
  const data = await validate(ctx.config, input, true);
  return inTransaction(ctx, (tx) => tx.webhookEndpoint.create({ data: data as Required<typeof data> }));
}

export async function updateWebhook(ctx: ServiceContext, id: number, input: WebhookInput) {
  const data = await validate(ctx.config, input, false);
  return inTransaction(ctx, async (tx) => {
    if (!(await tx.webhookEndpoint.findUnique({ where: { id } }))) throw notFound('webhook', id);
    return tx.webhookEndpoint.update({ where: { id }, data });
  });
}

/** Deletes the endpoint with its deliveries and their log (jobs still queued for them find nothing and end). */
export async function deleteWebhook(ctx: ServiceContext, id: number) {
  return inTransaction(ctx, async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!endpoint) throw notFound('webhook', id);
    await tx.webhookEndpoint.delete({ where: { id } });
    return endpoint;
  });
}

export async function findWebhook(prisma: PrismaClient, id: number) {
  const endpoint = await prisma.webhookEndpoint.findUnique({ where: { id } });
  if (!endpoint) throw notFound('webhook', id);
  return endpoint;
}

export const listWebhooks = (prisma: PrismaClient) => prisma.webhookEndpoint.findMany({ orderBy: { id: 'asc' } });

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'dead'] as const;

/** The delivery log of an endpoint, newest event first. */
export async function listDeliveries(prisma: PrismaClient, endpointId: number, options: { status?: string | null; limit?: number | null; offset?: number | null } = {}) {
  await findWebhook(prisma, endpointId);
  if (options.status != null && !(DELIVERY_STATUSES as readonly string[]).includes(options.status)) {
    throw invalidField('status', `must be one of ${DELIVERY_STATUSES.join(', ')}`);
  }
  const limit = options.limit ?? 50;
  if (limit < 1 || limit > 500) throw invalidField('limit', 'must be from 1 to 500');
  const offset = options.offset ?? 0;
  if (offset < 0) throw invalidField('offset', 'must be at least 0');
  return prisma.webhookDelivery.findMany({
    where: { endpointId, ...(options.status ? { status: options.status } : {}) },
    orderBy: { eventCursor: 'desc' },
    take: limit,
    skip: offset,
  });
}

export async function findDelivery(prisma: PrismaClient, id: string) {
  const delivery = /^[0-9a-f-]{36}$/i.test(id) ? await prisma.webhookDelivery.findUnique({ where: { id } }) : null;
  if (!delivery) throw notFound('webhook delivery', id);
  return delivery;
}

/**
 * Replays a dead letter: pending again with the schedule from its start (attempts keep counting).
 * Its lane waits for it as for any other head: later deliveries of the same conversation that are
 * still pending go out after it.
 */
export async function replayDelivery(ctx: ServiceContext, id: string, endpointId?: number) {
  const found = await findDelivery(ctx.prisma, id);
  if (endpointId !== undefined && found.endpointId !== endpointId) throw notFound('webhook delivery', id);
  return inTransaction(ctx, async (tx) => {
    await lockLane(tx, found.endpointId, found.orderKey);
    const current = await tx.webhookDelivery.findUnique({ where: { id } });
    if (!current) throw notFound('webhook delivery', id);
    if (current.status !== 'dead') throw conflict(`webhook delivery ${id} is ${current.status}; only dead deliveries are replayed`);
    const delivery = await tx.webhookDelivery.update({
      where: { id },
      data: { status: 'pending', step: 0, nextAttemptTime: new Date(Date.now() + (ctx.config.webhookRetryScheduleMs[0] ?? 0)), finishedTime: null, leaseUntil: null },
    });
    await enqueueHead(tx, found.endpointId, found.orderKey);
    return delivery;
  });
}

/** Deliveries not yet succeeded, by status (the anytime_webhook_deliveries gauge): one statement on the status index. */
export async function webhookDeliveryCounts(prisma: PrismaClient): Promise<{ pending: number; dead: number }> {
  const [row] = await prisma.$queryRaw<{ pending: number; dead: number }[]>`
    SELECT count(*) FILTER (WHERE "status" = 'pending')::int AS pending, count(*) FILTER (WHERE "status" = 'dead')::int AS dead
    FROM "WebhookDelivery" WHERE "status" IN ('pending', 'dead')`;
  return { pending: row?.pending ?? 0, dead: row?.dead ?? 0 };
}
