/**
 * The one inbound email pipeline (issue #14): a raw RFC 822 message for an email integration
 * account becomes a new email conversation, or a contact message in the conversation its
 * In-Reply-To / References name (by the Message-IDs stored on messages). Parsed with mailparser
 * (text and html parts, charsets, attachments and inline images into the attachment storage).
 *
 *  - Dedupe: one InboundDelivery per (account, Message-ID); the same mail again creates nothing
 *    and answers with what the first created. A mail without a Message-ID is keyed by the SHA-256
 *    of its bytes.
 *  - Attachments: stored under the upload limits; an oversize or blocked file (or one past the
 *    conversation's total) is kept as an unavailable attachment (its `text` says why): the mail is
 *    never lost for it.
 *  - A mail that cannot be taken in (unparseable, no From address) is an InboundFailure row with
 *    the reason, and a 422; never a crash, nothing else written.
 *  - New conversations go through createConversationTx (routing, allocation, triggers) as the
 *    contact, channel email, receivedBy the account id. The contact is found by its email
 *    identity or created (name from the From display name). A reply to a closed conversation
 *    reopens it (status new, a statusChanged event by the contact).
 * Everything a mail writes is one transaction; stored files of a rolled back mail are removed.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Viewer } from '../../auth/viewer.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { AppError, invalidField, notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';
import { storeEmbeddedFile, type StoredFile } from '../attachments/service.js';
import { storageFor } from '../attachments/storage.js';
import { addMessage, createConversationTx } from '../conversations/index.js';
import { lockConversation, setConversationStatusTx } from '../conversations/service.js';
import type { TextInput } from '../conversations/text.js';
import { EMAIL_CHANNEL } from '../integration-accounts/service.js';
import type { Logger } from '../../logger.js';
import { senderVerdict } from '../blocked-senders/service.js';
import { storeJunkMail, type JunkedMail } from '../junks/service.js';
import { autoSubmittedReason, markAutoSubmitted } from './auto-submitted.js';
import { mailDomain, replyTokensIn } from '../email/service.js';
import type { Config } from '../../config.js';

export type InboundContext = Pick<ServiceContext, 'prisma' | 'events' | 'config' | 'invalidations'> & { logger?: Logger };

export interface ReceiveOptions {
  /** notJunk (src/modules/junks): the mail was kept as junk and is let in now; no blocked-sender check. */
  skipSenderCheck?: boolean;
}

export interface InboundResult {
  conversationId: number;
  messageId: string;
  /** The mail's Message-ID (without angle brackets). */
  emailMessageId: string;
  /** true when this mail started the conversation, false when it was added to one. */
  newConversation: boolean;
  /** true when this exact mail was taken in before (nothing new was written). */
  duplicate: boolean;
  attachments: { id: string; fileName: string; isAvailable: boolean; size: number; reason: string | null }[];
}

/**
 * 403 SENDER_REJECTED: the sender is blocked with rejectEmail / rejectDomain. Nothing is stored
 * (no contact, no InboundDelivery, no InboundFailure): the one trace is this log line.
 */
function senderRejected(ctx: InboundContext, accountId: number, address: string, emailMessageId: string): AppError {
  ctx.logger?.info('inbound mail rejected: blocked sender', { accountId, from: address, emailMessageId });
  return new AppError('SENDER_REJECTED', `Mail from ${address} is refused (blocked sender)`);
}

/** 422 with the reason; the failure is recorded before this is thrown. */
export class UndeliverableMail extends AppError {
  constructor(reason: string) {
    super('UNPROCESSABLE', reason);
  }
}

const MAX_SUBJECT = 1000;
const stripId = (id: string) => id.trim().replace(/^<+|>+$/g, '').trim();

const MAIL_HEADERS = new Set(['from', 'to', 'cc', 'subject', 'date', 'message-id', 'received', 'mime-version', 'content-type', 'return-path', 'sender', 'reply-to']);

/** Whether anything parsed as a header looks like one (mailparser takes any text as headers). */
const hasMailHeaders = (mail: ParsedMail) => mail.headerLines.some((h) => MAIL_HEADERS.has(h.key) && /^[!-9;-~]+:/.test(h.line));

/** All Message-IDs named by In-Reply-To and References, most recent first. */
function referencedIds(mail: ParsedMail): string[] {
  const refs = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  const inReplyTo = mail.inReplyTo ? mail.inReplyTo.split(/\s+/) : [];
  const all = [...inReplyTo, ...[...refs].reverse()].flatMap((value) => value.split(/\s+/)).map(stripId).filter(Boolean);
  return [...new Set(all)].slice(0, 100);
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  for (const group of list) {
    for (const entry of group.value) {
      const candidates = entry.group?.length ? entry.group : [entry];
      for (const item of candidates) {
        if (item.address && /^[^\s@]+@[^\s@]+$/.test(item.address)) return { address: item.address.trim().toLowerCase(), name: (item.name ?? '').trim() };
      }
    }
  }
  return null;
}

export const addressText = (value: AddressObject | AddressObject[] | undefined) =>
  value ? (Array.isArray(value) ? value.map((v) => v.text).join(', ') : value.text) : null;

async function recordFailure(ctx: InboundContext, accountId: number, raw: Buffer, reason: string) {
  await ctx.prisma.inboundFailure.create({
    data: { accountId, reason: reason.slice(0, 2000), size: raw.length, excerpt: raw.subarray(0, 2000).toString('latin1').replace(/\u0000/g, '') },
  });
}

/** The contact of this sender: found by email identity or created (locked per address). */
async function contactFor(tx: Tx, from: { address: string; name: string }): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`contact-email:${from.address}`}))`;
  const identity = await tx.contactIdentity.findUnique({ where: { type_value: { type: 'email', value: from.address } }, select: { contactId: true } });
  if (identity) return identity.contactId;
  const contact = await tx.contact.create({ data: { name: (from.name || from.address).slice(0, 1000) } });
  await tx.contactIdentity.create({ data: { contactId: contact.id, type: 'email', value: from.address } });
  return contact.id;
}

/** The live conversation `id` is (following merges), or null when it is gone or deleted. */
async function liveConversation(tx: Tx, id: number): Promise<{ id: number; contactId: number | null } | null> {
  let current: number | null = id;
  for (let hops = 0; current !== null && hops < 10; hops++) {
    const conversation: { id: number; contactId: number | null; deletedTime: Date | null; mergedIntoId: number | null } | null = await tx.conversation.findUnique({
      where: { id: current }, select: { id: true, contactId: true, deletedTime: true, mergedIntoId: true },
    });
    if (!conversation) return null;
    if (conversation.mergedIntoId !== null) {
      current = conversation.mergedIntoId;
      continue;
    }
    return conversation.deletedTime === null ? { id: conversation.id, contactId: conversation.contactId } : null;
  }
  return null;
}

/**
 * The conversation a mail belongs to, or null (README "Outgoing email" → "Reply tokens"):
 *  1. By Message-ID: an In-Reply-To / References id stored on a message (inbound mail) or on the
 *     outbox (the unguessable `<uuid@domain>` of every outgoing email), most recent reference first.
 *  2. By token: the conversation's root id `<conversation-<id>@MAIL_FROM domain>` among the
 *     references, or a `[#<id>]` marker in the subject (outgoing mail to contacts adds it). Tokens
 *     are guessable, so one counts only when the mail's From address is an email identity of that
 *     conversation's contact: a stranger naming someone else's conversation starts a new one.
 * Merged conversations are followed to the one they were merged into; deleted ones count as none.
 */
async function threadOf(tx: Tx, refs: string[], mail: { subject: string | null | undefined; from: string; config: Pick<Config, 'mailFrom'> }): Promise<number | null> {
  if (refs.length) {
    const [inbound, outbound] = await Promise.all([
      tx.message.findMany({ where: { emailMessageId: { in: refs } }, select: { emailMessageId: true, conversationId: true }, orderBy: { time: 'desc' } }),
      tx.outboundEmail.findMany({ where: { messageIdHeader: { in: refs.map((r) => `<${r}>`) }, conversationId: { not: null } }, select: { messageIdHeader: true, conversationId: true } }),
    ]);
    for (const ref of refs) {
      const id = inbound.find((r) => r.emailMessageId === ref)?.conversationId ?? outbound.find((r) => r.messageIdHeader === `<${ref}>`)?.conversationId ?? null;
      if (id === null) continue;
      const live = await liveConversation(tx, id);
      if (live) return live.id;
    }
  }
  const rootPattern = new RegExp(`^conversation-(\\d{1,9})@${mailDomain(mail.config).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
  const tokens = [...refs.flatMap((ref) => rootPattern.exec(ref)?.[1] ?? []).map(Number), ...replyTokensIn(mail.subject)];
  for (const token of [...new Set(tokens)].slice(0, 10)) {
    const live = await liveConversation(tx, token);
    if (!live || live.contactId === null) continue;
    const own = await tx.contactIdentity.findFirst({ where: { contactId: live.contactId, type: 'email', value: { equals: mail.from, mode: 'insensitive' } }, select: { id: true } });
    if (own) return live.id;
  }
  return null;
}

export function textsOf(mail: ParsedMail): TextInput[] {
  const texts: TextInput[] = [];
  if (typeof mail.html === 'string' && mail.html.trim()) texts.push({ format: 'html', content: mail.html });
  else if (mail.text && mail.text.trim()) texts.push({ format: 'plaintext', content: mail.text });
  if (!texts.length) texts.push({ format: 'plaintext', content: mail.subject?.trim() || '(no text)' });
  return texts;
}

async function existingDelivery(db: Tx | InboundContext['prisma'], accountId: number, emailMessageId: string): Promise<InboundResult | null> {
  const found = await db.inboundDelivery.findUnique({ where: { accountId_emailMessageId: { accountId, emailMessageId } } });
  if (!found) return null;
  const attachments = await db.attachment.findMany({ where: { messageId: found.messageId }, orderBy: { createdTime: 'asc' } });
  return {
    conversationId: found.conversationId, messageId: found.messageId, emailMessageId, newConversation: found.createdNew, duplicate: true,
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.fileName, isAvailable: a.isAvailable, size: a.size, reason: a.isAvailable ? null : a.text })),
  };
}

/** Takes one raw mail in for the account (see the module comment). */
export async function receiveEmail(ctx: InboundContext, accountIdRaw: string, raw: Buffer, options: ReceiveOptions = {}): Promise<InboundResult | JunkedMail> {
  const accountId = intId('IntegrationAccount', accountIdRaw);
  const account = await ctx.prisma.integrationAccount.findUnique({ where: { id: accountId } });
  if (!account) throw notFound('integration account', accountIdRaw);
  if (account.channelId !== EMAIL_CHANNEL) throw invalidField('id', `must be an email integration account (channelId ${EMAIL_CHANNEL}), account ${account.id} is ${account.channelId}`);

  let mail: ParsedMail;
  try {
    if (!raw.length) throw new Error('the message is empty');
    mail = await simpleParser(raw, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  } catch (error) {
    const reason = `The message could not be parsed: ${(error as Error).message}`;
    await recordFailure(ctx, account.id, raw, reason);
    throw new UndeliverableMail(reason);
  }
  const from = firstAddress(mail.from) ?? firstAddress(mail.replyTo);
  if (!from) {
    const reason = hasMailHeaders(mail) ? 'The message has no valid From address' : 'The message could not be parsed: no RFC 822 headers found';
    await recordFailure(ctx, account.id, raw, reason);
    throw new UndeliverableMail(reason);
  }
  const emailMessageId = (mail.messageId && stripId(mail.messageId)) || `sha256-${createHash('sha256').update(raw).digest('hex')}@inbound.invalid`;
  const before = await existingDelivery(ctx.prisma, account.id, emailMessageId);
  if (before) return before;
  // Blocked senders (src/modules/blocked-senders): refused with nothing stored, or kept as junk.
  const verdict = options.skipSenderCheck ? null : await senderVerdict(ctx.prisma, from.address);
  if (verdict === 'reject') throw senderRejected(ctx, account.id, from.address, emailMessageId);
  if (verdict === 'junk') return storeJunkMail(ctx, account.id, raw, mail, emailMessageId, from);

  // Files first (streamed to storage outside the transaction); removed again if it rolls back.
  const files: (StoredFile & { contentId: string | null; inline: boolean })[] = [];
  try {
    for (const part of mail.attachments) {
      const stored = await storeEmbeddedFile(ctx.config, { fileName: part.filename ?? (part.contentId ? `inline-${stripId(part.contentId)}` : null), content: part.content, contentType: part.contentType });
      files.push({ ...stored, contentId: part.contentId ? stripId(part.contentId) : null, inline: part.contentDisposition === 'inline' || Boolean(part.related) });
    }
    const subject = (mail.subject ?? '').trim().slice(0, MAX_SUBJECT) || '(no subject)';
    const texts = textsOf(mail);
    const refs = referencedIds(mail);
    // Auto-replies and bounces: stored as normal, every event of this write marked (./auto-submitted.ts).
    const autoSubmitted = autoSubmittedReason(mail, from.address) !== null;
    const result = await inTransaction({ ...ctx, viewer: { kind: 'automation', ruleType: 'system', ruleId: `inbound-email:${account.id}` } }, async (tx, logEmit) => {
      const emit = autoSubmitted ? markAutoSubmitted(logEmit) : logEmit;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`inbound:${account.id}:${emailMessageId}`}))`;
      const again = await existingDelivery(tx, account.id, emailMessageId);
      if (again) return again;
      const contactId = await contactFor(tx, from);
      const viewer: Viewer = { kind: 'contact', contactId, clientId: `inbound-email:${account.id}` };
      const message = {
        type: 'email', texts, subject, from: addressText(mail.from), cc: addressText(mail.cc), accountId: String(account.id), source: 'API',
      };
      const threadId = await threadOf(tx, refs, { subject: mail.subject, from: from.address, config: ctx.config });
      let conversationId: number;
      let messageId: string;
      if (threadId !== null) {
        const locked = await lockConversation(tx, threadId);
        // A reply to a closed conversation reopens it (status new), as the contact.
        const conversation = locked.status === 'closed' ? await setConversationStatusTx(tx, emit, locked, 'new', { by: 'contact', contactId, via: 'email' }) : locked;
        const added = await addMessage(tx, emit, { viewer, config: ctx.config }, conversation, message, {
          sender: { type: 'contact', id: String(contactId), directType: 'receive' },
        });
        conversationId = conversation.id;
        messageId = added.id;
      } else {
        const created = await createConversationTx(tx, emit, { viewer, config: ctx.config }, { subject, channel: 'email', receivedBy: String(account.id), message });
        conversationId = created.id;
        messageId = (await tx.message.findFirstOrThrow({ where: { conversationId }, select: { id: true } })).id;
      }
      await tx.message.update({ where: { id: messageId }, data: { emailMessageId } });
      // The conversation's total limit: files past it are kept, unavailable.
      const used = (await tx.attachment.aggregate({ where: { conversationId, isAvailable: true }, _sum: { size: true } }))._sum.size ?? 0;
      let total = used;
      for (const file of files) {
        if (file.isAvailable && total + file.size > ctx.config.attachmentMaxConversationBytes) {
          Object.assign(file, { isAvailable: false, refusal: `the conversation's attachments would exceed the ${ctx.config.attachmentMaxConversationBytes} byte limit`, droppedKey: file.storageKey });
        }
        if (file.isAvailable) total += file.size;
        await tx.attachment.create({
          data: {
            id: file.id, messageId, conversationId, type: file.type, mimetype: file.mimetype, fileName: file.fileName, size: file.size,
            storageKey: file.isAvailable ? file.storageKey : null, isAvailable: file.isAvailable, originalId: file.contentId,
            scale: file.inline ? 'inline' : null, text: file.refusal, uploadedByType: 'contact', uploadedById: String(contactId),
          },
        });
      }
      await tx.inboundDelivery.create({ data: { accountId: account.id, emailMessageId, conversationId, messageId, createdNew: threadId === null } });
      return {
        conversationId, messageId, emailMessageId, newConversation: threadId === null, duplicate: false,
        attachments: files.map((f) => ({ id: f.id, fileName: f.fileName, isAvailable: f.isAvailable, size: f.size, reason: f.refusal })),
      } satisfies InboundResult;
    });
    if (result.duplicate) await removeFiles(ctx, files.map((f) => f.storageKey));
    else await removeFiles(ctx, files.filter((f) => !f.isAvailable).map((f) => f.storageKey));
    return result;
  } catch (error) {
    await removeFiles(ctx, files.map((f) => f.storageKey));
    throw error;
  }
}

async function removeFiles(ctx: InboundContext, keys: (string | null)[]) {
  const storage = storageFor(ctx.config);
  for (const key of keys) if (key) await storage.delete(key).catch(() => undefined);
}
