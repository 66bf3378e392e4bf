/**
 * The sweep of unclaimed uploads is a scheduled job (ATTACHMENT_SWEEP_SCHEDULE, hourly by
 * default), not a side effect of uploads: it used to piggyback on an upload at most once an hour
 * per process, so a quiet gateway never swept and N busy ones swept N times an hour. As a
 * schedule it runs once per tick across all processes, also when nobody uploads.
 */
import { z } from 'zod';
import { defineJob, defineSchedule } from '../../engine/jobs/index.js';
import { deleteStoredFiles, purgeUnclaimedAttachments } from './service.js';

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

/**
 * The files of attachment rows a committed write deleted (see `enqueueFileDeletion`): the write
 * enqueues this job in its own transaction, so a rolled-back write keeps every file and a crash
 * right after the commit still gets them deleted (by whichever process runs jobs next).
 * Idempotent: a missing file is no error, so a rerun after a crash mid-job is harmless.
 */
defineJob({
  name: 'attachments.deleteFiles',
  payload: z.object({ storageKeys: z.array(z.string().min(1)).min(1) }),
  async handle({ storageKeys }, { config, logger }) {
    await deleteStoredFiles({ config }, storageKeys);
    logger.debug('attachment files deleted', { files: storageKeys.length });
  },
});
