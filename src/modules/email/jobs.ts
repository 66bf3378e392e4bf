/**
 * The `email.send` job: delivers one outbox row (./service.ts) and records the outcome.
 *
 * - Sent: the row becomes `sent` (sentTime), its message's sendStatus `sucess`.
 * - SMTP refuses or is unreachable: attempts and lastError are recorded, the row stays `queued`
 *   and the job throws, so graphile-worker retries it with exponential backoff; at the last
 *   attempt (MAIL_MAX_ATTEMPTS) the row becomes `failed` and the message `fail`.
 * - No SMTP_URL: the row is `failed` at once with a clear lastError (SMTP_OFF), the message
 *   `fail`; nothing is dropped silently and nothing crashes.
 */
import { z } from 'zod';
import { defineJob } from '../../engine/jobs/index.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { storageFor } from '../attachments/storage.js';
import { SMTP_OFF, transportFor } from './service.js';

async function recordFailure(prisma: PrismaClient, email: { id: string; messageId: string | null; attempts: number }, error: string, final: boolean) {
  await prisma.$transaction([
    prisma.outboundEmail.update({ where: { id: email.id }, data: { status: final ? 'failed' : 'queued', attempts: email.attempts + 1, lastError: error.slice(0, 2000) } }),
    ...(final && email.messageId ? [prisma.message.updateMany({ where: { id: email.messageId }, data: { sendStatus: 'fail' } })] : []),
  ]);
}

defineJob({
  name: 'email.send',
  payload: z.object({ emailId: z.string().uuid() }),
  async handle({ emailId }, { prisma, config, logger, job }) {
    const email = await prisma.outboundEmail.findUnique({ where: { id: emailId } });
    if (!email || email.status === 'sent') return;
    if (!config.smtpUrl) {
      logger.warn('email not sent', { emailId, error: SMTP_OFF });
      await recordFailure(prisma, email, SMTP_OFF, true);
      return;
    }
    try {
      // The trigger's attachment, or the attachments of the agent's reply this email delivers.
      const files = await prisma.attachment.findMany({
        where: email.attachmentId ? { id: email.attachmentId } : email.messageId && !email.triggerId ? { messageId: email.messageId } : { id: { in: [] } },
        orderBy: { createdTime: 'asc' },
      });
      const attachments = [];
      for (const file of files) {
        if (file.storageKey) attachments.push({ filename: file.fileName, contentType: file.mimetype, content: await storageFor(config).get(file.storageKey) });
      }
      await transportFor(config.smtpUrl).sendMail({
        from: config.mailFrom,
        to: email.to,
        subject: email.subject,
        text: email.text,
        ...(email.html ? { html: email.html } : {}),
        messageId: email.messageIdHeader,
        ...(email.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
        ...(email.references ? { references: email.references } : {}),
        headers: email.autoSubmitted ? { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' } : {},
        attachments,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = job.attempt >= job.maxAttempts;
      logger.warn('email delivery failed', { emailId, attempt: job.attempt, maxAttempts: job.maxAttempts, error: message });
      await recordFailure(prisma, email, message, final);
      if (final) return;
      throw error;
    }
    await prisma.$transaction([
      prisma.outboundEmail.update({ where: { id: email.id }, data: { status: 'sent', sentTime: new Date(), attempts: email.attempts + 1, lastError: null } }),
      ...(email.messageId ? [prisma.message.updateMany({ where: { id: email.messageId }, data: { sendStatus: 'sucess' } })] : []),
    ]);
  },
});
