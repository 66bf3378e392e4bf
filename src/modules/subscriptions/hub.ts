/**
 * The subscription hub: one per gateway process. It hears every committed domain event from the
 * EventFeed (this process's and, with Redis, the others'), and hands each live subscription the
 * events it may see.
 *
 * Cost model (designed for ~10,000 subscribers per process):
 *  - Events are handled in micro-batches (everything that arrived within one turn of the event
 *    loop), strictly in arrival order.
 *  - Subscriptions are indexed (LiveSubscription.index): messageAdded by conversation id, mentioned
 *    by agent id (the agent an agent.mentioned event names); conversationChanged sees every event
 *    that has a conversation. An event only touches the subscriptions it can concern.
 *  - Per batch, whatever the number of subscribers: ONE statement re-checks the credentials of all
 *    recipients, ONE loads the conversations touched, ONE the messages the events name (their
 *    payload's messageId: message.added, agent.mentioned, message.readStateChanged). Permission
 *    checks then run in memory against those rows. conversationChanged adds one membership query
 *    per distinct filter in use (per agent for viewer-dependent views).
 *  - unreadCountsChanged is not a hub subscription: unread.ts hears each batch (onBatch) and
 *    recomputes the counts of the viewers it concerns, debounced per viewer.
 */
import { GraphQLError } from 'graphql';
import type { Prisma, PrismaClient, Conversation, Message } from '../../generated/prisma/client.js';
import type { Viewer } from '../../auth/viewer.js';
import type { Config } from '../../config.js';
import { eventFromRow, type DomainEvent, type EventBus } from '../../engine/events.js';
import type { ServiceContext } from '../../engine/write.js';
import type { EventFeed } from '../../engine/pubsub/feed.js';
import { Channel } from '../../engine/pubsub/channel.js';
import { AppError, unauthenticated } from '../../graphql/errors.js';
import type { Logger } from '../../logger.js';
import { checkCredentials, type Credential, type CredentialCheck } from './credentials.js';
import { membersAmong, membersAmongPerAgent, type ViewFilter } from './views.js';

/** How long an event that arrived ahead of a missing cursor waits for it. */
const REORDER_WINDOW_MS = 50;

/** What a subscription yields: an event for the client, or the error that ends the subscription. */
export type Outcome<P> = { cursor: string; payload: P } | { error: GraphQLError };

/** Rows a batch of events touches, loaded once for every subscriber. */
export interface BatchFacts {
  check: CredentialCheck;
  conversations: Map<number, Conversation>;
  messages: Map<string, Message>;
  /** conversationChanged: membership key → ids (among the batch's conversations) now in that filter. */
  members: Map<string, Set<number>>;
}

/** One live subscription. Subclasses say which events concern it and what the client receives. */
export abstract class LiveSubscription<P = unknown> {
  readonly channel: Channel<Outcome<P>>;
  /** While catching up from the log, live deliveries wait here (bounded like the channel). */
  private held: Outcome<P>[] | null = null;
  private lastCursor: bigint | null = null;

  constructor(
    readonly hub: SubscriptionHub,
    readonly viewer: Viewer,
    readonly credential: Credential,
  ) {
    this.channel = new Channel<Outcome<P>>(
      hub.config.subscriptionMaxQueuedEvents,
      () => {
        // A dropped subscriber costs nothing more: out of the indexes at once, not when its client drains.
        hub.unregister(this as AnySub);
        return {
          error: new AppError(
            'TOO_MANY_REQUESTS',
            `Subscription dropped: more than ${hub.config.subscriptionMaxQueuedEvents} events were waiting for this client. Resubscribe with after: <last cursor> to catch up.`,
          ),
        };
      },
      () => hub.unregister(this as AnySub),
    );
  }

  /** Event types (and, for the log, a SQL-friendly filter) this subscription can be interested in. */
  abstract readonly logFilter: { types?: string[]; conversationId?: number; withConversation?: boolean };

  /** What this subscription delivers for `event`, or null. Runs after the credential check. */
  abstract match(event: DomainEvent, facts: BatchFacts): P | null;

  /** The filter membership this subscription needs evaluated for each batch (conversationChanged). */
  membership(): Membership | null {
    return null;
  }

  deliver(cursor: string, payload: P): void {
    const outcome = { cursor, payload };
    if (this.held) {
      if (this.held.length >= this.hub.config.subscriptionMaxQueuedEvents) {
        this.held = null;
        this.hub.unregister(this as AnySub);
        this.channel.end({
          error: new AppError('TOO_MANY_REQUESTS', 'Subscription dropped: too many live events arrived while catching up. Resubscribe with after: <last cursor>.'),
        });
        return;
      }
      this.held.push(outcome);
      return;
    }
    this.lastCursor = BigInt(cursor);
    this.channel.push(outcome);
  }

  fail(error: GraphQLError): void {
    this.channel.end({ error });
  }

  /** Hold live events until `finishCatchUp`. */
  startCatchUp(): void {
    this.held = [];
  }

  /** Replayed events first, then the held live ones not already replayed: no gap, no duplicate. */
  finishCatchUp(replayed: { cursor: string; payload: P }[]): void {
    for (const outcome of replayed) {
      this.lastCursor = BigInt(outcome.cursor);
      this.channel.push(outcome, true);
    }
    const held = this.held ?? [];
    this.held = null;
    for (const outcome of held) {
      if ('cursor' in outcome && this.lastCursor !== null && BigInt(outcome.cursor) <= this.lastCursor) continue;
      if ('cursor' in outcome) this.lastCursor = BigInt(outcome.cursor);
      this.channel.push(outcome, true);
    }
  }

  /** Index keys: called on register/unregister. */
  abstract readonly index: { conversationId?: number; agentId?: number; everyConversation?: boolean };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySub = LiveSubscription<any>;

export class SubscriptionHub {
  private readonly all = new Set<AnySub>();
  private readonly byConversation = new Map<number, Set<AnySub>>();
  private readonly byAgent = new Map<number, Set<AnySub>>();
  private readonly everyConversation = new Set<AnySub>();
  private readonly batchListeners = new Set<(events: DomainEvent[]) => void>();
  private pending: DomainEvent[] = [];
  private scheduled = false;
  /** The cursor expected next (null until the first event), and events that arrived ahead of it. */
  private expected: bigint | null = null;
  private readonly outOfOrder = new Map<bigint, DomainEvent>();
  private reorderTimer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private readonly detach: () => void;
  /** Credentials resolved for this process's database (see credentialOf). */
  readonly credentialCache = new Map<string, Credential>();

  constructor(
    readonly prisma: PrismaClient,
    readonly config: Config,
    readonly logger: Logger,
    readonly events: EventBus,
    feed: EventFeed,
  ) {
    this.detach = feed.subscribe((event) => this.enqueue(event));
  }

  get size(): number {
    return this.all.size;
  }

  /** A service context acting as `viewer` (for the conversations module's read services). */
  serviceContext(viewer: Viewer): ServiceContext {
    return { prisma: this.prisma, viewer, events: this.events, config: this.config };
  }

  register(sub: AnySub): void {
    this.all.add(sub);
    const { conversationId, agentId, everyConversation } = sub.index;
    if (conversationId !== undefined) addTo(this.byConversation, conversationId, sub);
    if (agentId !== undefined) addTo(this.byAgent, agentId, sub);
    if (everyConversation) this.everyConversation.add(sub);
  }

  unregister(sub: AnySub): void {
    this.all.delete(sub);
    const { conversationId, agentId } = sub.index;
    if (conversationId !== undefined) removeFrom(this.byConversation, conversationId, sub);
    if (agentId !== undefined) removeFrom(this.byAgent, agentId, sub);
    this.everyConversation.delete(sub);
  }

  /** Called with every batch of events after subscriptions were served (unread counts use it). */
  onBatch(listener: (events: DomainEvent[]) => void): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  /**
   * Cursors are handed out in commit order, but events can still arrive slightly out of order
   * (two commits racing to publish; several processes through Redis). An event that skips ahead
   * waits up to REORDER_WINDOW_MS for the ones before it, so subscribers see cursors ascending and
   * a client resuming from its last cursor misses nothing. A cursor that never comes (a rolled-back
   * insert, a process that died between commit and publish) only costs that wait.
   */
  private enqueue(event: DomainEvent): void {
    const id = BigInt(event.cursor);
    if (this.expected === null || id <= this.expected) {
      this.accept(event);
    } else {
      this.outOfOrder.set(id, event);
      this.reorderTimer ??= setTimeout(() => this.releaseOutOfOrder(), REORDER_WINDOW_MS);
    }
  }

  private accept(event: DomainEvent): void {
    const id = BigInt(event.cursor);
    if (this.expected === null || id >= this.expected) this.expected = id + 1n;
    this.schedule(event);
    // The gap closed: whatever waited behind it follows, in order.
    for (let next = this.outOfOrder.get(this.expected); next; next = this.outOfOrder.get(this.expected)) {
      this.outOfOrder.delete(this.expected);
      this.expected += 1n;
      this.schedule(next);
    }
    if (this.outOfOrder.size === 0 && this.reorderTimer) {
      clearTimeout(this.reorderTimer);
      this.reorderTimer = undefined;
    }
  }

  /** The window passed: give up on the missing cursors and release the waiting events in order. */
  private releaseOutOfOrder(): void {
    this.reorderTimer = undefined;
    const waiting = [...this.outOfOrder.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    this.outOfOrder.clear();
    for (const [id, event] of waiting) {
      this.expected = id + 1n;
      this.schedule(event);
    }
  }

  private schedule(event: DomainEvent): void {
    this.pending.push(event);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.pending;
      this.pending = [];
      // Batches run one after another, so every subscriber sees events in order.
      this.chain = this.chain.then(() => this.process(batch)).catch((error: unknown) => {
        this.logger.error('subscription batch failed', { error: (error as Error).stack });
      });
    });
  }

  /** Subscriptions a live event can concern (before permission checks). */
  private candidates(event: DomainEvent): Iterable<AnySub> {
    const found = new Set<AnySub>();
    if (event.conversationId != null) {
      for (const sub of this.byConversation.get(event.conversationId) ?? []) found.add(sub);
      for (const sub of this.everyConversation) found.add(sub);
    }
    for (const agentId of agentIdsIn(event)) for (const sub of this.byAgent.get(agentId) ?? []) found.add(sub);
    return found;
  }

  private async process(events: DomainEvent[]): Promise<void> {
    const targets = new Map<AnySub, DomainEvent[]>();
    for (const event of events) {
      for (const sub of this.candidates(event)) {
        const list = targets.get(sub);
        if (list) list.push(event);
        else targets.set(sub, [event]);
      }
    }
    if (targets.size > 0) {
      let facts: BatchFacts;
      try {
        facts = await this.loadFacts(events, [...targets.keys()]);
      } catch (error) {
        // Never a silent gap: whoever would have received these events is told to resume.
        this.logger.error('subscription batch failed', { cursors: events.map((e) => e.cursor), error: (error as Error).stack });
        const unavailable = new GraphQLError('Subscription interrupted: events could not be checked. Resubscribe with after: <last cursor>.', {
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        });
        for (const sub of targets.keys()) sub.fail(unavailable);
        return;
      }
      for (const [sub, subEvents] of targets) this.serve(sub, subEvents, facts, (cursor, payload) => sub.deliver(cursor, payload));
    }
    for (const listener of this.batchListeners) listener(events);
  }

  /** Runs `sub.match` over its events; a subscriber whose credentials lapsed is ended instead. */
  serve<P>(sub: LiveSubscription<P>, events: DomainEvent[], facts: BatchFacts, emit: (cursor: string, payload: P) => void): void {
    if (sub.channel.isClosed) return;
    if (!facts.check.isValid(sub.credential)) {
      sub.fail(unauthenticated('Subscription ended: the credentials it was opened with are no longer valid'));
      return;
    }
    for (const event of events) {
      const payload = sub.match(event, facts);
      if (payload !== null) emit(event.cursor, payload);
    }
  }

  /** The rows `events` touch, and a credential check for `subs`: a fixed number of statements. */
  async loadFacts(events: DomainEvent[], subs: AnySub[]): Promise<BatchFacts> {
    const conversationIds = [...new Set(events.map((e) => e.conversationId).filter((id): id is number => id != null))];
    const messageIds = [...new Set(events.map(messageIdOf).filter((id): id is string => id !== null))];
    const [check, conversations, messages] = await Promise.all([
      checkCredentials(this.prisma, uniqueCredentials(subs)),
      conversationIds.length ? this.prisma.conversation.findMany({ where: { id: { in: conversationIds } } }) : [],
      messageIds.length ? this.prisma.message.findMany({ where: { id: { in: messageIds } } }) : [],
    ]);
    const facts: BatchFacts = {
      check,
      conversations: new Map(conversations.map((row) => [row.id, row])),
      messages: new Map(messages.map((row) => [row.id, row])),
      members: new Map(),
    };
    if (conversationIds.length) await this.evaluateMembership(subs, conversationIds, facts.members);
    return facts;
  }

  /**
   * A WebSocket authenticates once, on connect: a subscription opened later on it re-checks that
   * the credential still holds (one statement), so a revoked key cannot open new subscriptions.
   */
  async assertValid(credential: Credential): Promise<void> {
    const check = await checkCredentials(this.prisma, [credential]);
    if (!check.isValid(credential)) throw unauthenticated('The credentials this connection was opened with are no longer valid');
  }

  /**
   * Filter membership of the batch's conversations: one statement per filter shared by everyone
   * (all, unassigned), one per per-agent built-in view for ALL its agents (mine, mentions), one per
   * stored filter and agent.
   */
  private async evaluateMembership(subs: AnySub[], conversationIds: number[], members: Map<string, Set<number>>): Promise<void> {
    const shared = new Map<string, ViewFilter>();
    const perAgent = new Map<string, { filter: ViewFilter & { perAgent: Prisma.Sql }; agents: Set<number> }>();
    for (const sub of subs) {
      const membership = sub.membership();
      if (!membership) continue;
      const { key, filter, agentId } = membership;
      if (filter.perAgent && agentId !== null) {
        const group = perAgent.get(filter.id) ?? { filter: filter as ViewFilter & { perAgent: Prisma.Sql }, agents: new Set<number>() };
        group.agents.add(agentId);
        perAgent.set(filter.id, group);
      } else if (!shared.has(key)) {
        shared.set(key, filter);
      }
    }
    await Promise.all([
      ...[...shared].map(async ([key, filter]) => members.set(key, await membersAmong(this.prisma, filter, conversationIds))),
      ...[...perAgent.values()].map(async ({ filter, agents }) => {
        const byAgent = await membersAmongPerAgent(this.prisma, filter.perAgent, [...agents], conversationIds);
        for (const [agentId, set] of byAgent) members.set(membershipKey(filter, agentId), set);
      }),
    ]);
  }

  /**
   * Catch-up: the subscription is registered (live events are held), then the log after `after`
   * is read and filtered exactly like live events, then the held events are drained skipping
   * cursors already replayed. Throws (before anything is delivered) for a bad or too old cursor.
   */
  async start(sub: AnySub, after: string | null | undefined): Promise<void> {
    const afterId = after === undefined || after === null ? null : parseCursor(after);
    await this.assertValid(sub.credential);
    if (afterId === null) {
      this.register(sub);
      return;
    }
    sub.startCatchUp();
    this.register(sub);
    try {
      const events = await this.readLog(afterId, sub.logFilter);
      const replayed: { cursor: string; payload: unknown }[] = [];
      if (events.length) {
        const facts = await this.loadFacts(events, [sub]);
        this.serve(sub, events, facts, (cursor, payload) => replayed.push({ cursor, payload }));
      }
      sub.finishCatchUp(replayed);
    } catch (error) {
      this.unregister(sub);
      throw error;
    }
  }

  private async readLog(afterId: bigint, filter: AnySub['logFilter']): Promise<DomainEvent[]> {
    const max = this.config.subscriptionCatchUpMaxEvents;
    const [latest] = await this.prisma.$queryRaw<{ id: bigint | null }[]>`SELECT max("id") AS id FROM "DomainEvent"`;
    if (afterId > (latest?.id ?? 0n)) {
      throw new AppError('BAD_USER_INPUT', `after: cursor ${afterId} is not a cursor this gateway handed out (the latest is ${latest?.id ?? 0n})`);
    }
    const rows = await this.prisma.domainEvent.findMany({
      where: {
        id: { gt: afterId },
        ...(filter.types ? { type: { in: filter.types } } : {}),
        ...(filter.conversationId !== undefined ? { conversationId: filter.conversationId } : {}),
        ...(filter.withConversation ? { conversationId: { not: null } } : {}),
      },
      orderBy: { id: 'asc' },
      take: max + 1,
    });
    const windowStart = Date.now() - this.config.subscriptionCatchUpWindowSeconds * 1000;
    if (rows.length > max || (rows.length > 0 && rows[0]!.time.getTime() < windowStart)) {
      throw new AppError(
        'GONE',
        `after: cursor ${afterId} is older than the catch-up window (${max} events or ${this.config.subscriptionCatchUpWindowSeconds} s); reload the data, then subscribe without after`,
      );
    }
    return rows.map(eventFromRow);
  }

  async stop(): Promise<void> {
    this.detach();
    if (this.reorderTimer) clearTimeout(this.reorderTimer);
    for (const sub of [...this.all]) sub.channel.end();
    await this.chain;
  }
}

/** What a subscription's delivery depends on: membership of `filter` as seen by `agentId`. */
export interface Membership {
  key: string;
  filter: ViewFilter;
  agentId: number | null;
}

/** Viewer-dependent filters are evaluated per agent; the others once for everybody. */
export function membershipKey(filter: ViewFilter, agentId: number | null): string {
  return filter.viewerDependent ? `${filter.id}:agent:${agentId ?? 'none'}` : filter.id;
}

/** Cursors are the decimal DomainEvent ids. */
export function parseCursor(value: string): bigint {
  if (!/^\d{1,19}$/.test(value.trim())) {
    throw new AppError('BAD_USER_INPUT', `after must be an event cursor (a decimal number from an earlier event), got ${JSON.stringify(value)}`, [
      { field: 'after', message: 'is not a cursor' },
    ]);
  }
  const id = BigInt(value.trim());
  if (id > 9223372036854775807n) throw new AppError('BAD_USER_INPUT', `after: cursor ${value} is out of range`);
  return id;
}

export function messageIdOf(event: DomainEvent): string | null {
  const id = (event.payload as { messageId?: unknown }).messageId;
  return typeof id === 'string' ? id : null;
}

/** The agent an agent.mentioned event names (`{ agentId, messageId }`, one event per agent); other events name none. */
export function agentIdsIn(event: DomainEvent): number[] {
  return event.type === 'agent.mentioned' && Number.isInteger(event.payload.agentId) ? [event.payload.agentId] : [];
}

function uniqueCredentials(subs: AnySub[]): Credential[] {
  const seen = new Map<string, Credential>();
  for (const sub of subs) seen.set(sub.credential.key, sub.credential);
  return [...seen.values()];
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
