/**
 * The sweep of unclaimed uploads is a scheduled job (ATTACHMENT_SWEEP_SCHEDULE, hourly by
 * default), not a side effect of uploads: it used to piggyback on an upload at most once an hour
 * per process, so a quiet gateway never swept and N busy ones swept N times an hour. As a
 * schedule it runs once per tick across all processes, also when nobody uploads.
 */
import { defineJob, defineSchedule } from '../../engine/jobs/index.js';
import { purgeUnclaimedAttachments } from './service.js';

defineJob({
  name: 'attachments.sweepUnclaimed',
  async handle(_payload, { prisma, config, logger }) {
    const olderThan = new Date(Date.now() - config.attachmentUnclaimedTtlHours * 3600 * 1000);
    const purged = await purgeUnclaimedAttachments({ prisma, config }, olderThan);
    if (purged > 0) logger.info('unclaimed attachments purged', { purged, olderThan: olderThan.toISOString() });
  },
});

defineSchedule({
  name: 'attachments.sweepUnclaimed',
  job: 'attachments.sweepUnclaimed',
  pattern: (config) => config.attachmentSweepSchedule,
});
