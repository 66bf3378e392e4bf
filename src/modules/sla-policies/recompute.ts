/**
 * Recomputing the SLA of open conversations after a policy or calendar change is a job, not the
 * request: the admin's write enqueues `sla.recomputeOpen` in its own transaction (so it commits
 * with the change, or not at all) under one job key, so a burst of changes coalesces into one
 * pending job. The job walks the open conversations in id order, a chunk per transaction; each
 * conversation is locked (FOR UPDATE) before its facts are read, so a concurrent write to it (which
 * recomputes in its own transaction) is never overwritten by a stale result. Recomputing is
 * idempotent (the clocks are a function of the facts), so a rerun after a crash is harmless.
 */
import { defineJob, enqueueJob } from '../../engine/jobs/index.js';
import { withConditions } from '../../engine/conditions/store.js';
import type { Tx } from '../../engine/write.js';
import { loadPausedStatuses, loadSiteCalendar } from '../working-time/service.js';
import { applySlaMany } from './clocks.js';

export const RECOMPUTE_JOB_KEY = 'sla.recomputeOpen';
const CHUNK = 200;

/** Called inside the transaction of a policy, working time or holiday change. */
export function enqueueSlaRecompute(tx: Tx): Promise<string> {
  return enqueueJob(tx, 'sla.recomputeOpen', {}, { jobKey: RECOMPUTE_JOB_KEY, jobKeyMode: 'replace' });
}

/** Recomputes every open (not closed, not deleted or merged) conversation; returns how many. Closed ones keep the policy they had. */
export async function recomputeOpenConversations(prisma: { $transaction<T>(fn: (tx: Tx) => Promise<T>, options?: { timeout?: number }): Promise<T> } & Pick<Tx, 'conversation'>): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const ids = (
      await prisma.conversation.findMany({
        where: { id: { gt: after }, status: { not: 'closed' }, deletedTime: null, mergedIntoId: null },
        orderBy: { id: 'asc' },
        take: CHUNK,
        select: { id: true },
      })
    ).map((row) => row.id);
    if (!ids.length) return count;
    await prisma.$transaction(
      async (tx) => {
        const [policies, calendar, pausedStatuses] = await Promise.all([
          tx.slaPolicy.findMany({ orderBy: [{ orderIndex: 'asc' }, { id: 'asc' }], include: withConditions }),
          loadSiteCalendar(tx),
          loadPausedStatuses(tx),
        ]);
        await tx.$queryRaw`SELECT id FROM "Conversation" WHERE id = ANY(${ids}::int[]) ORDER BY id FOR UPDATE`;
        await applySlaMany(tx, ids, { policies, calendar, pausedStatuses });
      },
      { timeout: 60_000 },
    );
    count += ids.length;
    after = ids[ids.length - 1]!;
  }
}

defineJob({
  name: 'sla.recomputeOpen',
  async handle(_payload, { prisma, logger }) {
    const started = Date.now();
    const count = await recomputeOpenConversations(prisma as never);
    logger.info('SLA recomputed', { conversations: count, ms: Date.now() - started });
  },
});
