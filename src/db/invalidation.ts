/**
 * Exact caches across processes. Triggers on the tables a cached answer is computed from notify
 * every gateway process on `anytime_invalidation` with a topic (migration
 * 20261203061500_invalidation_notifications); this module listens on one dedicated connection and
 * keeps a generation number per topic. A cache stores the generation it read before computing an
 * answer and serves it only while the generation is unchanged:
 *  - NOTIFY is delivered after commit, so an answer computed from a snapshot older than a commit is
 *    never served once that commit's notification has arrived (milliseconds), in any process;
 *  - an answer whose computation overlapped a notification is not stored at all;
 *  - while the listening connection is down nothing is cached (`generation()` is null), and after
 *    it reconnects every generation moves on, since notifications sent meanwhile are lost.
 * Why not Redis pub/sub: it is optional here, and PostgreSQL is the one thing every process shares.
 * Why not `pg-listen`: unmaintained since 2021, and what we need is a reconnecting LISTEN.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const INVALIDATION_CHANNEL = 'anytime_invalidation';
export type InvalidationTopic = 'conversations' | 'credentials' | 'filters';

/**
 * The topics a commit touched, judged by the events it logged: conversation work never changes
 * credentials, so an agent's reply does not make the next request re-read its API key. A commit
 * without events (agents, keys, clients, contacts) or with an event not listed moves them all.
 */
export function topicsOfEvents(types: readonly string[]): InvalidationTopic[] | undefined {
  if (types.length === 0) return undefined;
  const topics = new Set<InvalidationTopic>();
  for (const type of types) {
    const kind = type.slice(0, type.indexOf('.'));
    if (kind === 'conversation' || kind === 'message' || kind === 'draft' || type === 'agent.mentioned') topics.add('conversations');
    else if (kind === 'filter') topics.add('filters');
    else if (kind === 'sla') topics.add('conversations');
    else if (kind === 'field') topics.add('filters').add('conversations');
    else if (kind === 'attachment') continue;
    else return undefined;
  }
  return [...topics];
}

export interface Invalidations {
  /** The topic's current generation, or null when caching is unsafe (not listening). */
  generation(topic: InvalidationTopic): number | null;
  /**
   * A write transaction of this process committed, touching these topics (all when unknown): their
   * generations move now, before its caller answers, so this process reads its own writes without
   * waiting for the notification (which still reaches the other processes).
   */
  committed(topics?: readonly InvalidationTopic[]): void;
  /**
   * Resolves once every notification of a commit before this call has arrived (notifications reach
   * a listener in commit order, so our own arriving proves the earlier ones have). For tests that
   * write behind the gateway's back.
   */
  barrier(): Promise<void>;
  close(): Promise<void>;
}

/** For tools and tests without a listener: nothing is ever cached. */
export const noInvalidations: Invalidations = { generation: () => null, committed: () => {}, barrier: async () => {}, close: async () => {} };

export async function listenForInvalidations(url: string, onError: (message: string) => void): Promise<Invalidations> {
  const generations = new Map<string, number>();
  let listening = false;
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const barriers = new Map<string, () => void>();
  let dropCurrent: (reason: string) => void = () => {};

  // Moves every topic's generation at once: notifications may have been missed while not listening.
  let epoch = 0;
  const bumpAll = () => {
    epoch += 1;
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: 'anytime-invalidation-listener' });
    next.on('notification', (message) => {
      const topic = message.payload ?? '';
      const barrier = barriers.get(topic);
      if (barrier) {
        barriers.delete(topic);
        barrier();
        return;
      }
      generations.set(topic, (generations.get(topic) ?? 0) + 1);
    });
    const lost = (reason: string) => {
      if (client !== next) return;
      client = undefined;
      listening = false;
      bumpAll();
      // Nothing is cached while not listening, so a waiting barrier has nothing left to wait for.
      for (const release of barriers.values()) release();
      barriers.clear();
      next.end().catch(() => {});
      if (closed) return;
      onError(`cache invalidation listener lost (${reason}); caching is off until it reconnects`);
      retry = setTimeout(() => void connect().catch((error: Error) => lost(error.message)), 1000);
    };
    next.on('error', (error) => lost(error.message));
    dropCurrent = lost;
    next.on('end', () => lost('connection ended'));
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    } catch (error) {
      lost((error as Error).message);
      throw error;
    }
    bumpAll();
    listening = true;
  };

  await connect();
  return {
    generation(topic) {
      if (!listening) return null;
      return epoch * 1_000_000_000 + (generations.get(topic) ?? 0);
    },
    committed(topics) {
      if (!topics) return bumpAll();
      for (const topic of topics) generations.set(topic, (generations.get(topic) ?? 0) + 1);
    },
    async barrier() {
      if (!client || !listening) return;
      const token = `barrier:${randomUUID()}`;
      const arrived = new Promise<void>((resolve) => barriers.set(token, resolve));
      const sent = client.query(`SELECT pg_notify('${INVALIDATION_CHANNEL}', $1)`, [token]).catch((error: Error) => {
        // pg_notify itself cannot fail: the listening connection broke. Dropping it (maybe before
        // its 'error' event) releases this barrier and turns caching off until it reconnects.
        dropCurrent(error.message);
      });
      await Promise.all([sent, arrived]);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      listening = false;
      const current = client;
      client = undefined;
      await current?.end();
    },
  };
}

/**
 * A small cache of answers valid while a topic's generation holds (and for at most `ttlMs`).
 * `get` computes on a miss and stores only when no invalidation arrived meanwhile.
 */
export class InvalidatedCache<V> {
  private readonly entries = new Map<string, { value: V; generation: number; expires: number }>();
  constructor(
    private readonly invalidations: Invalidations,
    private readonly topic: InvalidationTopic,
    private readonly options: { ttlMs: number; maxEntries: number },
  ) {}

  async get(key: string, compute: () => Promise<V>): Promise<V> {
    const found = await this.getMany([key], async () => new Map([[key, await compute()]]));
    return found.get(key) as V;
  }

  /** `get` for many keys, the misses computed together (one query for all of them). */
  async getMany(keys: readonly string[], computeMissing: (missing: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
    const before = this.invalidations.generation(this.topic);
    const now = Date.now();
    const found = new Map<string, V>();
    const missing: string[] = [];
    for (const key of keys) {
      const entry = before === null ? undefined : this.entries.get(key);
      if (entry && entry.generation === before && entry.expires > now) found.set(key, entry.value);
      else missing.push(key);
    }
    if (missing.length === 0) return found;
    const computed = await computeMissing(missing);
    const store = before !== null && this.invalidations.generation(this.topic) === before;
    for (const key of missing) {
      const value = computed.get(key) as V;
      found.set(key, value);
      if (store) this.put(key, value, before, now);
    }
    return found;
  }

  private put(key: string, value: V, generation: number, now: number): void {
    // Map order is insertion order: re-inserting keeps the oldest entry first for eviction.
    this.entries.delete(key);
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, generation, expires: now + this.options.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

const cachesByListener = new WeakMap<Invalidations, Map<string, InvalidatedCache<unknown>>>();

/**
 * The cache called `name` of one gateway (one listener, one database): modules define their caches
 * where they use them, and several gateways in one process (tests) never share entries.
 */
export function cacheOf<V>(
  invalidations: Invalidations,
  name: string,
  topic: InvalidationTopic,
  options: { ttlMs: number; maxEntries: number },
): InvalidatedCache<V> {
  let caches = cachesByListener.get(invalidations);
  if (!caches) cachesByListener.set(invalidations, (caches = new Map()));
  let cache = caches.get(name);
  if (!cache) caches.set(name, (cache = new InvalidatedCache<unknown>(invalidations, topic, options)));
  return cache as InvalidatedCache<V>;
}
