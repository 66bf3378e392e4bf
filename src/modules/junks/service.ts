/**
 * Junk (spec "# Junks"): mail from a sender blocked as junk (blockEmailasJunk, blockDomainasJunk;
 * src/modules/blocked-senders). The inbound pipeline (src/modules/inbound-email receiveEmail) hands
 * it here instead of making a conversation: a Junk row keeps the raw mail (bytea) and what was
 * parsed from it (subject, From, cc, texts, Date), and its files go to the attachment storage as
 * Attachment rows with `junkId` (no message, no conversation). No contact is created.
 *
 *  - Dedupe as in the pipeline: one Junk per (account, Message-ID); the same mail again answers
 *    with the first junk (duplicate: true).
 *  - notJunk: the raw mail runs through receiveEmail again with the block check skipped (routing,
 *    allocation, triggers, threading as for any mail), then the junk row and its attachments go
 *    (their files by the attachments.deleteFiles job after commit). The conversation step is
 *    deduped by Message-ID, so a notJunk that failed between the two steps, or two at once, give
 *    the same conversation and leave no junk behind.
 *  - delete: the row and its attachments in one transaction, the files after commit (same job).
 */
import type { ParsedMail } from 'mailparser';
import { Prisma, type Junk } from '../../generated/prisma/client.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { AppError, conflict, invalidField, notFound } from '../../graphql/errors.js';
import { enqueueFileDeletion, storeEmbeddedFile, type StoredFile } from '../attachments/service.js';
import { storageFor } from '../attachments/storage.js';
import { parseListTime } from '../conversations/list.js';
import { plainTextOf, toStoredTexts } from '../conversations/text.js';
import { addressText, receiveEmail, textsOf, type InboundContext } from '../inbound-email/service.js';

export type JunkRow = Omit<Junk, 'raw'>;

/** What the inbound pipeline answers for a mail kept as junk (the endpoint's 202, or 200 when seen before). */
export interface JunkedMail {
  junk: true;
  junkId: string;
  emailMessageId: string;
  duplicate: boolean;
  attachments: { id: string; fileName: string; isAvailable: boolean; size: number; reason: string | null }[];
}

/** Every column but the raw bytes, for reads. */
export const JUNK_COLUMNS = Prisma.sql`j.id, j."accountId", j."emailMessageId", j.subject, j."from", j."fromAddress", j."fromName", j.cc, j.texts, j."plainText", j."sentTime", j.time, j."isRead"`;
const omitRaw = { raw: true } as const;

const MAX_SUBJECT = 1000;
const stripId = (id: string) => id.trim().replace(/^<+|>+$/g, '').trim();

async function existingJunk(db: Tx | InboundContext['prisma'], accountId: number, emailMessageId: string): Promise<JunkedMail | null> {
  const found = await db.junk.findUnique({ where: { accountId_emailMessageId: { accountId, emailMessageId } }, select: { id: true } });
  if (!found) return null;
  const attachments = await db.attachment.findMany({ where: { junkId: found.id }, orderBy: { createdTime: 'asc' } });
  return {
    junk: true, junkId: String(found.id), emailMessageId, duplicate: true,
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.fileName, isAvailable: a.isAvailable, size: a.size, reason: a.isAvailable ? null : a.text })),
  };
}

/**
 * Keeps a parsed inbound mail as junk (called by receiveEmail for a sender blocked as junk, after
 * its dedupe and before it writes anything). One transaction; stored files of a rollback removed.
 */
export async function storeJunkMail(
  ctx: InboundContext, accountId: number, raw: Buffer, mail: ParsedMail, emailMessageId: string, from: { address: string; name: string },
): Promise<JunkedMail> {
  const before = await existingJunk(ctx.prisma, accountId, emailMessageId);
  if (before) return before;
  const files: (StoredFile & { contentId: string | null; inline: boolean })[] = [];
  try {
    for (const part of mail.attachments) {
      const stored = await storeEmbeddedFile(ctx.config, { fileName: part.filename ?? (part.contentId ? `inline-${stripId(part.contentId)}` : null), content: part.content, contentType: part.contentType });
      files.push({ ...stored, contentId: part.contentId ? stripId(part.contentId) : null, inline: part.contentDisposition === 'inline' || Boolean(part.related) });
    }
    const texts = toStoredTexts(textsOf(mail), 'texts');
    const sentTime = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null;
    const dropped: string[] = [];
    const result = await inTransaction({ ...ctx, viewer: { kind: 'automation', ruleType: 'system', ruleId: `inbound-email:${accountId}` } }, async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`inbound:${accountId}:${emailMessageId}`}))`;
      const again = await existingJunk(tx, accountId, emailMessageId);
      if (again) return again;
      const junk = await tx.junk.create({
        data: {
          accountId, emailMessageId, raw: new Uint8Array(raw), subject: (mail.subject ?? '').trim().slice(0, MAX_SUBJECT) || '(no subject)',
          from: addressText(mail.from), fromAddress: from.address, fromName: from.name.slice(0, 1000), cc: addressText(mail.cc),
          texts: texts as unknown as Prisma.InputJsonValue, plainText: plainTextOf(texts), sentTime,
        },
        select: { id: true },
      });
      // The same total limit as a conversation's: files past it are kept, unavailable.
      let total = 0;
      for (const file of files) {
        if (file.isAvailable && total + file.size > ctx.config.attachmentMaxConversationBytes) {
          if (file.storageKey) dropped.push(file.storageKey);
          Object.assign(file, { isAvailable: false, refusal: `the mail's attachments would exceed the ${ctx.config.attachmentMaxConversationBytes} byte limit` });
        }
        if (file.isAvailable) total += file.size;
        await tx.attachment.create({
          data: {
            id: file.id, junkId: junk.id, type: file.type, mimetype: file.mimetype, fileName: file.fileName, size: file.size,
            storageKey: file.isAvailable ? file.storageKey : null, isAvailable: file.isAvailable, originalId: file.contentId,
            scale: file.inline ? 'inline' : null, text: file.refusal,
          },
        });
      }
      return {
        junk: true, junkId: String(junk.id), emailMessageId, duplicate: false,
        attachments: files.map((f) => ({ id: f.id, fileName: f.fileName, isAvailable: f.isAvailable, size: f.size, reason: f.refusal })),
      } satisfies JunkedMail;
    });
    await removeFiles(ctx, result.duplicate ? files.map((f) => f.storageKey) : dropped);
    return result;
  } catch (error) {
    await removeFiles(ctx, files.map((f) => f.storageKey));
    throw error;
  }
}

async function removeFiles(ctx: Pick<InboundContext, 'config'>, keys: (string | null)[]) {
  const storage = storageFor(ctx.config);
  for (const key of keys) if (key) await storage.delete(key).catch(() => undefined);
}

/** A junk id from the path or an argument: an unknown or malformed one is a 404 (nothing to find). */
export function junkId(raw: string | number): number {
  const text = String(raw).trim();
  if (!/^[0-9]{1,9}$/.test(text)) throw notFound('junk', raw);
  return Number(text);
}

export async function findJunk(db: Tx | ServiceContext['prisma'], rawId: string): Promise<JunkRow> {
  const id = junkId(rawId);
  const found = await db.junk.findUnique({ where: { id }, omit: omitRaw });
  if (!found) throw notFound('junk', rawId);
  return found;
}

/** Locks the junk row for this transaction (concurrent deletes and updates queue); false when it is gone. */
async function lockJunk(tx: Tx, id: number): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Junk" WHERE id = ${id} FOR UPDATE`;
  return rows.length > 0;
}

export async function setJunkRead(ctx: ServiceContext, rawId: string, isRead: unknown): Promise<JunkRow> {
  if (isRead === undefined || isRead === null) throw invalidField('isRead', 'is required');
  if (typeof isRead !== 'boolean') throw invalidField('isRead', `must be true or false, got ${JSON.stringify(isRead)}`);
  const id = junkId(rawId);
  return inTransaction(ctx, async (tx) => {
    if (!(await lockJunk(tx, id))) throw notFound('junk', rawId);
    return tx.junk.update({ where: { id }, data: { isRead }, omit: omitRaw });
  });
}

/** Deletes the junk row and its attachment rows in one transaction; the stored files after commit (attachments.deleteFiles). */
async function deleteJunkTx(tx: Tx, id: number): Promise<JunkRow | null> {
  if (!(await lockJunk(tx, id))) return null;
  const found = await tx.junk.findUniqueOrThrow({ where: { id }, omit: omitRaw });
  const attachments = await tx.attachment.findMany({ where: { junkId: id }, select: { storageKey: true } });
  await tx.attachment.deleteMany({ where: { junkId: id } });
  await tx.junk.delete({ where: { id } });
  await enqueueFileDeletion(tx, attachments.map((a) => a.storageKey));
  return found;
}

export async function deleteJunk(ctx: ServiceContext, rawId: string): Promise<JunkRow> {
  const id = junkId(rawId);
  return inTransaction(ctx, async (tx) => {
    const deleted = await deleteJunkTx(tx, id);
    if (!deleted) throw notFound('junk', rawId);
    return deleted;
  });
}

/**
 * Not junk: the stored mail becomes a normal conversation (or joins the one it replies to) through
 * the inbound pipeline with the block check skipped; then the junk is gone. Returns the conversation.
 */
export async function notJunk(ctx: ServiceContext, rawId: string) {
  const id = junkId(rawId);
  const junk = await ctx.prisma.junk.findUnique({ where: { id }, select: { id: true, accountId: true, raw: true } });
  if (!junk) throw notFound('junk', rawId);
  const account = await ctx.prisma.integrationAccount.findUnique({ where: { id: junk.accountId }, select: { id: true } });
  if (!account) throw conflict(`The integration account ${junk.accountId} this mail came to no longer exists`);
  const result = await receiveEmail(ctx, String(junk.accountId), Buffer.from(junk.raw), { skipSenderCheck: true });
  if ('junk' in result) throw new AppError('CONFLICT', 'The mail was kept as junk again');
  await inTransaction(ctx, (tx) => deleteJunkTx(tx, id));
  return ctx.prisma.conversation.findUniqueOrThrow({ where: { id: result.conversationId } });
}

// ─── List ──────────────────────────────────────────────────────────────────

export interface JunkListFilter {
  keywords?: string | null;
  timeFrom?: string | null;
  timeTo?: string | null;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The WHERE over "j" of a junk list: keywords in the subject, From or text; time within [timeFrom, timeTo]. */
export function junkListWhere(filter: JunkListFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  const keywords = filter.keywords?.trim();
  if (keywords) {
    if (keywords.length > 500) throw invalidField('keywords', 'must be at most 500 characters');
    const pattern = likePattern(keywords);
    parts.push(Prisma.sql`(j.subject ILIKE ${pattern} OR j."from" ILIKE ${pattern} OR j."fromAddress" ILIKE ${pattern} OR j."plainText" ILIKE ${pattern})`);
  }
  const timeFrom = filter.timeFrom ? parseListTime(filter.timeFrom, 0, 'timeFrom') : null;
  const timeTo = filter.timeTo ? parseListTime(filter.timeTo, 0, 'timeTo') : null;
  if (timeFrom && timeTo && timeFrom > timeTo) throw invalidField('timeFrom', 'must not be after timeTo');
  if (timeFrom) parts.push(Prisma.sql`j.time >= ${timeFrom}`);
  if (timeTo) parts.push(Prisma.sql`j.time <= ${timeTo}`);
  return Prisma.join(parts, ' AND ');
}
