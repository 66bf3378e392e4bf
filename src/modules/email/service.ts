/**
 * Outgoing email (README "Outgoing email"). Every email is a row of the outbox ("OutboundEmail"),
 * written inside the transaction of the write that wants it (a trigger run, an agent's email
 * reply) together with its `email.send` job, so it exists exactly when that write commits; the job
 * delivers it over SMTP (nodemailer: the conversation's email account, else SMTP_URL; ./transport.ts) after the commit and records the outcome on the row
 * (queued → sent, or failed with attempts and the last error) and on the message it delivers
 * (`sendStatus`: sending → sucess | fail).
 *
 * Idempotency: a producer gives each email a `dedupeKey` (a trigger's: event, trigger, recipient;
 * a reply's: the message id); writing it again (a retried trigger batch) writes nothing and
 * enqueues nothing. Delivery is at least once across a crash between the SMTP answer and the row's
 * update (then the same Message-ID arrives twice, which mail clients collapse).
 *
 * Threading: each email has a Message-ID `<uuid@domain of MAIL_FROM>`; within a conversation each
 * one is In-Reply-To the previous outgoing email of that conversation to the same address (the first one to the
 * conversation's root id `<conversation-<id>@domain>`), and References lists the root and that
 * parent, so replies can be threaded back to their conversation by any of those ids.
 */
import { randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import type { Config } from '../../config.js';
import { enqueueJob } from '../../engine/jobs/index.js';
import type { Tx } from '../../engine/write.js';
import { invalidField } from '../../graphql/errors.js';

export interface QueueEmailInput {
  dedupeKey: string;
  conversationId: number | null;
  messageId?: string | null;
  triggerId?: number | null;
  to: string;
  recipientType: 'contact' | 'agent';
  subject: string;
  html?: string | null;
  text: string;
  attachmentId?: string | null;
  autoSubmitted: boolean;
  /** Cc addresses, comma-separated (already validated: parseCc). */
  cc?: string | null;
}

/** The domain part of MAIL_FROM's address: the right side of every Message-ID. */
export function mailDomain(config: Pick<Config, 'mailFrom'>): string {
  const address = /<([^<>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom;
  return address.slice(address.lastIndexOf('@') + 1).trim() || 'anytime.localhost';
}

export const conversationRootId = (config: Pick<Config, 'mailFrom'>, conversationId: number) => `<conversation-${conversationId}@${mailDomain(config)}>`;

/**
 * Writes one email to the outbox and its delivery job inside `tx`. Returns the row's id, or null
 * when an email with this dedupeKey was already written (nothing is written or enqueued again).
 */
export async function queueEmail(tx: Tx, config: Config, input: QueueEmailInput): Promise<string | null> {
  const id = randomUUID();
  // Mail to a contact carries the conversation's reply token in its subject.
  const subject = input.recipientType === 'contact' && input.conversationId !== null ? withReplyToken(input.subject, input.conversationId) : input.subject;
  let inReplyTo: string | null = null;
  let references: string | null = null;
  if (input.conversationId !== null) {
    const root = conversationRootId(config, input.conversationId);
    const previous = await tx.outboundEmail.findFirst({
      where: { conversationId: input.conversationId, to: input.to },
      orderBy: [{ createdTime: 'desc' }, { id: 'desc' }],
      select: { messageIdHeader: true },
    });
    inReplyTo = previous?.messageIdHeader ?? root;
    references = previous ? `${root} ${previous.messageIdHeader}` : root;
  }
  const inserted = await tx.$executeRaw`
    INSERT INTO "OutboundEmail" ("id", "dedupeKey", "conversationId", "messageId", "triggerId", "to", "recipientType", "subject", "html", "text",
      "attachmentId", "messageIdHeader", "inReplyTo", "references", "autoSubmitted", "cc")
    VALUES (${id}::uuid, ${input.dedupeKey}, ${input.conversationId}, ${input.messageId ?? null}::uuid, ${input.triggerId ?? null}, ${input.to}, ${input.recipientType},
      ${subject}, ${input.html ?? null}, ${input.text}, ${input.attachmentId ?? null}::uuid, ${`<${id}@${mailDomain(config)}>`}, ${inReplyTo}, ${references}, ${input.autoSubmitted},
      ${input.cc ?? null})
    ON CONFLICT ("dedupeKey") DO NOTHING`;
  if (inserted !== 1) return null;
  await enqueueJob(tx, 'email.send', { emailId: id }, { jobKey: `email:${id}`, maxAttempts: config.mailMaxAttempts });
  return id;
}

export { SMTP_OFF, transportFor } from './transport.js';

/**
 * The reply token of a conversation (README "Outgoing email" → "Reply tokens"): `[#<id>]`, added
 * at the end of the subject of every email to a contact. Inbound mail whose In-Reply-To and
 * References name nothing known is threaded by it (src/modules/inbound-email, threadOf), but only
 * when its From address is one of that conversation's contact's email identities.
 */
export const replyToken = (conversationId: number) => `[#${conversationId}]`;

/** `subject [#id]`, unless the subject already carries the token. */
export function withReplyToken(subject: string, conversationId: number): string {
  const token = replyToken(conversationId);
  return subject.includes(token) ? subject : `${subject.trim()} ${token}`.trim();
}

/** The conversation ids the subject's tokens name, last first (a reply's own token is usually the last one). */
export function replyTokensIn(subject: string | null | undefined): number[] {
  const ids = [...(subject ?? '').matchAll(/\[#(\d{1,9})\]/g)].map((m) => Number(m[1]));
  return [...new Set(ids.reverse())];
}

/** The addresses of a cc string ("a@x.example, B <b@y.example>"), or the field error. */
export function parseCc(cc: string | null | undefined, field: string): string[] {
  if (cc == null || cc.trim() === '') return [];
  const parsed = addressparser(cc, { flatten: true }) as { address?: string }[];
  const addresses = parsed.map((entry) => (entry.address ?? '').trim()).filter(Boolean);
  const bad = addresses.find((a) => !/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(a));
  if (bad !== undefined || !addresses.length || parsed.length !== addresses.length) {
    throw invalidField(field, `must be email addresses separated by commas, got ${JSON.stringify(cc)}`);
  }
  if (addresses.length > 50) throw invalidField(field, 'may name at most 50 addresses');
  return [...new Set(addresses.map((a) => a.toLowerCase()))];
}

/**
 * An agent's reply that goes out by email: type `email` (on any channel), or type `reply` on a
 * conversation of channel `email`, sent by an agent (not a contact, not the system). It goes to
 * the contact's email identity (`contactIdentityId` when it names one of the contact's email
 * identities, else the contact's first one), inside the reply's transaction, delivered after the
 * commit by the same `email.send` job; the message's sendStatus is `sending` until delivery ends
 * (`sucess` / `fail`). No email identity: sendStatus `fail` at once, nothing queued.
 */
export async function queueReplyEmail(
  tx: Tx,
  config: Config,
  conversation: { id: number; subject: string; channel: string; contactId: number | null },
  message: { id: string; type: string; senderType: string; subject: string | null; plainText: string; texts: unknown; contactIdentityId: string | null; cc?: string | null },
  /** field: where the message's fields are in the input (a 400 names `<field>.cc`); first: the conversation's first message (its subject is not a "Re:"). */
  options: { field?: string; first?: boolean } = {},
): Promise<'sending' | 'fail' | null> {
  const byEmail = message.type === 'email' || (message.type === 'reply' && conversation.channel === 'email');
  if (!byEmail || message.senderType !== 'agent') return null;
  // Cc goes along (a 400 naming the field when it is not a list of addresses: the write rolls back).
  const cc = parseCc(message.cc, `${options.field ? `${options.field}.` : ''}cc`);
  const identities = conversation.contactId
    ? await tx.contactIdentity.findMany({ where: { contactId: conversation.contactId, type: 'email' }, orderBy: { id: 'asc' }, select: { id: true, value: true } })
    : [];
  const identity = identities.find((i) => String(i.id) === message.contactIdentityId) ?? identities[0];
  if (!identity) {
    await tx.message.update({ where: { id: message.id }, data: { sendStatus: 'fail' } });
    return 'fail';
  }
  const texts = Array.isArray(message.texts) ? (message.texts as { format?: string; content?: string }[]) : [];
  const html = texts.filter((t) => t.format === 'html').map((t) => t.content ?? '').join('\n') || null;
  const subject = message.subject?.trim() || (options.first || /^re:/i.test(conversation.subject) ? conversation.subject : `Re: ${conversation.subject}`);
  await tx.message.update({ where: { id: message.id }, data: { sendStatus: 'sending' } });
  await queueEmail(tx, config, {
    dedupeKey: `reply:${message.id}`,
    conversationId: conversation.id,
    messageId: message.id,
    to: identity.value,
    recipientType: 'contact',
    subject: subject.replace(/[\r\n]+/g, ' '),
    html,
    text: message.plainText,
    autoSubmitted: false,
    cc: cc.length ? cc.join(', ') : null,
  });
  return 'sending';
}
