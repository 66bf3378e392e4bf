/**
 * Durable event consumers: what must happen *because* of a write (triggers, SLA outcomes, report
 * rollups, webhooks) reads the DomainEvent log, never the in-memory bus alone, so a process that
 * dies right after a commit loses nothing.
 *
 * Each consumer has a row in "ConsumerCursor" (its position in the log). A batch is one
 * transaction that
 *   1. locks that row with FOR UPDATE SKIP LOCKED: with several gateway processes exactly one of
 *      them works a given consumer at a time, the others skip it (and retry on their next wake-up);
 *   2. reads the events after the position, in id order (ids are handed out in commit order, see
 *      EVENT_LOG_LOCK_KEY in ../events.ts, so no smaller id can still commit behind a larger one);
 *   3. runs the handler with the same transaction client;
 *   4. moves the position past the batch.
 * The handler's database writes and the cursor move commit together: a handler that throws rolls
 * both back and sees the same events again (at least once; exactly once for database effects).
 * Effects outside the database (an email, an HTTP call) must be keyed by the event's cursor to be
 * idempotent: enqueue them as jobs instead of performing them in the handler.
 *
 * Runners wake up right after a local commit (the in-process EventBus) and otherwise poll every
 * CONSUMER_POLL_MS, which also picks up events committed by other processes or before a restart.
 */
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Invalidations } from '../../db/invalidation.js';
import type { Logger } from '../../logger.js';
import { eventFromRow, type DomainEvent, type DomainEventType, type EventBus, type EventRow } from '../events.js';
import type { ServiceContext, Tx } from '../write.js';

/** What a handler may use besides its batch transaction: the process's services (to write as a viewer of its own). */
export type ConsumerContext = Omit<ServiceContext, 'viewer'> & { logger: Logger };

export interface ConsumerDefinition {
  /** Stable name: the key of the consumer's stored position. Renaming it replays the whole log. */
  name: string;
  /** At most this many events per batch (default and upper bound: CONSUMER_BATCH_SIZE), for handlers whose work per event is large. */
  batchSize?: number;
  /** Only these event types reach the handler (the position still moves over the others). */
  eventTypes?: readonly DomainEventType[];
  /**
   * Handles a batch, in log order, inside the transaction that moves the position. `context`
   * lets a handler make its own writes with inTransaction (its events are then published on the
   * bus after their commit); such a write must be idempotent, as the batch may come again.
   */
  handle(events: DomainEvent[], tx: Tx, context: ConsumerContext): Promise<void>;
  /**
   * Runs once when a process starts its consumers, before the first batch: recovery of work a
   * process that died left behind (webhooks re-enqueue attempts cut short by a crash). Must be
   * idempotent and cheap when there is nothing to recover; several processes may run it at once.
   */
  onStart?(prisma: PrismaClient): Promise<void>;
}

const registry = new Map<string, ConsumerDefinition>();

/** Registers a consumer; modules call this at import time, next to the code it drives. */
export function defineConsumer(definition: ConsumerDefinition): ConsumerDefinition {
  if (registry.has(definition.name)) throw new Error(`Consumer "${definition.name}" is defined twice`);
  registry.set(definition.name, definition);
  return definition;
}

export const registeredConsumers = (): ConsumerDefinition[] => [...registry.values()];

export interface ConsumerDeps {
  prisma: PrismaClient;
  events: EventBus;
  logger: Logger;
  pollMs: number;
  batchSize: number;
  /** Given to handlers (with prisma, events and logger) as their ConsumerContext. */
  config: ServiceContext['config'];
  invalidations?: ServiceContext['invalidations'];
}

export interface ConsumerRunner {
  /** Resolves once every consumer has handled every event committed before the call. */
  drain(): Promise<void>;
  /** Stops waking up and waits for the batch in flight. */
  stop(): Promise<void>;
}

/** What one batch did: handled N events, found nothing, or found the consumer busy elsewhere. */
type BatchOutcome = { kind: 'handled'; count: number } | { kind: 'idle' } | { kind: 'busy' };

class Runner {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  /** After a failure, wake-ups (commits, polls) wait for the backoff; the retry timer ends it. */
  private retryAt = 0;

  constructor(
    private readonly definition: ConsumerDefinition,
    private readonly deps: ConsumerDeps,
  ) {}

  private get batchSize(): number {
    return Math.min(this.definition.batchSize ?? this.deps.batchSize, this.deps.batchSize);
  }

  wants(type: DomainEventType): boolean {
    return !this.definition.eventTypes || this.definition.eventTypes.includes(type);
  }

  /** Runs batches until caught up; a wake-up during a run schedules one more pass. */
  wake(): Promise<void> {
    if (this.stopped || Date.now() < this.retryAt) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.wake();
      }
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      let outcome: BatchOutcome;
      try {
        outcome = await this.batch();
        this.failures = 0;
        this.retryAt = 0;
      } catch (error) {
        // The transaction rolled back: the same events come again. Back off so a poison event
        // does not spin the process, and say so loudly: a stuck consumer is an operator's problem.
        this.failures += 1;
        const delay = Math.min(this.deps.pollMs * 2 ** Math.min(this.failures - 1, 6), 60_000);
        this.deps.logger.error('event consumer failed; retrying', {
          consumer: this.definition.name,
          attempt: this.failures,
          retryInMs: delay,
          error: (error as Error).message,
        });
        clearTimeout(this.retryTimer);
        this.retryAt = Date.now() + delay;
        this.retryTimer = setTimeout(() => {
          this.retryAt = 0;
          void this.wake();
        }, delay);
        this.retryTimer.unref();
        return;
      }
      if (outcome.kind !== 'handled' || outcome.count < this.batchSize) return;
    }
  }

  private batch(): Promise<BatchOutcome> {
    const { name, eventTypes } = this.definition;
    return this.deps.prisma.$transaction(
      async (tx) => {
        const [cursor] = await tx.$queryRaw<{ position: bigint }[]>`
          SELECT "position" FROM "ConsumerCursor" WHERE "name" = ${name} FOR UPDATE SKIP LOCKED`;
        if (!cursor) return { kind: 'busy' } as const;
        const rows = await tx.$queryRaw<EventRow[]>`
          SELECT "id", "type", "conversationId", "actorType", "actorId", "payload", "time"
          FROM "DomainEvent" WHERE "id" > ${cursor.position} ORDER BY "id" LIMIT ${this.batchSize}`;
        if (rows.length === 0) return { kind: 'idle' } as const;
        const events = rows.map(eventFromRow);
        const wanted = eventTypes ? events.filter((event) => eventTypes.includes(event.type)) : events;
        if (wanted.length) {
          const { prisma, events, config, invalidations, logger } = this.deps;
          await this.definition.handle(wanted, tx, { prisma, events, config, invalidations, logger });
        }
        await tx.$executeRaw`
          UPDATE "ConsumerCursor" SET "position" = ${rows[rows.length - 1]!.id}, "updatedTime" = now() WHERE "name" = ${name}`;
        return { kind: 'handled', count: rows.length } as const;
      },
      // Behind a burst of writes the batch waits for a connection rather than failing into backoff.
      { timeout: 60_000, maxWait: 30_000 },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.running;
  }
}

/**
 * Starts a runner per consumer. A new consumer starts at the END of the log (it reacts to what
 * happens from now on; replaying years of history into, say, trigger emails would be wrong); a
 * consumer that must see the past (report rollups) backfills in its own migration.
 */
export async function startConsumers(deps: ConsumerDeps, definitions = registeredConsumers()): Promise<ConsumerRunner> {
  for (const { name } of definitions) {
    await deps.prisma.$executeRaw`
      INSERT INTO "ConsumerCursor" ("name", "position")
      SELECT ${name}, coalesce(max("id"), 0) FROM "DomainEvent"
      ON CONFLICT ("name") DO NOTHING`;
  }
  for (const definition of definitions) await definition.onStart?.(deps.prisma);
  const runners = definitions.map((definition) => new Runner(definition, deps));
  const wakeAll = () => Promise.all(runners.map((runner) => runner.wake()));
  // A commit wakes only the consumers that take its event types (the poll moves the others' positions).
  const unsubscribe = runners.length
    ? deps.events.subscribe((event) => {
        for (const runner of runners) if (runner.wants(event.type)) void runner.wake();
      })
    : () => undefined;
  const poll = setInterval(() => void wakeAll(), deps.pollMs);
  poll.unref();
  void wakeAll();

  return {
    async drain() {
      // A pass that found the cursor row locked by another process has not caught up: try again.
      const deadline = Date.now() + 30_000;
      for (;;) {
        await wakeAll();
        const behind = await deps.prisma.$queryRaw<{ behind: boolean }[]>`
          SELECT EXISTS (
            SELECT 1 FROM "ConsumerCursor" c WHERE c."name" = ANY(${definitions.map((d) => d.name)}::text[])
            AND EXISTS (SELECT 1 FROM "DomainEvent" e WHERE e."id" > c."position")) AS behind`;
        if (!behind[0]?.behind) return;
        if (Date.now() > deadline) throw new Error('event consumers did not catch up within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      clearInterval(poll);
      unsubscribe();
      await Promise.all(runners.map((runner) => runner.stop()));
    },
  };
}
