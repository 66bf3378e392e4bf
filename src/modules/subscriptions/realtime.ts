/**
 * Per-process realtime machinery: the event feed (in-process or Redis) and the subscription hub,
 * started by the gateway and found by resolvers through the request's EventBus.
 * Also the per-viewer connection limit shared by both transports (WebSocket and SSE).
 */
import { partyKey, type Viewer } from '../../auth/viewer.js';
import type { EventBus } from '../../engine/events.js';
import { EventFeed } from '../../engine/pubsub/feed.js';
import type { AppDeps } from '../../graphql/context.js';
import { SubscriptionHub } from './hub.js';
import { UnreadCountsService } from './unread.js';

export interface Realtime {
  feed: EventFeed;
  hub: SubscriptionHub;
  unread: UnreadCountsService;
  connections: ConnectionLimiter;
  stop(): Promise<void>;
}

const registry = new WeakMap<EventBus, Realtime>();

export async function startRealtime(deps: AppDeps): Promise<Realtime> {
  const feed = await EventFeed.start(deps.events, deps.logger, deps.config.redisUrl);
  const hub = new SubscriptionHub(deps.prisma, deps.config, deps.logger, deps.events, feed);
  const unread = new UnreadCountsService(hub);
  const realtime: Realtime = {
    feed,
    hub,
    unread,
    connections: new ConnectionLimiter(deps.config.subscriptionMaxConnectionsPerViewer),
    async stop() {
      registry.delete(deps.events);
      unread.stop();
      await hub.stop();
      await feed.stop();
    },
  };
  registry.set(deps.events, realtime);
  deps.logger.info('subscriptions ready', { transport: feed.transport });
  return realtime;
}

/** The realtime machinery of the gateway `events` belongs to, or undefined once it stopped. */
export function maybeRealtimeOf(events: EventBus): Realtime | undefined {
  return registry.get(events);
}

/** The realtime machinery of the gateway `events` belongs to. */
export function realtimeOf(events: EventBus): Realtime {
  const realtime = registry.get(events);
  if (!realtime) throw new Error('Subscriptions are not running in this process (startRealtime was not called)');
  return realtime;
}

/** A viewer's connection-count key (the one viewer → party mapping). */
export const viewerKey = partyKey;

export type SubscriptionTransport = 'websocket' | 'sse';

/** Counts open subscription connections per viewer in this process (and per transport, for /metrics). */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();
  private readonly byTransport: Record<SubscriptionTransport, number> = { websocket: 0, sse: 0 };
  constructor(private readonly max: number) {}

  /**
   * A release function, or null when the viewer already holds `max` connections. A graphql-ws
   * connection holds one from connect to close; an SSE subscription one for its whole life.
   */
  acquire(viewer: Viewer, transport: SubscriptionTransport): (() => void) | null {
    const key = viewerKey(viewer);
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) return null;
    this.open.set(key, count + 1);
    this.byTransport[transport] += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.byTransport[transport] -= 1;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left <= 0) this.open.delete(key);
      else this.open.set(key, left);
    };
  }

  /** Connections open now over `transport` (WebSocket connections; SSE subscriptions). */
  openCount(transport: SubscriptionTransport): number {
    return this.byTransport[transport];
  }
}
