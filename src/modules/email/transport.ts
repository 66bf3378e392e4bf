/**
 * Which SMTP server and From an outgoing email uses (README "Outgoing email" → "Which account
 * sends"). Chosen by the `email.send` job at delivery time, not when the email is queued, so a
 * retry after an admin fixed an account's SMTP settings uses the fixed settings.
 *
 *  1. The account: the email integration account whose address is the message's `from` (the
 *     spec's "one of email account address"), else the account the conversation was received by
 *     (`receivedBy`, an email account's id, or its address). Emails without a conversation have no account.
 *  2. That account has SMTP settings (a host): its server, with its username / password, and From
 *     `"<account name>" <account address>` (MAIL_FROM when the account has no address).
 *  3. Otherwise SMTP_URL with From MAIL_FROM; when there is an account with an address, Reply-To is
 *     that address, so the contact's answer reaches the account's inbound mail.
 *  4. Neither: outgoing email is off for this email (SMTP_OFF).
 *
 * Transporters are cached: one per SMTP_URL, one per account. An account's entry remembers a
 * fingerprint of the settings it was built from; the job reads the account row at every delivery
 * (it needs the address anyway) and a different fingerprint (an admin updated the account, in this
 * process or any other) closes the old transporter and builds a new one. No cross-process message
 * is needed: the row is the truth. Transporters are not pooled (one connection per email), so
 * nothing stays open between emails.
 */
import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.js';
import type { IntegrationAccount, PrismaClient } from '../../generated/prisma/client.js';

type Db = Pick<PrismaClient, 'integrationAccount' | 'conversation' | 'message'>;

export const SMTP_OFF = 'SMTP_URL is not set: outgoing email is off, nothing was sent';

export interface MailRoute {
  transport: Transporter;
  /** The From header (display name and address). */
  from: string;
  /** Just the address of From (recorded on the outbox row). */
  fromAddress: string;
  replyTo: string | null;
  /** The account whose SMTP settings are used; null: SMTP_URL. */
  accountId: number | null;
}

const byUrl = new Map<string, Transporter>();
const byAccount = new Map<number, { fingerprint: string; transport: Transporter }>();

/** One nodemailer transport per SMTP_URL. */
export function transportFor(smtpUrl: string): Transporter {
  let transport = byUrl.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    byUrl.set(smtpUrl, transport);
  }
  return transport;
}

function fingerprintOf(account: IntegrationAccount): string {
  return createHash('sha256')
    .update(JSON.stringify([account.smtpHost, account.smtpPort, account.smtpSecure, account.smtpUsername, account.smtpPassword]))
    .digest('hex');
}

/** The account's transporter, rebuilt when its SMTP settings changed since it was cached. */
export function accountTransport(account: IntegrationAccount & { smtpHost: string }): Transporter {
  const fingerprint = fingerprintOf(account);
  const cached = byAccount.get(account.id);
  if (cached?.fingerprint === fingerprint) return cached.transport;
  cached?.transport.close();
  const port = account.smtpPort ?? (account.smtpSecure ? 465 : 587);
  const transport = nodemailer.createTransport({
    host: account.smtpHost,
    port,
    secure: account.smtpSecure ?? port === 465,
    ...(account.smtpUsername ? { auth: { user: account.smtpUsername, pass: account.smtpPassword ?? '' } } : {}),
  });
  byAccount.set(account.id, { fingerprint, transport });
  return transport;
}

const quoteName = (name: string) => `"${name.replace(/[\\"]/g, '\\$&').replace(/[\r\n]+/g, ' ')}"`;
const addressOf = (from: string) => (/<([^<>]+)>/.exec(from)?.[1] ?? from).trim();

/** The account that sends this email (see the module comment), or null. */
export async function sendingAccount(db: Db, email: { conversationId: number | null; messageId: string | null }): Promise<IntegrationAccount | null> {
  if (email.conversationId === null) return null;
  const message = email.messageId ? await db.message.findUnique({ where: { id: email.messageId }, select: { from: true } }) : null;
  const from = message?.from ? addressOf(message.from).toLowerCase() : null;
  if (from) {
    const named = await db.integrationAccount.findUnique({ where: { address: from } });
    if (named && named.channelId === 'email') return named;
  }
  const conversation = await db.conversation.findUnique({ where: { id: email.conversationId }, select: { receivedBy: true } });
  const receivedBy = conversation?.receivedBy?.trim();
  if (!receivedBy) return null;
  // The spec's receivedBy is the account id; an account's address is accepted too.
  const account = /^\d{1,9}$/.test(receivedBy)
    ? await db.integrationAccount.findUnique({ where: { id: Number(receivedBy) } })
    : receivedBy.includes('@') ? await db.integrationAccount.findUnique({ where: { address: receivedBy.toLowerCase() } }) : null;
  return account && account.channelId === 'email' ? account : null;
}

/** The route of one email, or the reason it cannot be sent (no account SMTP and no SMTP_URL). */
export async function routeFor(db: Db, config: Pick<Config, 'smtpUrl' | 'mailFrom'>, email: { conversationId: number | null; messageId: string | null }): Promise<MailRoute | { off: string }> {
  const account = await sendingAccount(db, email);
  if (account?.smtpHost) {
    const from = account.address ? `${quoteName(account.name)} <${account.address}>` : config.mailFrom;
    return { transport: accountTransport(account as IntegrationAccount & { smtpHost: string }), from, fromAddress: addressOf(from), replyTo: null, accountId: account.id };
  }
  if (!config.smtpUrl) return { off: SMTP_OFF };
  return { transport: transportFor(config.smtpUrl), from: config.mailFrom, fromAddress: addressOf(config.mailFrom), replyTo: account?.address ?? null, accountId: null };
}
