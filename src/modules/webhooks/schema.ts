/** Webhooks in GraphQL: the same operations as REST under /api/v3/anytime/webhooks (admins only). */
import { builder } from '../../graphql/builder.js';
import { intId } from '../../graphql/ids.js';
import { createWebhook, deleteWebhook, findDelivery, findWebhook, listDeliveries, listWebhooks, replayDelivery, updateWebhook } from './service.js';
import { WebhookDeliveryRef, WebhookRef } from './types.js';

const admin = { admin: true } as const;

const WebhookInput = builder.inputType('WebhookInput', {
  fields: (t) => ({
    url: t.string({ description: 'http or https; private and loopback targets are refused unless WEBHOOK_ALLOW_PRIVATE=true.' }),
    eventTypes: t.stringList({ description: 'Event types of the catalogue, e.g. ["conversation.created", "message.added"].' }),
    secret: t.string({ description: 'At least 16 characters; the HMAC-SHA256 key of X-Anytime-Signature. Write-only.' }),
    enabled: t.boolean({ description: 'Default true.' }),
  }),
});

const webhookId = (id: string | number) => intId('Webhook', String(id));

builder.queryFields((t) => ({
  webhooks: t.field({ type: [WebhookRef], authScopes: admin, resolve: (_root, _args, ctx) => listWebhooks(ctx.prisma) }),
  webhook: t.field({
    type: WebhookRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findWebhook(ctx.prisma, webhookId(args.id)),
  }),
  webhookDeliveries: t.field({
    type: [WebhookDeliveryRef],
    description: 'The delivery log of a webhook, newest event first; `status: "dead"` is its dead-letter list.',
    authScopes: admin,
    args: { webhookId: t.arg.id({ required: true }), status: t.arg.string(), limit: t.arg.int(), offset: t.arg.int() },
    resolve: (_root, args, ctx) => listDeliveries(ctx.prisma, webhookId(args.webhookId), args),
  }),
  webhookDeadLetters: t.field({
    type: [WebhookDeliveryRef],
    description: 'Deliveries whose retry schedule is exhausted (replayWebhookDelivery sends one again).',
    authScopes: admin,
    args: { webhookId: t.arg.id({ required: true }), limit: t.arg.int(), offset: t.arg.int() },
    resolve: (_root, args, ctx) => listDeliveries(ctx.prisma, webhookId(args.webhookId), { ...args, status: 'dead' }),
  }),
  webhookDelivery: t.field({
    type: WebhookDeliveryRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findDelivery(ctx.prisma, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: WebhookRef,
    authScopes: admin,
    args: { input: t.arg({ type: WebhookInput, required: true }) },
    resolve: (_root, args, ctx) => createWebhook(ctx, args.input),
  }),
  updateWebhook: t.field({
    type: WebhookRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: WebhookInput, required: true }) },
    resolve: (_root, args, ctx) => updateWebhook(ctx, webhookId(args.id), args.input),
  }),
  deleteWebhook: t.field({
    type: WebhookRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteWebhook(ctx, webhookId(args.id)),
  }),
  replayWebhookDelivery: t.field({
    type: WebhookDeliveryRef,
    description: 'Sends a dead delivery again (same id and body), from the start of the retry schedule; 409 unless it is dead.',
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), webhookId: t.arg.id() },
    resolve: (_root, args, ctx) => replayDelivery(ctx, String(args.id), args.webhookId == null ? undefined : webhookId(args.webhookId)),
  }),
}));
