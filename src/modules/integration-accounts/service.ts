/**
 * Integration accounts (spec "# Integration Accounts"): id, name, channelId. Email accounts
 * (channelId `email`) also hold, admin-only, an address (unique, case-insensitive), SMTP settings
 * for sending and IMAP settings for fetching. Passwords are write-only: stored, never returned
 * (the GraphQL type has `hasPassword` instead). Every write is one transaction; bad input is a 400
 * naming the field and writes nothing. Deleting an account that conversations name in
 * `receivedBy` is a 409 (no soft delete: the account stays until those conversations go).
 */
import type { IntegrationAccount, Prisma } from '../../generated/prisma/client.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { conflict, invalidField, notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';
import { armImapFetch } from '../inbound-email/imap-jobs.js';

type Db = Tx | ServiceContext['prisma'];
export type IntegrationAccountRow = IntegrationAccount;

export const EMAIL_CHANNEL = 'email';

export interface MailServerInput {
  host?: string | null;
  port?: number | null;
  secure?: boolean | null;
  username?: string | null;
  password?: string | null;
  mailbox?: string | null;
}

export interface IntegrationAccountInput {
  name?: string | null;
  channelId?: string | null;
  address?: string | null;
  smtp?: MailServerInput | null;
  imap?: MailServerInput | null;
}

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

function validName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidField('name', 'is required');
  if (value.length > 200) throw invalidField('name', 'must be at most 200 characters');
  return value.trim();
}

function validChannel(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidField('channelId', 'is required');
  const channel = value.trim();
  if (channel.length > 100 || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(channel)) {
    throw invalidField('channelId', `must be a channel name such as email, got ${JSON.stringify(value)}`);
  }
  return channel;
}

export function normalizeAddress(value: string): string {
  return value.trim().toLowerCase();
}

function validAddress(value: unknown): string {
  if (typeof value !== 'string' || !EMAIL_RE.test(value.trim()) || value.length > 320) {
    throw invalidField('address', `must be an email address, got ${JSON.stringify(value)}`);
  }
  return normalizeAddress(value);
}

function optionalText(field: string, value: unknown, max = 500): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw invalidField(field, 'must be a string');
  if (value.length > max) throw invalidField(field, `must be at most ${max} characters`);
  return value;
}

function serverData(prefix: 'smtp' | 'imap', input: MailServerInput | null | undefined): Prisma.IntegrationAccountUncheckedUpdateInput {
  const data: Record<string, unknown> = {};
  if (input === undefined) return data;
  const source = input ?? { host: null, port: null, secure: null, username: null, password: null, mailbox: null };
  if (input !== null && (typeof input !== 'object' || Array.isArray(input))) throw invalidField(prefix, 'must be an object');
  const host = optionalText(`${prefix}.host`, source.host, 255);
  if (host !== undefined) {
    if (host !== null && !/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(host)) throw invalidField(`${prefix}.host`, `must be a host name, got ${JSON.stringify(host)}`);
    data[`${prefix}Host`] = host;
  }
  if (source.port !== undefined) {
    if (source.port !== null && (typeof source.port !== 'number' || !Number.isInteger(source.port) || source.port < 1 || source.port > 65535)) {
      throw invalidField(`${prefix}.port`, `must be a port number 1-65535, got ${JSON.stringify(source.port)}`);
    }
    data[`${prefix}Port`] = source.port;
  }
  if (source.secure !== undefined) {
    if (source.secure !== null && typeof source.secure !== 'boolean') throw invalidField(`${prefix}.secure`, 'must be true or false');
    data[`${prefix}Secure`] = source.secure;
  }
  const username = optionalText(`${prefix}.username`, source.username);
  if (username !== undefined) data[`${prefix}Username`] = username;
  const password = optionalText(`${prefix}.password`, source.password, 1000);
  if (password !== undefined) data[`${prefix}Password`] = password;
  if (prefix === 'imap') {
    const mailbox = optionalText('imap.mailbox', source.mailbox, 255);
    if (mailbox !== undefined) data.imapMailbox = mailbox;
  } else if (source.mailbox !== undefined && source.mailbox !== null) {
    throw invalidField('smtp.mailbox', 'is an IMAP setting');
  }
  return data as Prisma.IntegrationAccountUncheckedUpdateInput;
}

/** The email-only settings of the input: refused (400) on other channels. */
function emailData(channelId: string, input: IntegrationAccountInput): Prisma.IntegrationAccountUncheckedUpdateInput {
  const isEmail = channelId === EMAIL_CHANNEL;
  for (const field of ['address', 'smtp', 'imap'] as const) {
    if (!isEmail && input[field] !== undefined && input[field] !== null) throw invalidField(field, `is only for email accounts (channelId ${EMAIL_CHANNEL})`);
  }
  const data: Prisma.IntegrationAccountUncheckedUpdateInput = { ...serverData('smtp', input.smtp), ...serverData('imap', input.imap) };
  if (input.address !== undefined) data.address = input.address === null || input.address === '' ? null : validAddress(input.address);
  return data;
}

async function checkAddressFree(tx: Tx, address: unknown, exceptId: number | null) {
  if (typeof address !== 'string') return;
  const taken = await tx.integrationAccount.findUnique({ where: { address }, select: { id: true } });
  if (taken && taken.id !== exceptId) throw invalidField('address', `is already the address of integration account ${taken.id}`);
}

export async function listIntegrationAccounts(db: Db, channelId?: string | null): Promise<IntegrationAccountRow[]> {
  const where = channelId ? { channelId: validChannel(channelId) } : {};
  return db.integrationAccount.findMany({ where, orderBy: { id: 'asc' } });
}

export async function findIntegrationAccount(db: Db, id: string | number): Promise<IntegrationAccountRow> {
  const accountId = intId('IntegrationAccount', id);
  const account = await db.integrationAccount.findUnique({ where: { id: accountId } });
  if (!account) throw notFound('integration account', id);
  return account;
}

export async function createIntegrationAccount(ctx: ServiceContext, input: IntegrationAccountInput) {
  const name = validName(input.name);
  const channelId = validChannel(input.channelId);
  const data = emailData(channelId, input);
  return inTransaction(ctx, async (tx) => {
    await checkAddressFree(tx, data.address, null);
    const account = await tx.integrationAccount.create({ data: { ...(data as Prisma.IntegrationAccountUncheckedCreateInput), name, channelId } });
    // IMAP settings saved: the first fetch round now (src/modules/inbound-email/imap.ts).
    if (account.channelId === EMAIL_CHANNEL && account.imapHost) await armImapFetch(tx, account.id, new Date(), 'replace');
    return account;
  });
}

/** The spec updates the name; admins may also change the email settings (channelId is fixed). */
export async function updateIntegrationAccount(ctx: ServiceContext, id: string | number, input: IntegrationAccountInput) {
  return inTransaction(ctx, async (tx) => {
    const existing = await findIntegrationAccount(tx, id);
    await tx.$executeRaw`SELECT 1 FROM "IntegrationAccount" WHERE id = ${existing.id} FOR UPDATE`;
    if (input.channelId !== undefined && input.channelId !== null && input.channelId !== existing.channelId) {
      throw invalidField('channelId', 'cannot be changed: create a new account');
    }
    const data = emailData(existing.channelId, input);
    if (input.name !== undefined) data.name = validName(input.name);
    await checkAddressFree(tx, data.address, existing.id);
    const account = await tx.integrationAccount.update({ where: { id: existing.id }, data });
    if (input.imap !== undefined && account.channelId === EMAIL_CHANNEL && account.imapHost) await armImapFetch(tx, account.id, new Date(), 'replace');
    return account;
  });
}

export async function deleteIntegrationAccount(ctx: ServiceContext, id: string | number) {
  return inTransaction(ctx, async (tx) => {
    const existing = await findIntegrationAccount(tx, id);
    await tx.$executeRaw`SELECT 1 FROM "IntegrationAccount" WHERE id = ${existing.id} FOR UPDATE`;
    const used = await tx.conversation.count({ where: { receivedBy: String(existing.id) } });
    if (used) throw conflict(`The integration account ${existing.id} received ${used} conversation(s): it cannot be deleted while they exist`);
    await tx.integrationAccount.delete({ where: { id: existing.id } });
    return existing;
  });
}
