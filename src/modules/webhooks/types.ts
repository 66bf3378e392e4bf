import { builder } from '../../graphql/builder.js';
import { groupByKey, defineSqlLoader } from '../../graphql/loaders.js';
import { Prisma, type WebhookAttempt, type WebhookDelivery, type WebhookEndpoint } from '../../generated/prisma/client.js';

export const attemptsByDelivery = defineSqlLoader<string, WebhookAttempt[], WebhookAttempt>('webhookAttemptsByDelivery', {
  sql: (_env, ids) => Prisma.sql`SELECT a.* FROM "WebhookAttempt" a WHERE a."deliveryId" = ANY(${[...ids]}::uuid[]) ORDER BY a."attempt", a."id"`,
  model: 'WebhookAttempt',
  result: (ids, rows) => groupByKey(ids, rows, (row) => row.deliveryId),
});

export const WebhookRef = builder.objectRef<WebhookEndpoint>('Webhook').implement({
  description: 'An endpoint that receives signed POSTs of the events it subscribes to (README "Webhooks"). The secret is write-only.',
  fields: (t) => ({
    id: t.string({ resolve: (w) => String(w.id) }),
    url: t.exposeString('url'),
    eventTypes: t.exposeStringList('eventTypes', { description: 'Event types of the catalogue (src/engine/events.ts), e.g. conversation.created.' }),
    enabled: t.exposeBoolean('enabled', { description: 'A disabled endpoint gets no new deliveries; those already pending still go out.' }),
    hasSecret: t.boolean({ description: 'Always true: the secret is never shown.', resolve: (w) => w.secret.length > 0 }),
    createdTime: t.expose('createdTime', { type: 'DateTime' }),
    updatedTime: t.expose('updatedTime', { type: 'DateTime' }),
  }),
});

export const WebhookAttemptRef = builder.objectRef<WebhookAttempt>('WebhookAttempt').implement({
  description: 'One HTTP attempt of a delivery (the delivery log).',
  fields: (t) => ({
    attempt: t.exposeInt('attempt', { description: '1 for the first attempt; replays go on counting.' }),
    status: t.exposeString('status', { description: 'succeeded (a 2xx answer) or failed.' }),
    statusCode: t.exposeInt('statusCode', { nullable: true, description: 'The HTTP status answered; null when no answer came (refused, timed out, connection failed).' }),
    durationMs: t.exposeInt('durationMs'),
    error: t.exposeString('error', { nullable: true }),
    time: t.expose('time', { type: 'DateTime' }),
  }),
});

export const WebhookDeliveryRef = builder.objectRef<WebhookDelivery>('WebhookDelivery').implement({
  description: 'One event for one endpoint. `id` is the body\'s `id`: the receiver\'s idempotency key.',
  fields: (t) => ({
    id: t.exposeString('id'),
    webhookId: t.string({ resolve: (d) => String(d.endpointId) }),
    eventType: t.exposeString('eventType'),
    eventCursor: t.string({ description: 'The event\'s position in the event log.', resolve: (d) => d.eventCursor.toString() }),
    conversationId: t.exposeInt('conversationId', { nullable: true }),
    status: t.exposeString('status', { description: 'pending (waiting or retrying), succeeded, or dead (the retry schedule is exhausted: replay it).' }),
    attempts: t.exposeInt('attempts'),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    lastDurationMs: t.exposeInt('lastDurationMs', { nullable: true }),
    nextAttemptTime: t.field({ type: 'DateTime', nullable: true, description: 'When the next attempt is due (pending only).', resolve: (d) => (d.status === 'pending' ? d.nextAttemptTime : null) }),
    createdTime: t.expose('createdTime', { type: 'DateTime' }),
    finishedTime: t.expose('finishedTime', { type: 'DateTime', nullable: true }),
    body: t.exposeString('body', { description: 'The JSON body sent, as sent.' }),
    attemptLog: t.field({ type: [WebhookAttemptRef], resolve: (d, _args, ctx) => ctx.loader(attemptsByDelivery).load(d.id) }),
  }),
});
