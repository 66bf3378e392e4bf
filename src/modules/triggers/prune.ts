/**
 * TriggerRun cleanup (README "Triggers" → "Run history"): a scheduled job
 * (TRIGGER_RUN_PRUNE_SCHEDULE, daily at 03:23 UTC by default) deletes TriggerRun rows older than
 * TRIGGER_RUN_RETENTION_DAYS (default 30), in slices of 10,000 so no statement holds locks for
 * long. Once per tick across all processes (graphile-worker's schedule).
 *
 * What a run row is for, and why deleting old ones is safe: its key (eventId, triggerId) makes a
 * run happen once while the trigger consumer may still retry that event — the consumer's cursor is
 * long past an event of 30 days ago; and its event range gives chain depth to the runs its own write
 * causes, which run within seconds. Timed triggers are keyed by the event that began the status
 * period: a status lasting longer than the retention could in principle fire again only if the
 * same timer job ran again, which it does not (it completes once).
 */
import { defineJob, defineSchedule } from '../../engine/jobs/index.js';
import type { PrismaClient } from '../../generated/prisma/client.js';

const SLICE = 10_000;

/** Deletes the runs older than `days` days; returns how many. */
export async function pruneTriggerRuns(prisma: PrismaClient, days: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await prisma.$executeRaw`
      DELETE FROM "TriggerRun" WHERE ctid IN (
        SELECT ctid FROM "TriggerRun" WHERE "time" < now() - make_interval(days => ${days}::int) LIMIT ${SLICE})`;
    total += deleted;
    if (deleted < SLICE) return total;
  }
}

defineJob({
  name: 'triggers.pruneRuns',
  async handle(_payload, { prisma, config, logger }) {
    const deleted = await pruneTriggerRuns(prisma, config.triggerRunRetentionDays);
    if (deleted > 0) logger.info('old trigger runs deleted', { deleted, retentionDays: config.triggerRunRetentionDays });
  },
});

defineSchedule({
  name: 'triggers.pruneRuns',
  job: 'triggers.pruneRuns',
  pattern: (config) => config.triggerRunPruneSchedule,
});
