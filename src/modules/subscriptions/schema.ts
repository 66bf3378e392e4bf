/**
 * Subscription fields. Resolvers stay thin: `subscribe` validates the arguments, resolves the
 * viewer's credential and hands a LiveSubscription to the hub; `resolve` turns each outcome into
 * the event the client sees (or the error that ends the subscription).
 */
import { builder } from '../../graphql/builder.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { AppError, invalidField, notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';
import { createLoaderRegistry } from '../../graphql/loaders.js';
import { maySeeConversation } from './access.js';
import { credentialOf } from './credentials.js';
import type { AnySub, Outcome, SubscriptionHub } from './hub.js';
import type { Credential } from './credentials.js';
import {
  ConversationChangedSubscription,
  MentionedSubscription,
  MessageAddedSubscription,
  MessageSendStatusChangedSubscription,
  SlaBreachedSubscription,
  type MessageSendStatusChangedPayload,
  type ConversationChangedPayload,
  type SlaBreachedPayload,
  type MentionedPayload,
  type MessageAddedPayload,
} from './kinds.js';
import { realtimeOf } from './realtime.js';
import type { UnreadCountsPayload } from './unread.js';
import { resolveViewFilter } from './views.js';
import { ConversationRefForEvents, MessageRefForEvents, PortalMessageRef } from './refs.js';

builder.subscriptionType({});

/** The Authorization the subscriber presented: graphql-ws connectionParams, or the SSE request's header. */
/** The Authorization a subscription was opened with (WebSocket connection params or the request's header). */
export function authorizationOf(ctx: GraphQLContext): string | null {
  const extra = ctx as GraphQLContext & { authorization?: string | null; request?: Request };
  if (extra.authorization !== undefined) return extra.authorization;
  return extra.request?.headers.get('authorization') ?? null;
}

/**
 * Over SSE every subscription is its own HTTP connection: it counts against the viewer's
 * connection limit like a WebSocket does (graphql-ws connections are counted on connect).
 */
function limitSse(ctx: GraphQLContext): () => void {
  if ('authorization' in ctx) return () => {};
  const release = realtimeOf(ctx.events).connections.acquire(ctx.viewer, 'sse');
  if (!release) {
    throw new AppError('TOO_MANY_REQUESTS', `Too many subscription connections for this viewer (max ${ctx.config.subscriptionMaxConnectionsPerViewer})`);
  }
  return release;
}

/** Runs `start`, holding an SSE connection slot for as long as the subscription lives. */
async function withSseSlot<C extends { onClosed(hook: () => void): void }>(ctx: GraphQLContext, start: () => Promise<C>): Promise<C> {
  const release = limitSse(ctx);
  try {
    const channel = await start();
    channel.onClosed(release);
    return channel;
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Each outcome: the event, or (slow consumer, lapsed credentials) the error that ends it.
 * A subscription keeps one context for its whole life; its DataLoaders are renewed per event so
 * relation fields (sender, assignee, ...) are never stale and their caches never grow.
 */
function unwrap<P>(outcome: Outcome<P>, ctx: GraphQLContext): P {
  if ('error' in outcome) throw outcome.error;
  ctx.loader = createLoaderRegistry({ prisma: ctx.prisma, viewer: ctx.viewer, read: ctx.read });
  return outcome.payload;
}

const AFTER =
  'Resume: first replay every event after this cursor (the `cursor` of the last event received), then continue live. Bounded by the catch-up window; an older cursor is answered with GONE.';

const MessageAddedEventRef = builder.objectRef<MessageAddedPayload & { forContact: boolean }>('MessageAddedEvent').implement({
  description: 'A message added to a conversation.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Pass as `after` when resubscribing to resume after this event.' }),
    conversationId: t.exposeInt('conversationId'),
    messageId: t.string({ resolve: (event) => event.message.id }),
    message: t.field({
      type: MessageRefForEvents,
      nullable: true,
      description: 'The message, for agents and integrations (null for contacts: they read portalMessage).',
      resolve: (event) => (event.forContact ? null : event.message),
    }),
    portalMessage: t.field({
      type: PortalMessageRef,
      description: 'The message as the customer portal shows it.',
      resolve: (event) => event.message,
    }),
  }),
});

const MessageSendStatusChangedEventRef = builder.objectRef<MessageSendStatusChangedPayload & { forContact: boolean }>('MessageSendStatusChangedEvent').implement({
  description: 'The sendStatus of a message changed: its outgoing email was delivered (sending → sucess) or finally failed (sending → fail).',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Pass as `after` when resubscribing to resume after this event.' }),
    conversationId: t.exposeInt('conversationId'),
    messageId: t.exposeString('messageId'),
    from: t.exposeString('from', { description: 'The sendStatus before: sending.' }),
    to: t.exposeString('to', { description: 'The sendStatus now: sucess (as the spec spells it) or fail.' }),
    message: t.field({
      type: MessageRefForEvents,
      nullable: true,
      description: 'The message as it is now, for agents and integrations (null for contacts).',
      resolve: (event) => (event.forContact ? null : event.message),
    }),
  }),
});

const ConversationChangeEnum = builder.enumType('ConversationChange', {
  values: {
    entered: { description: 'Now in the filter (new, or changed so that it matches).' },
    updated: { description: 'Was and still is in the filter; something about it changed.' },
    left: { description: 'No longer in the filter (changed, deleted or gone): remove it from the list.' },
  } as const,
});

const ConversationChangedEventRef = builder.objectRef<ConversationChangedPayload>('ConversationChangedEvent').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    filterId: t.exposeString('filterId'),
    change: t.expose('change', { type: ConversationChangeEnum }),
    eventType: t.exposeString('eventType', { description: 'What happened, e.g. conversation.statusChanged, message.added.' }),
    conversationId: t.exposeInt('conversationId'),
    conversation: t.field({
      type: ConversationRefForEvents,
      nullable: true,
      description: 'The conversation as it is now; null when it is gone.',
      resolve: (event) => event.conversation,
    }),
    changes: t.expose('changes', { type: 'JSON', description: 'What the event says changed (e.g. { from, to }).' }),
  }),
});

const SlaBreachedEventRef = builder.objectRef<SlaBreachedPayload>('SLABreachedEvent').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    conversationId: t.exposeInt('conversationId'),
    target: t.exposeString('target', { description: 'firstRespond, nextRespond or resolve.' }),
    policyId: t.exposeString('policyId', { nullable: true }),
    breachAt: t.exposeString('breachAt', { description: 'The instant that passed unmet (ISO).' }),
    conversation: t.field({ type: ConversationRefForEvents, resolve: (event) => event.conversation }),
  }),
});

const MentionedEventRef = builder.objectRef<MentionedPayload>('MentionedEvent').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    conversationId: t.exposeInt('conversationId'),
    messageId: t.exposeString('messageId', { nullable: true }),
    conversation: t.field({ type: ConversationRefForEvents, resolve: (event) => event.conversation }),
    message: t.field({ type: MessageRefForEvents, nullable: true, resolve: (event) => event.message }),
  }),
});

const FilterUnreadCountRef = builder
  .objectRef<UnreadCountsPayload['filters'][number]>('FilterUnreadCount')
  .implement({
    fields: (t) => ({
      filterId: t.exposeString('filterId'),
      unreadCount: t.exposeInt('unreadCount'),
      unreadMentionedCount: t.exposeInt('unreadMentionedCount'),
    }),
  });

const UnreadCountsRef = builder.objectRef<UnreadCountsPayload>('UnreadCounts').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor', { nullable: true, description: 'The last event these counts include.' }),
    allCount: t.exposeInt('allCount', { description: 'All unread conversations of the viewer.' }),
    filters: t.field({ type: [FilterUnreadCountRef], resolve: (counts) => counts.filters }),
  }),
});

/**
 * Opens the subscription `make` builds on this process's hub with the viewer's credential: events
 * after `after` are replayed first, then it continues live. Answers its channel.
 */
async function openLive<S extends AnySub>(ctx: GraphQLContext, after: string | null | undefined, make: (hub: SubscriptionHub, credential: Credential) => S): Promise<S['channel']> {
  const { hub } = realtimeOf(ctx.events);
  const sub = make(hub, credentialOf(hub.credentialCache, ctx.viewer, authorizationOf(ctx)));
  await hub.start(sub, after);
  return sub.channel;
}

builder.subscriptionFields((t) => ({
  messageAdded: t.field({
    type: MessageAddedEventRef,
    description:
      'Messages added to one conversation, after commit. Agents and integrations see every message; a contact sees its own portal conversations’ public messages (never notes).',
    authScopes: { agent: true, contact: true, integration: true },
    args: { conversationId: t.arg.id({ required: true }), after: t.arg.string({ description: AFTER }) },
    subscribe: (_root, args, ctx) => withSseSlot(ctx, async () => {
      const id = intId('Conversation', args.conversationId, 'conversationId');
      const conversation = await ctx.prisma.conversation.findUnique({ where: { id } });
      // A contact learns nothing about conversations that are not its own: not found, like the portal.
      if (!conversation || !maySeeConversation(ctx.viewer, conversation)) throw notFound('conversation', id);
      return openLive(ctx, args.after, (hub, credential) => new MessageAddedSubscription(hub, ctx.viewer, credential, id));
    }),
    resolve: (outcome, _args, ctx) => ({ ...unwrap(outcome as Outcome<MessageAddedPayload>, ctx), forContact: ctx.viewer.kind === 'contact' }),
  }),

  messageSendStatusChanged: t.field({
    type: MessageSendStatusChangedEventRef,
    description: 'Delivery outcomes of outgoing email in one conversation (a message’s sendStatus: sending → sucess | fail), after commit.',
    authScopes: { agent: true, contact: true, integration: true },
    args: { conversationId: t.arg.id({ required: true }), after: t.arg.string({ description: AFTER }) },
    subscribe: (_root, args, ctx) => withSseSlot(ctx, async () => {
      const id = intId('Conversation', args.conversationId, 'conversationId');
      const conversation = await ctx.prisma.conversation.findUnique({ where: { id } });
      if (!conversation || !maySeeConversation(ctx.viewer, conversation)) throw notFound('conversation', id);
      return openLive(ctx, args.after, (hub, credential) => new MessageSendStatusChangedSubscription(hub, ctx.viewer, credential, id));
    }),
    resolve: (outcome, _args, ctx) => ({ ...unwrap(outcome as Outcome<MessageSendStatusChangedPayload>, ctx), forContact: ctx.viewer.kind === 'contact' }),
  }),

  conversationChanged: t.field({
    type: ConversationChangedEventRef,
    description:
      'Conversations entering, changing in, or leaving a filter: a built-in view (all, mine, unassigned, mentions; default all) or a stored filter id.',
    authScopes: { agent: true },
    args: { filterId: t.arg.id(), after: t.arg.string({ description: AFTER }) },
    subscribe: (_root, args, ctx) => withSseSlot(ctx, async () => {
      const { hub } = realtimeOf(ctx.events);
      const filter = await resolveViewFilter(ctx, args.filterId === null || args.filterId === undefined ? null : String(args.filterId));
      const credential = credentialOf(hub.credentialCache, ctx.viewer, authorizationOf(ctx));
      const sub = new ConversationChangedSubscription(hub, ctx.viewer, credential, filter);
      await sub.seed();
      sub.replaying = true;
      try {
        await hub.start(sub, args.after);
      } finally {
        sub.replaying = false;
      }
      return sub.channel;
    }),
    resolve: (outcome, _args, ctx) => unwrap(outcome as Outcome<ConversationChangedPayload>, ctx),
  }),

  unreadCountsChanged: t.field({
    type: UnreadCountsRef,
    description:
      'The viewer’s unread counts for these filters (built-in views or stored filter ids): the current counts at once, then whenever they change (debounced).',
    authScopes: { agent: true },
    args: { filterIds: t.arg.idList({ required: true }) },
    subscribe: (_root, args, ctx) => withSseSlot(ctx, async () => {
      if (ctx.viewer.kind !== 'agent') throw new AppError('FORBIDDEN', 'Only agents have unread counts');
      const filterIds = [...new Set(args.filterIds.map(String))];
      if (filterIds.length > 50) throw invalidField('filterIds', 'may name at most 50 filters');
      const { hub, unread } = realtimeOf(ctx.events);
      const credential = credentialOf(hub.credentialCache, ctx.viewer, authorizationOf(ctx));
      const sub = await unread.subscribe(ctx.viewer, credential, filterIds);
      return sub.channel;
    }),
    resolve: (outcome, _args, ctx) => unwrap(outcome as Outcome<UnreadCountsPayload>, ctx),
  }),

  slaBreached: t.field({
    type: SlaBreachedEventRef,
    description: 'An SLA target of a conversation the viewer may see passed unmet (the breach timer, src/modules/sla-policies/breach.ts).',
    authScopes: { agent: true, integration: true },
    args: { after: t.arg.string({ description: AFTER }) },
    subscribe: (_root, args, ctx) => withSseSlot(ctx, async () => {
      return openLive(ctx, args.after, (hub, credential) => new SlaBreachedSubscription(hub, ctx.viewer, credential));
    }),
    resolve: (outcome, _args, ctx) => unwrap(outcome as Outcome<SlaBreachedPayload>, ctx),
  }),

  mentioned: t.field({
    type: MentionedEventRef,
    description: 'The viewer was @mentioned in a note.',
    authScopes: { agent: true },
    args: { after: t.arg.string({ description: AFTER }) },
    subscribe: (_root, args, ctx) => withSseSlot(ctx, async () => {
      if (ctx.viewer.kind !== 'agent') throw new AppError('FORBIDDEN', 'Only agents can be mentioned');
      const viewer = ctx.viewer;
      return openLive(ctx, args.after, (hub, credential) => new MentionedSubscription(hub, viewer, credential));
    }),
    resolve: (outcome, _args, ctx) => unwrap(outcome as Outcome<MentionedPayload>, ctx),
  }),
}));

