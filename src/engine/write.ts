/**
 * The one way services write: a single database transaction, domain events logged inside it,
 * and published on the bus only after the commit succeeded (so no listener ever sees a change
 * that was rolled back).
 */
import { topicsOfEvents, type Invalidations } from '../db/invalidation.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { Viewer } from '../auth/viewer.js';
import type { Config } from '../config.js';
import { EventBus, logEvents, type DomainEvent, type PendingEvent } from './events.js';

/** What a service needs: data access, who is acting, where events go. */
export interface ServiceContext {
  prisma: PrismaClient;
  viewer: Viewer;
  events: EventBus;
  config: Config;
  /** Exact caches' generations (src/db/invalidation.ts); a commit moves them. Absent in tools. */
  invalidations?: Invalidations;
}

export type Tx = Prisma.TransactionClient;
export type Emit = (event: PendingEvent) => void;

/** What a transaction needs of the context (a durable consumer has no request config). */
export type WriteContext = Pick<ServiceContext, 'prisma' | 'viewer' | 'events' | 'invalidations'>;

export interface TransactionOptions {
  /** Runs inside the transaction right after its events were logged (e.g. to record their cursors). */
  afterLog?: (tx: Tx, logged: readonly DomainEvent[]) => Promise<void>;
}

export async function inTransaction<T>(ctx: WriteContext, work: (tx: Tx, emit: Emit) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const { result, logged } = await ctx.prisma.$transaction(
    async (tx) => {
      const pending: PendingEvent[] = [];
      const result = await work(tx, (event) => pending.push(event));
      const logged = await logEvents(tx, ctx.viewer, pending);
      if (options.afterLog) await options.afterLog(tx, logged);
      return { result, logged };
    },
    // maxWait (30 s) is the client's default: see src/db/client.ts.
    { timeout: 15_000 },
  );
  ctx.invalidations?.committed(topicsOfEvents(logged.map((event) => event.type)));
  ctx.events.publish(logged);
  return result;
}
