/**
 * unreadCountsChanged: a viewer's unread counts per filter, pushed when they change.
 *
 * Counts are not recomputed per subscriber per event. Events only mark viewers dirty; a debounce
 * timer (UNREAD_COUNTS_DEBOUNCE_MS) then recomputes each dirty viewer ONCE (one statement for all
 * of that viewer's filters, shared by all of its subscriptions), re-checks the credentials of all
 * of them in one statement, and pushes only counts that differ from what the client last got.
 */
import type { Viewer } from '../../auth/viewer.js';
import type { DomainEvent } from '../../engine/events.js';
import { Channel } from '../../engine/pubsub/channel.js';
import { AppError, unauthenticated } from '../../graphql/errors.js';
import { checkCredentials, type Credential } from './credentials.js';
import type { Outcome, SubscriptionHub } from './hub.js';
import { unreadCounts } from '../conversations/list.js';
import { resolveViewFilter, type ViewFilter } from './views.js';

export interface FilterUnreadCount {
  filterId: string;
  unreadCount: number;
  unreadMentionedCount: number;
}

export interface UnreadCountsPayload {
  /** The last event cursor these counts include (null before any event). */
  cursor: string | null;
  allCount: number;
  filters: FilterUnreadCount[];
}

export class UnreadCountsSubscription {
  readonly channel: Channel<Outcome<UnreadCountsPayload>>;
  last: string | null = null;

  constructor(
    readonly service: UnreadCountsService,
    readonly viewer: Viewer & { kind: 'agent' },
    readonly credential: Credential,
    readonly filters: ViewFilter[],
  ) {
    this.channel = new Channel<Outcome<UnreadCountsPayload>>(
      // Counts replace each other: a client that has one pending never needs more than a few.
      Math.max(2, Math.min(service.hub.config.subscriptionMaxQueuedEvents, 16)),
      () => ({ error: new AppError('TOO_MANY_REQUESTS', 'Subscription dropped: the client did not take its unread counts') }),
      () => service.unregister(this),
    );
  }

  /** Pushes `payload` unless the counts are what the client already has. */
  offer(payload: UnreadCountsPayload): void {
    const key = JSON.stringify([payload.allCount, payload.filters]);
    if (key === this.last) return;
    this.last = key;
    this.channel.push({ cursor: payload.cursor ?? '0', payload });
  }
}

/** Events after which no agent's counts can have changed (a contact reading its portal conversation). */
const irrelevant = (event: DomainEvent) => event.conversationId == null || event.type === 'conversation.contactReadStateChanged';

/** The one agent whose counts a read-state event moves; null for events that may move anyone's. */
const readerOf = (event: DomainEvent): number | null =>
  event.type === 'conversation.readStateChanged' || event.type === 'message.readStateChanged' ? event.payload.agentId : null;

export class UnreadCountsService {
  private readonly byAgent = new Map<number, Set<UnreadCountsSubscription>>();
  private readonly dirty = new Set<number>();
  private timer?: NodeJS.Timeout;
  private lastCursor: string | null = null;
  private running: Promise<void> = Promise.resolve();
  private readonly detach: () => void;

  get size(): number {
    let n = 0;
    for (const set of this.byAgent.values()) n += set.size;
    return n;
  }

  constructor(readonly hub: SubscriptionHub) {
    this.detach = hub.onBatch((events) => this.onEvents(events));
  }

  async subscribe(viewer: Viewer & { kind: 'agent' }, credential: Credential, filterIds: string[]): Promise<UnreadCountsSubscription> {
    await this.hub.assertValid(credential);
    const filters = await Promise.all(filterIds.map((id) => resolveViewFilter(this.hub.serviceContext(viewer), id)));
    const sub = new UnreadCountsSubscription(this, viewer, credential, filters);
    let set = this.byAgent.get(viewer.agentId);
    if (!set) this.byAgent.set(viewer.agentId, (set = new Set()));
    set.add(sub);
    // The current counts first: the client needs no separate query to start.
    sub.offer(await this.compute(viewer, filters));
    return sub;
  }

  unregister(sub: UnreadCountsSubscription): void {
    const set = this.byAgent.get(sub.viewer.agentId);
    set?.delete(sub);
    if (set && set.size === 0) this.byAgent.delete(sub.viewer.agentId);
  }

  private onEvents(events: DomainEvent[]): void {
    if (this.byAgent.size === 0) return;
    let any = false;
    for (const event of events) {
      if (irrelevant(event)) continue;
      this.lastCursor = event.cursor;
      // A read-state change by one agent only moves that agent's counts.
      const reader = readerOf(event);
      if (reader !== null) {
        if (this.byAgent.has(reader)) this.dirty.add(reader);
      } else {
        for (const agentId of this.byAgent.keys()) this.dirty.add(agentId);
      }
      any = true;
    }
    if (any && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.running = this.running.then(() => this.flush()).catch((error: unknown) => {
          this.hub.logger.error('unread counts refresh failed', { error: (error as Error).stack });
        });
      }, this.hub.config.unreadCountsDebounceMs);
    }
  }

  private async flush(): Promise<void> {
    const agentIds = [...this.dirty];
    this.dirty.clear();
    const subs = agentIds.flatMap((id) => [...(this.byAgent.get(id) ?? [])]);
    if (subs.length === 0) return;
    const check = await checkCredentials(this.hub.prisma, new Map(subs.map((s) => [s.credential.key, s.credential])).values());
    // Few viewers at a time: bounded load on the database pool.
    const queue = [...agentIds];
    const worker = async () => {
      for (let agentId = queue.shift(); agentId !== undefined; agentId = queue.shift()) {
        const mine = [...(this.byAgent.get(agentId) ?? [])].filter((sub) => {
          if (check.isValid(sub.credential)) return true;
          sub.channel.end({ error: unauthenticated('Subscription ended: the credentials it was opened with are no longer valid') });
          return false;
        });
        if (mine.length === 0) continue;
        const filters = uniqueFilters(mine.flatMap((sub) => sub.filters));
        const counts = await this.compute(mine[0]!.viewer, filters);
        for (const sub of mine) {
          sub.offer({
            cursor: counts.cursor,
            allCount: counts.allCount,
            filters: sub.filters.map((f) => counts.filters.find((c) => c.filterId === f.id)!),
          });
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  }

  /** All of one viewer's counts: the conversations module's unreadCounts (one statement), as REST answers them. */
  private async compute(viewer: Viewer & { kind: 'agent' }, filters: ViewFilter[]): Promise<UnreadCountsPayload> {
    const cursor = this.lastCursor;
    const counts = await unreadCounts(this.hub.serviceContext(viewer), filters.map((filter) => filter.id));
    return { cursor, allCount: counts.allCount, filters: counts.filters };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.detach();
    for (const set of this.byAgent.values()) for (const sub of set) sub.channel.end();
  }
}

function uniqueFilters(filters: ViewFilter[]): ViewFilter[] {
  const seen = new Map<string, ViewFilter>();
  for (const filter of filters) seen.set(filter.id, filter);
  return [...seen.values()];
}
