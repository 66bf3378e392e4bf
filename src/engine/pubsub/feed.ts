/**
 * The event feed subscriptions listen to: every committed domain event, whichever gateway process
 * wrote it.
 *
 *  - Without REDIS_URL: the events this process publishes on its EventBus, as they are published.
 *  - With REDIS_URL: this process forwards its own events to one Redis channel
 *    (`@graphql-yoga/redis-event-target` over two `ioredis` connections) and delivers to its
 *    listeners what comes back from that channel: its own events and the other processes'. All
 *    listeners therefore see one order per process, and no event twice.
 *
 * The EventBus itself stays local on purpose: in-process consumers such as triggers must run once,
 * in the process that made the change, not in every process that hears about it.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { EventBus, DomainEvent } from '../events.js';
import type { Logger } from '../../logger.js';

export const REDIS_EVENTS_CHANNEL = 'anytime:domain-events';
const REDIS_START_TIMEOUT_MS = 10_000;

export type FeedListener = (event: DomainEvent) => void;

/** On the wire: a DomainEvent with its time as an ISO string. */
type WireEvent = Omit<DomainEvent, 'time'> & { time: string };

const toWire = (event: DomainEvent): WireEvent => ({ ...event, time: event.time.toISOString() });
const fromWire = (wire: WireEvent): DomainEvent => ({ ...wire, time: new Date(wire.time) }) as DomainEvent;

export class EventFeed {
  private readonly listeners = new Set<FeedListener>();
  private detachBus?: () => void;
  private redis?: { publish: Redis; subscribe: Redis };

  private constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  /** Starts the feed; with a Redis URL it resolves once the channel subscription is confirmed. */
  static async start(bus: EventBus, logger: Logger, redisUrl: string | undefined): Promise<EventFeed> {
    const feed = new EventFeed(bus, logger);
    if (!redisUrl) {
      feed.detachBus = bus.subscribe((event) => feed.deliver(event));
      return feed;
    }
    const options = { maxRetriesPerRequest: null, lazyConnect: false } as const;
    const publish = new Redis(redisUrl, options);
    const subscribe = new Redis(redisUrl, options);
    for (const [name, client] of [['publish', publish], ['subscribe', subscribe]] as const) {
      client.on('error', (error: Error) => logger.warn('redis connection error', { connection: name, error: error.message }));
    }
    feed.redis = { publish, subscribe };
    const target = createRedisEventTarget<CustomEvent<WireEvent>>({ publishClient: publish, subscribeClient: subscribe });
    target.addEventListener(REDIS_EVENTS_CHANNEL, (event) => feed.deliver(fromWire((event as CustomEvent<WireEvent>).detail)));
    // The event target subscribes without waiting; subscribing again (a no-op for Redis) and
    // awaiting the reply means no event published after start() returns can be missed.
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        subscribe.subscribe(REDIS_EVENTS_CHANNEL),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis at REDIS_URL did not answer within ${REDIS_START_TIMEOUT_MS} ms`)), REDIS_START_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      // Fail the start rather than serve subscriptions that would silently miss other processes' events.
      publish.disconnect();
      subscribe.disconnect();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    feed.detachBus = bus.subscribe((event) => {
      target.dispatchEvent(new CustomEvent(REDIS_EVENTS_CHANNEL, { detail: toWire(event) }));
    });
    return feed;
  }

  get transport(): 'redis' | 'in-process' {
    return this.redis ? 'redis' : 'in-process';
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private deliver(event: DomainEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // One faulty listener must not keep the event from the others.
        this.logger.error('event feed listener failed', { cursor: event.cursor, error: (error as Error).stack });
      }
    }
  }

  async stop(): Promise<void> {
    this.detachBus?.();
    this.listeners.clear();
    if (this.redis) {
      await Promise.allSettled([this.redis.publish.quit(), this.redis.subscribe.quit()]);
      this.redis = undefined;
    }
  }
}
