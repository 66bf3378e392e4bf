/**
 * The `email.send` job: delivers one outbox row (./service.ts) and records the outcome.
 *
 * - Sent: the row becomes `sent` (sentTime), its message's sendStatus `sucess`.
 * - SMTP refuses or is unreachable: attempts and lastError are recorded, the row stays `queued`
 *   and the job throws, so graphile-worker retries it with exponential backoff; at the last
 *   attempt (MAIL_MAX_ATTEMPTS) the row becomes `failed` and the message `fail`.
 * - No SMTP_URL (and no SMTP settings on the sending account): the row is `failed` at once with a
 *   clear lastError (SMTP_OFF), the message `fail`; nothing is dropped silently and nothing crashes.
 * - Which server and From: chosen here, at delivery (./transport.ts routeFor): the conversation's
 *   email account's SMTP settings and address, else SMTP_URL / MAIL_FROM. The row records the
 *   account (`accountId`, null for SMTP_URL) and the From address of the attempt.
 * - The message's sendStatus change (sending → sucess | fail) is written together with a
 *   `message.sendStatusChanged` event { messageId, from, to } (the messageSendStatusChanged
 *   subscription, the event log), only when the status really changes.
 */
import { z } from 'zod';
import { automationViewer } from '../../auth/viewer.js';
import { defineJob, type JobContext } from '../../engine/jobs/index.js';
import { inTransaction, type Emit, type Tx } from '../../engine/write.js';
import { storageFor } from '../attachments/storage.js';
import { routeFor } from './transport.js';

const EMAIL_VIEWER = automationViewer({ ruleType: 'system', ruleId: 'email' });

/** Sets the message's sendStatus and logs message.sendStatusChanged, when it changes. */
async function setSendStatus(tx: Tx, emit: Emit, messageId: string | null, to: 'sucess' | 'fail') {
  if (!messageId) return;
  const rows = await tx.$queryRaw<{ conversationId: number; sendStatus: string }[]>`
    SELECT "conversationId", "sendStatus" FROM "Message" WHERE id = ${messageId}::uuid FOR UPDATE`;
  const row = rows[0];
  if (!row || row.sendStatus === to) return;
  await tx.message.update({ where: { id: messageId }, data: { sendStatus: to } });
  emit({ type: 'message.sendStatusChanged', conversationId: row.conversationId, payload: { messageId, from: row.sendStatus, to } });
}

type Attempt = { accountId: number | null; fromAddress: string | null };

async function recordFailure(context: JobContext, email: { id: string; messageId: string | null; attempts: number }, error: string, final: boolean, attempt: Attempt) {
  await inTransaction({ ...context, viewer: EMAIL_VIEWER }, async (tx, emit) => {
    await tx.outboundEmail.update({ where: { id: email.id }, data: { status: final ? 'failed' : 'queued', attempts: email.attempts + 1, lastError: error.slice(0, 2000), ...attempt } });
    if (final) await setSendStatus(tx, emit, email.messageId, 'fail');
  });
}

defineJob({
  name: 'email.send',
  payload: z.object({ emailId: z.string().uuid() }),
  async handle({ emailId }, context) {
    const { prisma, config, logger, job } = context;
    const email = await prisma.outboundEmail.findUnique({ where: { id: emailId } });
    if (!email || email.status === 'sent') return;
    const route = await routeFor(prisma, config, email);
    if ('off' in route) {
      logger.warn('email not sent', { emailId, error: route.off });
      await recordFailure(context, email, route.off, true, { accountId: null, fromAddress: null });
      return;
    }
    const attempt: Attempt = { accountId: route.accountId, fromAddress: route.fromAddress };
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
      await route.transport.sendMail({
        from: route.from,
        ...(route.replyTo ? { replyTo: route.replyTo } : {}),
        to: email.to,
        ...(email.cc ? { cc: email.cc } : {}),
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
      await recordFailure(context, email, message, final, attempt);
      if (final) return;
      throw error;
    }
    await inTransaction({ ...context, viewer: EMAIL_VIEWER }, async (tx, emit) => {
      await tx.outboundEmail.update({ where: { id: email.id }, data: { status: 'sent', sentTime: new Date(), attempts: email.attempts + 1, lastError: null, ...attempt } });
      await setSendStatus(tx, emit, email.messageId, 'sucess');
    });
  },
});
