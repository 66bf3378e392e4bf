/**
 * Sending: the `webhooks.deliver` job makes one attempt of one delivery, the `webhooks.sweep`
 * schedule recovers attempts of processes that died. See ./lanes.ts for the order, README
 * "Webhooks" for what a receiver sees.
 *
 * One attempt:
 *   1. claim (transaction, lane locked): the delivery must be pending, the head of its lane and
 *      not leased; it gets a lease of WEBHOOK_TIMEOUT_MS + 5 s, attempts + 1, step + 1;
 *   2. POST the stored body (the same bytes on every attempt), signed afresh with the attempt's
 *      timestamp, through an undici Agent whose DNS lookup refuses non-public addresses (unless
 *      WEBHOOK_ALLOW_PRIVATE), connect timeout WEBHOOK_CONNECT_TIMEOUT_MS, whole attempt
 *      WEBHOOK_TIMEOUT_MS (AbortSignal); redirects are not followed (a 3xx is a failure);
 *   3. record (transaction, lane locked): a WebhookAttempt row; 2xx → succeeded, and the lane's
 *      next head is enqueued; otherwise the next attempt is enqueued after the schedule's next
 *      delay, or, with the schedule exhausted, the delivery is dead and the lane moves on.
 * The job itself never throws for a failed HTTP attempt: the schedule is ours, not
 * graphile-worker's exponential backoff (its retries only cover database errors).
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'undici';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { defineJob, defineSchedule } from '../../engine/jobs/index.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { enqueueAttempt, enqueueHead, laneHeads, lockLane } from './lanes.js';
import { assertPublicTarget, guardedLookup, hostOf, isPublicAddress, TargetRefused } from './targets.js';
import { isIP } from 'node:net';

export const SIGNATURE_HEADER = 'x-anytime-signature';
export const TIMESTAMP_HEADER = 'x-anytime-timestamp';

/** Hex HMAC-SHA256 of `${timestamp}.${body}` with the endpoint's secret. */
export const signatureOf = (secret: string, timestamp: string, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** A "timestamp(3)" (UTC, no zone) literal, independent of the session time zone. */
const ts = (date: Date) => Prisma.sql`${date.toISOString().replace('T', ' ').replace('Z', '')}::timestamp(3)`;

const agents = new Map<string, Agent>();
function agentFor(config: Config): Agent {
  const key = `${config.webhookAllowPrivate}:${config.webhookConnectTimeoutMs}:${config.webhookTimeoutMs}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: { timeout: config.webhookConnectTimeoutMs, ...(config.webhookAllowPrivate ? {} : { lookup: guardedLookup as never }) },
      headersTimeout: config.webhookTimeoutMs,
      bodyTimeout: config.webhookTimeoutMs,
      keepAliveTimeout: 4_000,
    });
    agents.set(key, agent);
  }
  return agent;
}

interface Outcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

async function post(config: Config, url: string, headers: Record<string, string>, body: string, signal?: AbortSignal): Promise<Outcome> {
  const started = performance.now();
  const done = (ok: boolean, statusCode: number | null, error: string | null): Outcome => ({ ok, statusCode, error, durationMs: Math.round(performance.now() - started) });
  try {
    const target = new URL(url);
    // An IP literal never reaches the lookup: check it here (at delivery time, as the lookup would).
    if (!config.webhookAllowPrivate && isIP(hostOf(target)) && !isPublicAddress(hostOf(target))) await assertPublicTarget(target);
    const timeout = AbortSignal.timeout(config.webhookTimeoutMs);
    const response = await request(target, {
      method: 'POST',
      headers,
      body,
      dispatcher: agentFor(config),
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
    // Read the answer so the connection can be reused, keeping its start for the log; a receiver
    // that answers more than 64 KiB has its connection closed instead (no unbounded buffering).
    let text = '';
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (text.length < 200) text += (chunk as Buffer).toString('utf8').slice(0, 200 - text.length);
      if (size > 65_536) {
        response.body.destroy();
        break;
      }
    }
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return done(ok, response.statusCode, ok ? null : `HTTP ${response.statusCode}${text ? `: ${text}` : ''}`);
  } catch (error) {
    const err = error as Error & { code?: string; cause?: Error & { code?: string } };
    const cause = err.cause ?? err;
    const message = err.name === 'TimeoutError' || cause.name === 'TimeoutError' ? `timed out after ${config.webhookTimeoutMs} ms` : `${cause.code ? `${cause.code}: ` : ''}${cause.message || err.message}`;
    return done(false, null, cause instanceof TargetRefused ? `refused: ${cause.message}` : message);
  }
}

interface Claimed {
  id: string;
  endpointId: number;
  orderKey: string;
  body: string;
  eventType: string;
  attempts: number;
  step: number;
  url: string;
  secret: string;
}

async function claim(prisma: PrismaClient, config: Config, deliveryId: string): Promise<Claimed | null> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { endpointId: true, orderKey: true, status: true } });
    if (!row || row.status !== 'pending') return null;
    await lockLane(tx, row.endpointId, row.orderKey);
    const now = new Date();
    const rows = await tx.$queryRaw<Claimed[]>`
      UPDATE "WebhookDelivery" w
      SET "leaseUntil" = ${ts(new Date(now.getTime() + config.webhookTimeoutMs + 5_000))}, "attempts" = w."attempts" + 1, "step" = w."step" + 1
      FROM "WebhookEndpoint" e
      WHERE w."id" = ${deliveryId}::uuid AND e."id" = w."endpointId" AND w."status" = 'pending'
        AND (w."leaseUntil" IS NULL OR w."leaseUntil" < ${ts(now)})
        AND NOT EXISTS (
          SELECT 1 FROM "WebhookDelivery" p
          WHERE p."endpointId" = w."endpointId" AND p."orderKey" = w."orderKey" AND p."status" = 'pending' AND p."eventCursor" < w."eventCursor")
      RETURNING w."id"::text AS id, w."endpointId", w."orderKey", w."body", w."eventType", w."attempts", w."step", e."url", e."secret"`;
    return rows[0] ?? null;
  });
}

async function record(prisma: PrismaClient, config: Config, claimed: Claimed, outcome: Outcome): Promise<void> {
  const schedule = config.webhookRetryScheduleMs;
  const now = new Date();
  const status = outcome.ok ? 'succeeded' : claimed.step >= schedule.length ? 'dead' : 'pending';
  const next = new Date(now.getTime() + (schedule[claimed.step] ?? 0));
  await prisma.$transaction(async (tx) => {
    await lockLane(tx, claimed.endpointId, claimed.orderKey);
    // The endpoint was deleted during the attempt (its deliveries with it): nothing to record.
    if (!(await tx.webhookDelivery.findUnique({ where: { id: claimed.id }, select: { id: true } }))) return;
    await tx.webhookAttempt.create({
      data: {
        deliveryId: claimed.id,
        attempt: claimed.attempts,
        status: outcome.ok ? 'succeeded' : 'failed',
        statusCode: outcome.statusCode,
        durationMs: outcome.durationMs,
        error: outcome.error?.slice(0, 2000) ?? null,
      },
    });
    await tx.webhookDelivery.update({
      where: { id: claimed.id },
      data: {
        status,
        leaseUntil: null,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error?.slice(0, 2000) ?? null,
        lastDurationMs: outcome.durationMs,
        ...(status === 'pending' ? { nextAttemptTime: next } : { finishedTime: now }),
      },
    });
    if (status === 'pending') await enqueueAttempt(tx, claimed.id, next);
    else await enqueueHead(tx, claimed.endpointId, claimed.orderKey);
  });
}

defineJob({
  name: 'webhooks.deliver',
  payload: z.object({ deliveryId: z.string().uuid() }),
  async handle({ deliveryId }, { prisma, config, logger, signal }) {
    const claimed = await claim(prisma, config, deliveryId);
    // Done already, waiting behind its lane's head (that head's finish enqueues it), or in flight elsewhere.
    if (!claimed) return;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const outcome = await post(
      config,
      claimed.url,
      {
        'content-type': 'application/json',
        'user-agent': 'Anytime-Webhooks/1',
        'x-anytime-event': claimed.eventType,
        'x-anytime-delivery': claimed.id,
        'x-anytime-attempt': String(claimed.attempts),
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signatureOf(claimed.secret, timestamp, claimed.body),
      },
      claimed.body,
      signal,
    );
    if (!outcome.ok) logger.warn('webhook attempt failed', { deliveryId, attempt: claimed.attempts, error: outcome.error });
    await record(prisma, config, claimed, outcome);
  },
});

/**
 * Re-enqueues the head of every lane with pending deliveries (at the end of its lease, if one is
 * running): an attempt whose process died is made again. Run every 5 minutes (the schedule below)
 * and when a process starts its consumers (the webhooks consumer's onStart, ./consumer.ts).
 */
export async function sweepLanes(prisma: PrismaClient): Promise<void> {
  // One statement when nothing is pending (the usual case).
  const lanes = await laneHeads(prisma);
  for (const lane of lanes) {
    await prisma.$transaction(async (tx) => {
      await lockLane(tx, lane.endpointId, lane.orderKey);
      await enqueueHead(tx, lane.endpointId, lane.orderKey);
    });
  }
}

defineJob({ name: 'webhooks.sweep', handle: (_payload, { prisma }) => sweepLanes(prisma) });

// Every 5 minutes: only a process that died mid-attempt leaves work for it, and every start sweeps at once.
defineSchedule({ name: 'webhooks.sweep', job: 'webhooks.sweep', pattern: () => '*/5 * * * *' });
